"""The examples in every docstring of the installed package run: each module with examples is found, none listed by hand."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import idlibstats


def modules() -> list[str]:
    names = ["idlibstats"] + [m.name for m in pkgutil.walk_packages(idlibstats.__path__, "idlibstats.")]
    # The three public aliases (idlibstats.phrases, .plot, .revisions) are their modules, tested under their own names.
    return [n for n in names if n not in ("idlibstats.__main__", "idlibstats.phrases", "idlibstats.plot",
                                          "idlibstats.revisions")]


def with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    found = []
    for name in modules():
        module = importlib.import_module(name)
        if any(test.examples for test in finder.find(module, name)):
            found.append(name)
    return found


WITH_EXAMPLES = with_examples()


def test_the_public_modules_have_examples() -> None:
    """Guard: the walk finds the modules whose examples README and the docs rely on."""
    assert {"idlibstats", "idlibstats.claims.phrases", "idlibstats.faces.citation", "idlibstats.history.releases",
            "idlibstats.validation.engine"} <= set(WITH_EXAMPLES)


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
