"""What the package holds: each table's rows, the period it covers, its sources, and whether it passes its checks.

Every table is checked, and each is marked passes or fails with the number of findings
``idlibstats validate`` gives for it (:func:`idlibstats.validation.engine.validate`), so the two
commands always agree. A table whose file cannot be read as typed rows (a ragged row, a cell
of the wrong type) is still summarised: its rows are counted, and its period and sources are
read from the cells that do fit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from idlibstats.errors import DataError
from idlibstats.package.contract import Table
from idlibstats.package.contract import tables as table_contracts
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd

    from idlibstats.validation.report import Report


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    period_start: str | None
    period_end: str | None
    sources: int | None
    findings: int  # what `idlibstats validate` reports for this table; 0: it passes

    @property
    def passes(self) -> bool:
        return self.findings == 0


@dataclass(frozen=True)
class PackageSummary:
    """Every table's summary, and the findings that belong to no table (the descriptor's, a bug's)."""

    name: str
    version: str
    tables: list[TableSummary]
    other_findings: int = 0
    internal_error: str | None = None
    messages: list[str] = field(default_factory=list)  # the findings that belong to no table

    @property
    def findings(self) -> int:
        return sum(t.findings for t in self.tables) + self.other_findings

    @property
    def passes(self) -> bool:
        return self.findings == 0


def summarise(
    package: DataPackage | None = None,
    frames: dict[str, pd.DataFrame] | None = None,
    *,
    path: str | Path | None = None,
) -> list[TableSummary]:
    """One :class:`TableSummary` per table, in descriptor order (``path``: a package folder instead of the installed one).

    ``frames`` holds the typed tables (all rows) if the caller has loaded them already.
    """
    return summarise_package(package, frames, path=path).tables


def summarise_package(
    package: DataPackage | None = None,
    frames: dict[str, pd.DataFrame] | None = None,
    *,
    path: str | Path | None = None,
) -> PackageSummary:
    """The package's :class:`PackageSummary`: each table summarised and checked as ``idlibstats validate`` checks it."""
    from idlibstats.validation.engine import validate

    package = package or (DataPackage.open(path) if path is not None else DataPackage.shipped())
    report = validate(package.root)
    counts = Counter(f.resource for f in report.errors)
    contracts = table_contracts(package)
    frames = dict(frames or {})
    summaries = [summarise_table(package, table, frames, counts.get(table.name, 0)) for table in contracts]
    names = {table.name for table in contracts}
    elsewhere = [f for f in report.errors if f.resource not in names]
    return PackageSummary(package.name, package.version, summaries, len(elsewhere), internal(report),
                          [f.message for f in elsewhere])


def internal(report: Report) -> str | None:
    """The message of an ``internal-error`` finding (idlibstats itself failed), if the report has one."""
    return next((f.message for f in report.errors if f.type == "internal-error"), None)


def summarise_table(package: DataPackage, table: Table, frames: dict[str, pd.DataFrame], findings: int) -> TableSummary:
    frame, rows = readable_frame(package, table, frames)
    start = end = None
    if table.period and frame is not None:
        first, last = frame[table.period[0]].min(), frame[table.period[1]].max()
        start = None if first != first else first.date().isoformat()
        end = None if last != last else last.date().isoformat()
    cites = "source_id" in table.field_names and table.primary_key != ("source_id",)
    sources = int(frame["source_id"].nunique()) if cites and frame is not None else None
    return TableSummary(table.name, rows, start, end, sources, findings)


def readable_frame(package: DataPackage, table: Table, frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame | None, int]:
    """The typed table (cells that do not cast left empty) and its row count; ``None`` if its rows cannot be read."""
    from idlibstats.frames import reader
    from idlibstats.frames.loading import read_raw, read_typed, typed_frame

    if table.name in frames:
        return frames[table.name], len(frames[table.name])
    try:
        frame = read_typed(package, table.name)
    except DataError:
        try:
            frame, _ = typed_frame(read_raw(package, table)[0], table)
        except DataError:  # the rows themselves are broken (ragged, blank, a bad header): count them only
            records = reader.read(package.path_of(table.path), table.name, table.path, table.field_names,
                                  dialect=table.dialect)
            return None, records.rows
    frames[table.name] = frame
    return frame, len(frame)


def as_rows(summaries: list[TableSummary]) -> list[dict[str, object]]:
    return [asdict(s) | {"passes": s.passes} for s in summaries]
