"""What the package holds: each table's rows, the period it covers, its sources, and whether it passes its schema."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from idlibstats.package.contract import tables as table_contracts
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    period_start: str | None
    period_end: str | None
    sources: int | None
    schema_failures: int

    @property
    def passes(self) -> bool:
        return self.schema_failures == 0


def summarise(package: DataPackage | None = None, frames: dict[str, pd.DataFrame] | None = None) -> list[TableSummary]:
    """One :class:`TableSummary` per table, in descriptor order.

    ``frames`` holds the typed tables (all rows) if the caller has loaded them already; each
    table is read once either way, for its own summary and as a reference for the others.
    """
    from idlibstats.frames.loading import read_typed

    package = package or DataPackage.shipped()
    contracts = table_contracts(package)
    frames = dict(frames or {})
    for table in contracts:
        if table.name not in frames:
            frames[table.name] = read_typed(package, table.name)
    return [summarise_table(package, table, frames) for table in contracts]


def summarise_table(package: DataPackage, table, frames: dict[str, pd.DataFrame]) -> TableSummary:  # type: ignore[no-untyped-def]
    frame = frames[table.name]
    start = end = None
    if table.period:
        first, last = frame[table.period[0]].min(), frame[table.period[1]].max()
        start = None if first != first else first.date().isoformat()
        end = None if last != last else last.date().isoformat()
    cites = "source_id" in frame.columns and table.primary_key != ("source_id",)
    sources = int(frame["source_id"].nunique()) if cites else None
    return TableSummary(table.name, len(frame), start, end, sources, schema_failures(package, table.name, frames))


def schema_failures(package: DataPackage, name: str, frames: dict[str, pd.DataFrame]) -> int:
    """How many checks fail when table ``name`` is validated against its pandera schema (0: it passes)."""
    import pandera.errors

    from idlibstats.rules.schemas import schema

    try:
        schema(name, package, frames=frames).validate(frames[name], lazy=True)
    except pandera.errors.SchemaErrors as errors:
        return len(errors.failure_cases)
    return 0


def as_rows(summaries: list[TableSummary]) -> list[dict[str, object]]:
    return [asdict(s) | {"passes": s.passes} for s in summaries]
