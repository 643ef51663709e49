"""Sites built once per test session, for the tests that only read them.

Building a site takes seconds; the tests that read one (test_site.py, test_browser.py) share these
builds through their session-scoped fixtures. A test that changes a package or the environment
builds its own.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from sample_claims import enrich

from idlibstats.faces import site
from idlibstats.package.folder import DataPackage

T = TypeVar("T")
_BUILT: dict[str, tuple[pytest.TempPathFactory, object]] = {}


def once(name: str, factory: pytest.TempPathFactory, make: Callable[[], T]) -> T:
    """``make()``, called once per session (``factory`` is the session's) whichever module asks first."""
    held = _BUILT.get(name)
    if held is None or held[0] is not factory:
        held = _BUILT[name] = (factory, make())
    return held[1]  # type: ignore[return-value]


def shipped_site(factory: pytest.TempPathFactory) -> Path:
    """The site of the shipped package. Read it only."""
    def make() -> Path:
        out = factory.mktemp("site")
        site.build(out)
        return out
    return once("shipped", factory, make)


def rich_site(factory: pytest.TempPathFactory) -> tuple[DataPackage, Path]:
    """A copy of the shipped package with the sample claims added (every kind of figure), and its site.

    Read both only: a test that changes a package makes its own copy (conftest's ``package_copy``).
    """
    def make() -> tuple[DataPackage, Path]:
        shipped = DataPackage.shipped()
        root = factory.mktemp("rich-package")
        shutil.copy2(shipped.root / "datapackage.json", root / "datapackage.json")
        for folder in ("data", "seeds"):
            shutil.copytree(shipped.root / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
        package = enrich(DataPackage.open(root))
        out = factory.mktemp("rich-site")
        site.build(out, package)
        return package, out
    return once("rich", factory, make)
