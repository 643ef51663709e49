"""Parity with frictionless: every finding frictionless reports on a fixture, idlibstats reports at the same line.

frictionless numbers rows (the header is row 1, a blank line is a row); idlibstats gives the
physical line where the row starts. The test maps one to the other by reading each fixture with
Python's csv module. frictionless is told which row is the header, the first that is not blank
(as idlibstats reads it, and as the Data Package default means): left to guess, frictionless
takes the shortest row of an irregular file for the header.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import frictionless
import pytest
from conftest import FixturePackages
from fixture_specs import SPECS

from idlibstats.validation.engine import validate

# frictionless type -> the idlibstats types that report the same problem
SAME = {
    "type-error": {"type-error"},
    "constraint-error": {"constraint-error"},
    "unique-error": {"unique-error", "primary-key"},  # idlibstats reports a repeated primary key once, as primary-key
    "primary-key": {"primary-key"},
    "foreign-key": {"foreign-key"},
    "blank-row": {"blank-row"},
    "extra-cell": {"extra-cell"},
    "missing-cell": {"missing-cell"},
    "encoding-error": {"encoding-error", "binary-file"},
    "source-error": {"empty-file", "binary-file"},
    "scheme-error": {"missing-file"},
}
LABELS = {"missing-label", "extra-label", "incorrect-label", "blank-label", "duplicate-label", "blank-header"}
OUR_LABELS = {"missing-label", "extra-label", "incorrect-label", "blank-header"}
DESCRIPTOR = {"package-error", "resource-error", "schema-error", "field-error"}
OUR_DESCRIPTOR = {"json-error", "package-error", "unsafe-path"}
UNREADABLE = {"missing-file", "empty-file", "binary-file"}
NAMES = sorted(s.name for s in SPECS)


def frictionless_findings(folder: Path) -> list[dict]:
    """frictionless's errors as dicts: resource, row (None for errors of no row), type, note."""
    try:
        package = frictionless.Package(str(folder / "datapackage.json"))
        for resource in package.resources:
            resource.dialect = frictionless.Dialect(header_rows=[header_row(folder / resource.path)])
        report = package.validate()
    except frictionless.FrictionlessException as error:
        return [{"resource": None, "row": None, "type": error.error.type, "note": error.error.note}]
    findings = [{"resource": None, "row": None, "type": e.type, "note": e.note} for e in report.errors]
    for task in report.tasks:
        findings += [{"resource": task.name, "row": getattr(e, "row_number", None), "type": e.type, "note": e.note}
                     for e in task.errors]
    return findings


def header_row(path: Path) -> int:
    """The number of the first row that is not blank (1 when the file cannot be read)."""
    try:
        with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            return next((n for n, row in enumerate(csv.reader(handle), start=1) if any(row)), 1)
    except (OSError, csv.Error):
        return 1


def row_lines(path: Path) -> dict[int, int]:
    """frictionless row number -> the physical line where that row starts."""
    lines, previous = {}, 0
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        for number, _ in enumerate(reader, start=1):
            lines[number] = previous + 1
            previous = reader.line_num
    return lines


def resource_path(folder: Path, name: str) -> str:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return next(r["path"] for r in descriptor["resources"] if r["name"] == name)


def covered(theirs: dict, ours: list[dict], folder: Path) -> bool:
    """Whether idlibstats reports frictionless's finding ``theirs``: an equivalent type, at the same line."""
    kind = theirs["type"]
    if kind in DESCRIPTOR:
        return any(f["type"] in OUR_DESCRIPTOR for f in ours)
    if kind in LABELS:
        return any(f["type"] in OUR_LABELS and f["resource"] == theirs["resource"] and f["line"] == 1 for f in ours)
    if theirs["row"] is None:
        return any(f["type"] in SAME[kind] for f in ours)
    if kind == "foreign-key":
        lookup = re.search(r'lookup table "([^"]+)"', theirs["note"])
        if lookup and any(f["type"] in UNREADABLE and f["resource"] == lookup.group(1) for f in ours):
            return True  # idlibstats reports the unreadable table, and checks no key against it
    same = SAME[kind]
    if kind == "primary-key" and '"None"' in theirs["note"]:
        same = {"blank-row", "constraint-error"}  # an empty key: a blank row, or an empty required cell
    if kind == "constraint-error" and '"required"' in theirs["note"]:
        same = {"constraint-error", "missing-cell"}  # idlibstats names a required cell that is absent in missing-cell
    line = row_lines(folder / resource_path(folder, theirs["resource"]))[theirs["row"]]
    return any(f["type"] in same and f["resource"] == theirs["resource"] and f["line"] == line for f in ours)


@pytest.mark.parametrize("name", NAMES)
def test_idlibstats_reports_everything_frictionless_reports(name: str, fixture_packages: FixturePackages) -> None:
    folder = fixture_packages[name]
    ours = [f.to_dict() for f in validate(folder).errors]
    missed = [theirs for theirs in frictionless_findings(folder) if not covered(theirs, ours, folder)]
    assert missed == []


def test_frictionless_finds_something_in_most_fixtures(fixture_packages: FixturePackages) -> None:
    """The parity above is not empty: frictionless itself flags most fixtures."""
    flagged = [name for name in NAMES if frictionless_findings(fixture_packages[name])]
    assert len(flagged) >= 20, flagged
