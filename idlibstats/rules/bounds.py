"""Rules on a claim's figure and period: the bounds exist, are in order, follow the qualifier; the period runs forward.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from idlibstats.claims import qualifiers
from idlibstats.rules.context import VALUES

if TYPE_CHECKING:
    import pandas as pd

    from idlibstats.package.contract import Table
    from idlibstats.rules.context import RuleContext


def value_missing(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return frame[list(VALUES)].isna().all(axis=1)


def value_order(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    low, best, high = (frame[c] for c in VALUES)
    broken = (low > best).fillna(False) | (best > high).fillna(False) | (low > high).fillna(False)
    return broken.astype(bool)


def qualifier_bounds(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return qualifiers.mismatches(frame)


def period_order(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    start, end = table.period  # type: ignore[misc]
    return (frame[end] < frame[start]).fillna(False).astype(bool)
