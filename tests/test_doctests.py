"""The examples in the public modules' docstrings run, against the installed package."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["idlibstats", "idlibstats.package.contract", "idlibstats.claims.qualifiers", "idlibstats.claims.phrases", "idlibstats.faces.extract",
           "idlibstats.validation.engine"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
