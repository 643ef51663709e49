"""Where sources disagree: claims about the same quantity side by side, series, and conflicts found by machine.

A **quantity** is one measure over one period. Two active claims of a table are about the same
quantity when their measure fields are equal (the table's ``idlibstats.measure`` list in
datapackage.json, e.g. outcome, victim group, affiliation, perpetrator, area and subgroup for
casualties) and their periods match: the same start and the same end, each within
``within_days`` (default 0: the same days). Overlap alone never joins two claims, so a one-day
count is never set beside a nine-month total.

A **series** is the claims of one claimant on one measure that share a start and differ in their
end: a cumulative count ("displaced since 1 December 2019") as each report stated it, listed by
end date. A series whose count goes down (a later claim's highest allowed value below an earlier
one's lowest) is marked on both rows. Increments (a week, a month) start on other days and are
never folded into it.

Each claim's words allow an interval of values (:func:`idlibstats.claims.phrases.implied`: the
qualifier, the bounds, and the precision of a round figure such as "3.6 million"). Two claims of
one quantity whose intervals do not overlap **conflict**: they cannot both be true. A conflict is
a fact about the sources, never a verdict on which is right; the package picks no winner.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idlibstats.claims.phrases import ABOUT_MARGIN, Reader, implied
from idlibstats.errors import CompareError
from idlibstats.package.contract import Table
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd

SHOWN = ["claim_id", "claimant", "period_start", "period_end", "stated_as", "qualifier",
         "value_low", "value_best", "value_high", "source_id"]
DERIVED = ["quantity", "series", "series_falls", "implied_low", "implied_high", "conflicts_with"]
AREA_FIELDS = ("area_id", "origin_area_id")


def compare(
    table: str,
    *,
    within_days: int = 0,
    single: bool = False,
    conflicts: bool = False,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    area: str | None = None,
    claimant: str | None = None,
    margin: float = ABOUT_MARGIN,
    path: str | Path | None = None,
    package: DataPackage | None = None,
    **filters: object,
) -> pd.DataFrame:
    """The active claims of ``table``, one row per claim, with their quantity, series, interval and conflicts.

    Columns: ``quantity`` (the number of the claim's quantity), ``series`` (the series it belongs
    to, empty if none), ``series_falls`` (its series' count goes down at or after it),
    ``implied_low`` and ``implied_high`` (the interval its words allow, empty where unbounded),
    ``conflicts_with`` (the ids of the claims of its quantity it conflicts with, comma-separated,
    empty if none), the measure fields, and the claim's claimant, period, wording, qualifier, bounds
    and source. Claims alone in their quantity and in no series are left out unless ``single``;
    with ``conflicts``, only the quantities holding a conflict are kept.

    Filters: ``date_from``/``date_to`` keep claims whose period lies within the window; ``area``
    an area and every area within it (``areas.parent_id``); ``claimant`` one claimant; every other
    keyword a column equal to a value the contract allows (``asylum_iso3="TUR"``). ``path`` (or
    ``package``) compares a package folder instead of the installed package.
    """
    from idlibstats.frames.loading import load

    if within_days < 0:
        raise CompareError(f"--within-days must be 0 or more, got {within_days}")
    if not 0 <= margin < 1:
        raise CompareError(f"the margin of 'about' must be at least 0 and below 1, got {margin}")
    package = package or (DataPackage.open(path) if path is not None else DataPackage.shipped())
    contract = table_contract(package, table)
    if not contract.is_claims:
        claims = [t.name for t in _claims_tables(package)]
        raise CompareError(f"{table!r} is not a claims table; compare works on {', '.join(claims)}")
    frame = load(table, package=package)
    frame = apply_filters(frame, contract, package, filters, date_from, date_to, area, claimant)
    frame = with_intervals(frame, package, margin)
    frame = with_quantities(frame, contract, within_days)  # numbered 1, 2, ... over every claim the filters kept
    frame = with_series(frame, contract, within_days)
    frame = with_conflicts(frame)
    return shown(frame, contract, single, conflicts)


def _claims_tables(package: DataPackage) -> list[Table]:
    from idlibstats.package.contract import tables

    return [t for t in tables(package) if t.is_claims]


def apply_filters(frame: pd.DataFrame, contract: Table, package: DataPackage, filters: Mapping[str, object],
                  date_from: str | date | None, date_to: str | date | None, area: str | None,
                  claimant: str | None) -> pd.DataFrame:
    """The rows that pass every filter; a filter the contract does not allow is refused with what is allowed."""
    start, end = contract.period  # type: ignore[misc]  # every claims table declares its period
    for column, value in filters.items():
        frame = frame[matches(frame, contract, column, value)]
    if date_from is not None:
        frame = frame[frame[start] >= as_timestamp(date_from, "--from")]
    if date_to is not None:
        frame = frame[frame[end] <= as_timestamp(date_to, "--to")]
    if claimant is not None:
        known = sorted(frame["claimant"].dropna().unique())
        if claimant not in known:
            raise CompareError(f"no claim of {contract.name} by {claimant!r}; claimants: {', '.join(known)}",
                               value=claimant)
        frame = frame[frame["claimant"] == claimant]
    if area is not None:
        frame = frame[in_area(frame, contract, package, area)]
    return frame.reset_index(drop=True)


def matches(frame: pd.DataFrame, contract: Table, column: str, value: object) -> pd.Series:
    if column not in contract.field_names:
        raise CompareError(f"no column {column!r} in {contract.name}; columns: {', '.join(contract.field_names)}",
                           field=column, value=value)
    field = contract.field(column)
    text = str(value)
    if field.enum is not None and text not in field.enum:
        raise CompareError(f"{column} cannot be {text!r}; it is one of {', '.join(field.enum)}", field=column,
                           value=value)
    if field.type == "date":
        return (frame[column] == as_timestamp(text, column)).fillna(False).astype(bool)
    if field.type == "integer":
        if not text.lstrip("+-").isdigit():
            raise CompareError(f"{column} is a whole number, not {text!r}", field=column, value=value)
        return (frame[column] == int(text)).fillna(False).astype(bool)
    return (frame[column].astype("string") == text).fillna(False).astype(bool)


def as_timestamp(value: str | date, what: str) -> Any:
    import pandas as pd

    try:
        return pd.Timestamp(date.fromisoformat(str(value)))
    except ValueError:
        raise CompareError(f"{what} takes a date written YYYY-MM-DD, not {str(value)!r}", value=value) from None


def in_area(frame: pd.DataFrame, contract: Table, package: DataPackage, area: str) -> pd.Series:
    """Rows whose area is ``area`` or lies within it (following ``areas.parent_id``)."""
    from idlibstats.frames.loading import load

    column = next((c for c in AREA_FIELDS if c in contract.field_names), None)
    if column is None:
        raise CompareError(f"{contract.name} has no area column; --area works on tables with "
                           f"{' or '.join(AREA_FIELDS)}", value=area)
    areas = load("areas", package=package)
    parents = dict(zip(areas["area_id"], areas["parent_id"]))
    if area not in parents:
        raise CompareError(f"no area {area!r}; areas: {', '.join(sorted(parents))}", value=area)

    def within(candidate: object) -> bool:
        seen = set()
        while isinstance(candidate, str) and candidate not in seen:
            if candidate == area:
                return True
            seen.add(candidate)
            candidate = parents.get(candidate)
        return False

    return frame[column].map(within).astype(bool)


def with_intervals(frame: pd.DataFrame, package: DataPackage, margin: float) -> pd.DataFrame:
    """``implied_low`` and ``implied_high``: the values each claim's wording allows."""
    import pandas as pd

    reader = Reader.for_package(package)
    lows, highs = [], []
    for row in frame.itertuples(index=False):
        low_, best, high_ = (None if pd.isna(v) else int(v) for v in (row.value_low, row.value_best, row.value_high))
        reading = reader.read(str(row.stated_as))
        precision = reading.precision if reading.readable else 1
        low, high = implied(str(row.qualifier), low_, best, high_, precision=precision, margin=margin)
        lows.append(low)
        highs.append(high)
    frame = frame.copy()
    frame["implied_low"] = pd.array(lows, dtype="Int64")
    frame["implied_high"] = pd.array(highs, dtype="Int64")
    return frame


def measure_keys(frame: pd.DataFrame, contract: Table) -> pd.Series:
    import pandas as pd

    if not len(frame):
        return pd.Series(dtype="string")
    return frame[list(contract.measure)].astype("string").fillna("").agg("\x1f".join, axis=1)


def with_quantities(frame: pd.DataFrame, contract: Table, within_days: int) -> pd.DataFrame:
    """Number the quantities: equal measure, start and end each within ``within_days`` of the quantity's first claim."""
    import pandas as pd

    start, end = contract.period  # type: ignore[misc]
    frame = frame.assign(_measure=measure_keys(frame, contract)).sort_values(["_measure", start, end])
    slack = pd.Timedelta(days=within_days)
    numbers: list[int] = []
    anchors: dict[str, list[tuple[Any, Any, int]]] = {}
    count = 0
    for key, first, last in zip(frame["_measure"], frame[start], frame[end]):
        found = next((n for a, b, n in anchors.get(key, []) if abs(first - a) <= slack and abs(last - b) <= slack),
                     None)
        if found is None:
            count += 1
            found = count
            anchors.setdefault(key, []).append((first, last, found))
        numbers.append(found)
    return frame.assign(quantity=numbers)


def with_series(frame: pd.DataFrame, contract: Table, within_days: int) -> pd.DataFrame:
    """``series``: a claimant's claims on one measure from one start with different ends; ``series_falls``."""
    import pandas as pd

    start, end = contract.period  # type: ignore[misc]
    frame = frame.copy()
    frame["series"] = pd.array([None] * len(frame), dtype="string")
    frame["series_falls"] = False
    slack = pd.Timedelta(days=within_days)
    number = 0
    for (_, _), group in frame.groupby(["_measure", "claimant"], sort=True, observed=True):
        group = group.sort_values([start, end])
        taken: set[int] = set()
        for index, first in zip(group.index, group[start]):
            if index in taken:
                continue
            members = group[(group[start] - first).abs() <= slack]
            members = members[~members.index.isin(list(taken))]
            if members[end].nunique() < 2:
                continue
            number += 1
            taken.update(members.index)
            label = f"{group.loc[index, 'claimant']} since {first:%Y-%m-%d} (S{number})"
            frame.loc[members.index, "series"] = label
            frame.loc[falls(members, end), "series_falls"] = True
    return frame


def falls(members: pd.DataFrame, end: str) -> list[Any]:
    """The rows of a series around each place where the count goes down (a later claim allows only less)."""
    ordered = members.sort_values(end)
    marked = []
    highest_low = None
    holder = None
    for index, low, high in zip(ordered.index, ordered["implied_low"], ordered["implied_high"]):
        if highest_low is not None and given(high) and high < highest_low:
            marked += [holder, index]
        if given(low) and (highest_low is None or low > highest_low):
            highest_low, holder = low, index
    return marked


def given(value: Any) -> bool:
    """Whether a bound is stated (not ``None`` nor pandas' ``NA``)."""
    import pandas as pd

    return value is not None and not pd.isna(value)


def with_conflicts(frame: pd.DataFrame) -> pd.DataFrame:
    """``conflicts_with``: the claims of the same quantity whose interval cannot overlap this one's."""
    frame = frame.copy()
    found: dict[Any, list[str]] = {index: [] for index in frame.index}
    for _, group in frame.groupby("quantity", sort=False):
        rows = list(zip(group.index, group["claim_id"], group["implied_low"], group["implied_high"]))
        for i, (a, a_id, a_low, a_high) in enumerate(rows):
            for b, b_id, b_low, b_high in rows[i + 1:]:
                if apart(a_low, a_high, b_low, b_high):
                    found[a].append(b_id)
                    found[b].append(a_id)
    frame["conflicts_with"] = [", ".join(sorted(found[index])) for index in frame.index]
    return frame


def apart(a_low: Any, a_high: Any, b_low: Any, b_high: Any) -> bool:
    """Whether two intervals (``NA`` or ``None``: unbounded) share no value."""
    return (given(a_high) and given(b_low) and a_high < b_low) or (given(b_high) and given(a_low) and b_high < a_low)


def shown(frame: pd.DataFrame, contract: Table, single: bool, conflicts: bool) -> pd.DataFrame:
    start, end = contract.period  # type: ignore[misc]
    sizes = frame.groupby("quantity")["claim_id"].transform("size") if len(frame) else frame["quantity"]
    keep = (sizes > 1) | frame["series"].notna() if not single else frame["quantity"].notna()
    if conflicts:
        in_conflict = frame.groupby("quantity")["conflicts_with"].transform(lambda c: (c != "").any())
        keep &= in_conflict.astype(bool)
    frame = frame[keep]  # quantities keep their numbers, so --conflicts and --single name them alike
    columns = [*DERIVED, *contract.measure, *SHOWN]
    order = ["quantity", end, start, contract.primary_key[0]]
    return frame[columns].sort_values(order).reset_index(drop=True)


def summary_line(frame: pd.DataFrame) -> str:
    """How many quantities have two or more claims, how many of those claims from more than one claimant,
    how many of those conflict, and how many series there are."""
    if not len(frame):
        return "no quantity has two claims, and no claimant a series"
    by = frame.groupby("quantity")
    several = by["claim_id"].size() > 1
    claimants = (by["claimant"].nunique() > 1) & several
    conflicting = by["conflicts_with"].apply(lambda c: (c != "").any())
    series = frame["series"].dropna().nunique()
    return (f"{counted(int(several.sum()), 'quantity', 'quantities')} with two or more claims, "
            f"{int(claimants.sum())} of them with claims from more than one claimant, "
            f"{int((claimants & conflicting).sum())} of those in conflict "
            f"({counted(int(conflicting.sum()), 'quantity', 'quantities')} in conflict in all); "
            f"{counted(series, 'series', 'series')} of one claimant's counts")


def counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def stated_range(group: pd.DataFrame) -> tuple[int | None, int | None, bool]:
    """The lowest and highest figure the claims in ``group`` state, and whether any is open-ended above."""
    values = group[["value_low", "value_best", "value_high"]]
    low, high = values.min(axis=1, skipna=True).min(), values.max(axis=1, skipna=True).max()
    open_above = bool(group["implied_high"].isna().any()) if "implied_high" in group else bool(
        group["value_high"].isna().any())
    return (None if low != low else int(low)), (None if high != high else int(high)), open_above


FORMATS = ("text", "csv", "json")


def render(frame: pd.DataFrame, table: str, format: str = "text") -> str:
    """``frame`` (as :func:`compare` returns it) as text for people, or CSV or JSON with dates as YYYY-MM-DD."""
    import io

    if format == "csv":
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, date_format="%Y-%m-%d")
        return buffer.getvalue()
    if format == "json":
        return frame.to_json(orient="records", date_format="iso", indent=2).replace("T00:00:00.000", "") + "\n"
    return render_text(frame, table)


def render_text(frame: pd.DataFrame, table: str) -> str:
    measure = [c for c in frame.columns if c not in DERIVED and c not in SHOWN]
    lines = [f"{table}: {summary_line(frame)}"]
    for number, group in frame.groupby("quantity", sort=True):
        if len(group) == 1 and group["series"].notna().all():
            continue  # shown in its series below
        first = group.iloc[0]
        what = ", ".join(f"{c}={first[c]}" for c in measure if not missing(first[c]))
        period = f"{first['period_start']:%Y-%m-%d} to {first['period_end']:%Y-%m-%d}"
        claimants = group["claimant"].nunique()
        note = (f"{len(group)} claim{'s' if len(group) > 1 else ''} from {claimants} "
                f"claimant{'s' if claimants > 1 else ''}")
        if (group["conflicts_with"] != "").any():
            note += "; SOURCES CONFLICT (their words cannot all be true)"
        lines.append(f"\n[{number}] {what}\n    {period}: {note}")
        for row in group.itertuples():
            lines.append("    " + claim_line(row))
    series = frame[frame["series"].notna()]
    ordered = series.assign(_what=measure_text(series, measure)).sort_values(["_what", "period_start", "claimant"])
    lines.append("\nSeries, each claimant's counts from one day; the series of one measure stand together:"
                 if len(ordered) else "")
    for label in ordered["series"].drop_duplicates():
        group = series[series["series"] == label]
        falling = " (the count goes down: rows marked v)" if group["series_falls"].any() else ""
        first = group.iloc[0]
        what = ", ".join(f"{c}={first[c]}" for c in measure if not missing(first[c]))
        lines.append(f"\nseries {label}: {what}; by end date{falling}:")
        for row in group.sort_values("period_end").itertuples():
            mark = "v " if row.series_falls else "  "
            lines.append(f"  {mark}to {row.period_end:%Y-%m-%d}  \"{row.stated_as}\" "
                         f"(allows {interval(row.implied_low, row.implied_high)})  {row.claim_id} [{row.source_id}]")
    return "\n".join(lines) + "\n"


def measure_text(frame: pd.DataFrame, measure: list[str]) -> pd.Series:
    return frame[measure].astype("string").fillna("").agg("\x1f".join, axis=1) if len(frame) else frame["claim_id"]


def claim_line(row: Any) -> str:
    conflict = f"  CONFLICTS WITH {row.conflicts_with}" if row.conflicts_with else ""
    return (f"{row.claim_id:<9} {row.claimant}: \"{row.stated_as}\" ({row.qualifier}; allows "
            f"{interval(row.implied_low, row.implied_high)})  [{row.source_id}]{conflict}")


def interval(low: Any, high: Any) -> str:
    if given(low) and given(high):
        return f"{int(low):,}" if low == high else f"{int(low):,} to {int(high):,}"
    if given(low):
        return f"{int(low):,} or more"
    if given(high):
        return f"at most {int(high):,}"
    return "any value"


def missing(value: object) -> bool:
    return not given(value)
