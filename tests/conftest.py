"""Shared fixtures. Paths are built from this file's folder, never the working directory.

The tests exercise the *installed* idlibstats (pytest runs in importlib mode and adds nothing
to sys.path); ``test_package.py`` checks that what is installed is what this checkout holds.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import fixture_specs
import pytest

import idlibstats
from idlibstats.package.folder import DataPackage

REPO = Path(__file__).resolve().parent.parent


def copy_under_test() -> str:
    """Which idlibstats the suite exercises: the installed wheel, or this checkout itself."""
    where = Path(idlibstats.__file__).resolve().parent
    kind = "this checkout (not an installed copy)" if where.parent == REPO else "an installed copy"
    return f"idlibstats under test: {kind} at {where}"


def pytest_report_header() -> str:
    return copy_under_test()


class FixturePackages(Mapping[str, Path]):
    """The fixture packages of fixture_specs.py, built: the folder of each by name.

    They lie in ``folder`` = ``workdir``/tests/fixtures, laid out as in a checkout, so that a path
    given relative to ``workdir`` reads as it would relative to the repository.
    """

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.folder = workdir / "tests" / "fixtures"
        self._built = fixture_specs.build_all(self.folder)

    def __getitem__(self, name: str) -> Path:
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built)

    def __len__(self) -> int:
        return len(self._built)


@pytest.fixture(scope="session")
def fixture_packages(tmp_path_factory: pytest.TempPathFactory) -> FixturePackages:
    """Every spec of fixture_specs.py built once per session into a temporary folder; nothing is committed."""
    return FixturePackages(tmp_path_factory.mktemp("fixture-packages"))


@pytest.fixture(scope="session")
def shipped() -> DataPackage:
    return DataPackage.shipped()


@pytest.fixture
def package_copy(tmp_path: Path, shipped: DataPackage) -> DataPackage:
    """A writable copy of the shipped package (its descriptor, data/ and seeds/), to break on purpose."""
    root = tmp_path / "package"
    root.mkdir()
    shutil.copy2(shipped.root / "datapackage.json", root / "datapackage.json")
    for folder in ("data", "seeds"):
        shutil.copytree(shipped.root / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return DataPackage.open(root)


@pytest.fixture
def before(package_copy: DataPackage) -> DataPackage:
    """A package as published: the copy a change starts from."""
    return package_copy


@pytest.fixture
def after(before: DataPackage, tmp_path: Path) -> DataPackage:
    """A second copy of ``before``, to change and compare with it."""
    root = tmp_path / "after"
    shutil.copytree(before.root, root)
    return DataPackage.open(root)
