"""Disagreements side by side: every claim about the same quantity, lined up.

Two claims are about the same quantity when they are in the same table, count the same
measure (the fields listed as ``idlibstats.measure`` for the table in datapackage.json,
e.g. outcome, victim group, area and subgroup for casualties) and their periods overlap.
Overlap chains: claims A and C share a group when B overlaps both. ``within_days`` widens
the overlap, so that stocks reported as of nearby days (a fact sheet "as of 27 February" and
an article of 10 February) can be set side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from idlibstats.errors import CompareError
from idlibstats.package.contract import Table
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd

SHOWN = ["claim_id", "claimant", "period_start", "period_end", "stated_as", "qualifier",
         "value_low", "value_best", "value_high", "source_id"]


def compare(
    table: str,
    *,
    within_days: int = 0,
    single: bool = False,
    package: DataPackage | None = None,
    **filters: object,
) -> pd.DataFrame:
    """Line up the active claims of ``table`` about the same quantity.

    Returns one row per claim with a ``group`` number, the measure fields, and the claim's
    claimant, period, wording, qualifier, bounds and source, sorted by group then period.
    ``filters`` keep rows whose column equals the value (``asylum_iso3="TUR"``). Groups of a
    single claim are left out unless ``single`` is true.
    """
    from idlibstats.frames.loading import load

    package = package or DataPackage.shipped()
    contract = table_contract(package, table)
    if not contract.is_claims:
        raise CompareError(f"{table!r} is not a claims table; compare works on claims tables")
    frame = apply_filters(load(table, package=package), filters, contract)
    grouped = assign_groups(frame, contract, within_days)
    if not single:
        sizes = grouped.groupby("group")["claim_id"].transform("size")
        grouped = grouped[sizes > 1]
        grouped["group"] = grouped["group"].rank(method="dense").astype(int)
    start, end = contract.period  # type: ignore[misc]  # every claims table declares its period
    columns = ["group", *contract.measure, *SHOWN]
    order = ["group", end, start, contract.primary_key[0]]
    return grouped[columns].sort_values(order).reset_index(drop=True)


def apply_filters(frame: pd.DataFrame, filters: dict[str, object], table: Table) -> pd.DataFrame:
    for column, value in filters.items():
        if column not in frame.columns:
            message = f"no column {column!r} in {table.name}; columns: {', '.join(frame.columns)}"
            raise CompareError(message, field=column, value=value)
        text = frame[column].astype("string")
        if str(frame[column].dtype).startswith("datetime"):
            text = frame[column].dt.strftime("%Y-%m-%d").astype("string")
        frame = frame[(text == str(value)).fillna(False).astype(bool)]
    return frame


def assign_groups(frame: pd.DataFrame, table: Table, within_days: int) -> pd.DataFrame:
    """Number the groups: same measure, periods overlapping (within ``within_days``)."""
    import pandas as pd

    frame = frame.copy()
    keys = frame[list(table.measure)].astype("string").fillna("")
    frame["_measure"] = keys.agg("\x1f".join, axis=1) if len(frame) else pd.Series(dtype="string")
    first, last = table.period  # type: ignore[misc]
    frame = frame.sort_values(["_measure", first, last])
    slack = pd.Timedelta(days=within_days)
    groups, group, measure, reach = [], 0, None, None
    for key, start, end in zip(frame["_measure"], frame[first], frame[last]):
        if key != measure or start > reach + slack:
            group += 1
            measure, reach = key, end
        reach = max(reach, end)
        groups.append(group)
    frame["group"] = groups
    return frame.drop(columns="_measure")


def stated_range(group: pd.DataFrame) -> tuple[int | None, int | None, bool]:
    """The lowest and highest figure the claims in ``group`` state, and whether any is open-ended above."""
    values = group[["value_low", "value_best", "value_high"]]
    low, high = values.min(axis=1, skipna=True).min(), values.max(axis=1, skipna=True).max()
    open_above = bool(group["value_high"].isna().any())
    return (None if low != low else int(low)), (None if high != high else int(high)), open_above
