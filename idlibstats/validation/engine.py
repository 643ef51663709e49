"""The validation, step by step: descriptor, structure of each file, checks per table, keys across tables, rules.

>>> from idlibstats.validation.engine import validate
>>> report = validate()
>>> report.valid, report.errors
(True, [])
"""

from __future__ import annotations

import os
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from idlibstats.errors import InvalidArgument
from idlibstats.findings import Finding
from idlibstats.frames import reader
from idlibstats.package.folder import DESCRIPTOR, open_package
from idlibstats.validation import checks
from idlibstats.validation.report import Report

if TYPE_CHECKING:
    from idlibstats.package.contract import Table
    from idlibstats.package.folder import DataPackage


def validate(
    path: str | Path | None = None,
    *,
    against: str | Path | None = None,
    limit_errors: int | None = None,
    fast: bool = True,
) -> Report:
    """Check the package at ``path`` (a folder or its ``datapackage.json``; ``None``: the shipped package).

    Nothing is written and nothing raised for bad input: every problem is a finding of the
    :class:`Report`. ``against`` (an earlier package folder or a git revision) also reports every
    published claim of it changed or removed without a revision row. ``limit_errors`` keeps the
    first N findings (``Report.total`` counts them all). ``fast=False`` reads every file with the
    exact reader, even when pyarrow could.
    """
    if limit_errors is not None and limit_errors < 1:
        raise InvalidArgument(f"limit_errors must be at least 1, got {limit_errors}")
    try:
        return run(path, against, limit_errors, fast)
    except Exception as error:  # a bug: still a report (JSON stays parseable), and exit 2
        if os.environ.get("IDLIBSTATS_DEBUG"):
            raise
        message = f"idlibstats failed: {type(error).__name__}: {error}; please report it"
        return finish(Report(), [Finding(type="internal-error", message=message)], limit_errors)


def run(path: str | Path | None, against: str | Path | None, limit_errors: int | None, fast: bool) -> Report:
    """The steps of :func:`validate`."""
    opened = open_package(path)
    if opened.package is None:
        return finish(Report(root=opened.root), opened.findings, limit_errors)
    package = opened.package
    early: dict[str, Future] = {}
    if fast:
        reader.load_fast_reader()  # here, before the threads below need it
    # the files are read ahead in a thread, the largest first, while the main thread imports pandas and then checks
    # each table as it comes, in the same order (the next file is read meanwhile); the wordings are read in a thread
    # of their own
    with ThreadPoolExecutor(1) as pool, ThreadPoolExecutor(1) as ahead:
        largest_first = sorted(opened.tables, key=lambda table: -size_of(package.path_of(table.path)))
        read = {table.name: ahead.submit(read_table, package, table, fast, limit_errors, pool, early)
                for table in largest_first}
        import pandas  # noqa: F401  (the checks need it; imported while the largest file is parsed)

        done: dict[str, checks.Checked] = {}
        for table in largest_first:
            done[table.name] = checks.check_table(table, read[table.name].result(), limit_errors)
            done[table.name].findings += checks.integrity_findings(table, package.path_of(table.path))
        checked = {table.name: done[table.name] for table in opened.tables}  # the package's order, for the report
        found: list[Finding] = []
        for one in checked.values():
            found += one.records.findings + one.findings
        found += checks.foreign_key_findings(checked, limit_errors)
        found += checks.rule_findings(package, checked, limit_errors, early)
    if against is not None:
        found += revision_findings(against, package)
    report = Report(root=opened.root, tables=len(checked), rows=sum(c.records.rows for c in checked.values()))
    order = {name: number for number, name in enumerate(checked)}
    fields = {name: c.table.field_names for name, c in checked.items()}
    report = finish(report, sorted(found, key=lambda f: place(f, order, fields)), limit_errors)
    report.total += sum(c.unlisted + c.records.unlisted for c in checked.values())  # beyond each check's limit
    return report


def read_table(package: DataPackage, table: Table, fast: bool, limit_errors: int | None, pool: Executor,
               early: dict[str, Future]) -> reader.Records:
    """The table's records; its wordings begin to be read in ``pool`` (into ``early``) as soon as the reader has them."""
    file = package.path_of(table.path)
    texts = [f.name for f in table.fields if f.is_free_text or table.primary_key == (f.name,)]
    begun: dict[int, tuple[reader.Column, Future]] = {}

    def ready(position: int, column: reader.Column) -> None:
        if (future := checks.read_wordings_early(package, table, position, column, pool)) is not None:
            begun[position] = (column, future)

    records = reader.read(file, table.name, table.path, table.field_names, fast=fast, cap=limit_errors,
                          dialect=table.dialect, texts=texts, ready=ready)
    for position, (column, future) in begun.items():
        if position < records.width and records.columns[position] is column:
            early[table.name] = future
        else:  # the fast reader gave up after all: the exact reader's texts are read with the rules
            future.cancel()
    for position, column in enumerate(records.columns):  # wordings the reader coded: begun now
        if table.name not in early and (coded := checks.read_wordings_early(package, table, position, column, pool)):
            early[table.name] = coded
    return records


def size_of(file: Path) -> int:
    """The file's size in bytes (0: it cannot be read; the reader says why)."""
    try:
        return file.stat().st_size
    except OSError:
        return 0


def revision_findings(reference: str | Path, package: DataPackage) -> list[Finding]:
    """Published claims of ``reference`` changed or removed in ``package`` in place (see :mod:`idlibstats.history.revisions`)."""
    from idlibstats.errors import DescriptorError, IdlibstatsError, PackageNotFound
    from idlibstats.history.revisions import check_against

    try:
        problems = check_against(reference, package)
    except PackageNotFound:
        return [Finding(type="reference-unusable", value=str(reference),
                        message=f"the reference {reference} cannot be used: it holds no {DESCRIPTOR}, so it is no "
                                "earlier version of the package; name an earlier package folder or a git revision")]
    except DescriptorError as error:
        return [Finding(type="reference-unusable", value=str(reference),
                        message=f"the reference {reference} cannot be used: its {DESCRIPTOR} is not usable "
                                f"({error.message})")]
    except IdlibstatsError as error:
        return [Finding(type="reference-unusable", value=str(reference),
                        message=f"the reference {reference} cannot be used: {error.message}")]
    return [Finding(type=p.type, resource=p.resource, path=p.path, line=p.line, field=p.field, value=p.value,
                    message=p.message) for p in problems]


def place(finding: Finding, order: dict[str, int], fields: dict[str, list[str]]) -> tuple[int, int, int, str]:
    """Where a finding sorts: its table in descriptor order, its line, its field's position."""
    table = order.get(finding.resource or "", -1)
    names = fields.get(finding.resource or "", [])
    column = -1 if finding.field is None else names.index(finding.field) if finding.field in names else len(names)
    return (table, finding.line or 0, column, finding.type)


def finish(report: Report, findings: list[Finding], limit_errors: int | None) -> Report:
    report.limit = limit_errors
    report.total = len(findings)
    report.errors = findings[:limit_errors] if limit_errors is not None else findings
    return report
