"""Helpers for comparing a typed pandas frame with its copies in other formats, cell by cell."""

from __future__ import annotations

from typing import Any

import pandas as pd


def python_values(series: pd.Series) -> list[Any]:
    """The column as plain Python values: None for a missing cell, ``date`` for a date, ``int``, ``str``."""
    values = []
    for value in series.astype(object):
        if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
            values.append(None)
        elif isinstance(value, pd.Timestamp):
            values.append(value.date())
        elif hasattr(value, "item"):  # NumPy scalars
            values.append(value.item())
        else:
            values.append(value)
    return values
