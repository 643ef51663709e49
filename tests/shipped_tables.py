"""The shipped package's tables, each loaded once per test session.

Tests that look a table up per source or per row call :func:`table` instead of ``idlibstats.load``:
the load (parsing, typing and checking the CSV) happens once; each call gets its own copy.
"""

from __future__ import annotations

import functools

import pandas as pd

import idlibstats


@functools.cache
def loaded(name: str, history: bool) -> pd.DataFrame:
    return idlibstats.load(name, history=history)


def table(name: str, history: bool = False) -> pd.DataFrame:
    """``idlibstats.load(name, history=history)``, loaded once; a copy, free to change."""
    return loaded(name, history).copy()
