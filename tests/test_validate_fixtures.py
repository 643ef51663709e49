"""`idlibstats validate` on one small broken package per finding type: each finding, on its line.

The fixtures live in tests/fixtures/ (rebuilt by tests/fixtures/make_fixtures.py); each is a whole
package with one kind of defect. A finding is written (table, type, line); line 1 is the header.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import FIXTURES

from idlibstats.validation.engine import validate
from idlibstats.validation.findings import REGISTRY

# fixture -> every finding it must give, and no other
EXPECTED: dict[str, set[tuple[str | None, str, int | None]]] = {
    "valid": set(),
    "valid-bom-crlf": set(),
    # the descriptor: nothing is read
    "json-error": {(None, "json-error", None)},
    "package-error": {(None, "package-error", None)},
    "unsafe-path": {("areas", "unsafe-path", None)},
    # the files
    "missing-file": {("areas", "missing-file", None)},
    "empty-file": {("areas", "empty-file", None)},
    "binary-file": {("areas", "binary-file", None)},
    "encoding-error": {("areas", "encoding-error", 3)},
    "nul-byte": {("casualties", "nul-byte", 3)},
    # an open quote on line 5: that row is read from its line alone, and line 6 is still checked
    "quote-error": {("areas", "quote-error", 5), ("areas", "missing-cell", 5), ("areas", "constraint-error", 6)},
    # the header
    "blank-header": {("areas", "blank-header", 1)},
    "missing-label": {("areas", "missing-label", 1)},
    "extra-label": {("areas", "extra-label", 1)},
    "incorrect-label": {("areas", "incorrect-label", 1)},
    # the rows
    "blank-row": {("casualties", "blank-row", 4)},
    "missing-cell": {("casualties", "missing-cell", 4)},
    "extra-cell": {("casualties", "extra-cell", 4)},
    # the cells: 01/03/2020 and 20200229 are not ISO dates
    "type-error": {("casualties", "type-error", 3), ("casualties", "type-error", 5)},
    # (-40 for "more than 40 people" also breaks stated-as-mismatch)
    "constraint-error": {("casualties", "constraint-error", 2), ("casualties", "constraint-error", 3),
                         ("casualties", "constraint-error", 5), ("casualties", "stated-as-mismatch", 3)},
    "unique-error": {("areas", "unique-error", 4)},
    "primary-key": {("casualties", "primary-key", 5)},
    "foreign-key": {("casualties", "foreign-key", 4)},
    "formula-like-value": {("casualties", "formula-like-value", 4)},
    # the rules (a claim with no bound also breaks its qualifier's pattern of bounds)
    # (a bound changed against its wording also breaks stated-as-mismatch: the words say otherwise)
    "value-missing": {("casualties", "value-missing", 4), ("casualties", "qualifier-bounds", 4),
                      ("casualties", "stated-as-mismatch", 4)},
    "value-order": {("casualties", "value-order", 2), ("casualties", "stated-as-mismatch", 2)},
    "qualifier-bounds": {("casualties", "qualifier-bounds", 3), ("casualties", "stated-as-mismatch", 3)},
    "period-order": {("casualties", "period-order", 3)},
    "quote-missing": {("casualties", "quote-missing", 3)},
    "quote-not-found": {("casualties", "quote-not-found", 2)},
    "stated-not-in-quote": {("casualties", "stated-not-in-quote", 2)},
    # with the archive gone, its quotes cannot be found either
    "archive-missing": {("sources", "archive-missing", 2), ("casualties", "quote-not-found", 2),
                        ("casualties", "quote-not-found", 3)},
    "archive-hash-missing": {("sources", "archive-hash-missing", 2)},
    "quote-unarchived": {("casualties", "quote-unarchived", 4)},
    "source-unlocatable": {("sources", "source-unlocatable", 3)},
    "stated-as-unreadable": {("casualties", "stated-as-unreadable", 4)},
    "stated-as-mismatch": {("casualties", "stated-as-mismatch", 4)},  # "about 30" recorded as 31
    "supersession-cycle": {("casualties", "supersession-cycle", 6), ("casualties", "supersession-cycle", 7)},
    "supersession-successors": {("casualties", "supersession-successors", 6),
                                ("casualties", "supersession-successors", 7)},
    "supersession-status": {("casualties", "supersession-status", 4)},
    "supersession-quantity": {("casualties", "supersession-quantity", 6)},
    "correction-reason": {("casualties", "correction-reason", 6)},
    "withdrawn-reason": {("casualties", "withdrawn-reason", 4)},
    "archive-changed": {("sources", "archive-changed", 2)},
    "rule-error": {("casualties", "rule-error", None)},
    # a cell over lines 3-4, a blank line 5, a row too long (6), one too short (7), a bad date (8):
    # pd.read_csv would drop, pad or shift these rows and every line after them
    "line-drift": {("casualties", "blank-row", 5), ("casualties", "extra-cell", 6),
                   ("casualties", "missing-cell", 7), ("casualties", "type-error", 8)},
    # one run reports every kind of error of a contribution, however many cells are bad
    "every-error-surfaces": {("casualties", "type-error", 2), ("casualties", "qualifier-bounds", 2),
                             ("casualties", "stated-as-mismatch", 2), ("casualties", "quote-unarchived", 3),
                             ("casualties", "foreign-key", 3), ("casualties", "constraint-error", 4),
                             ("casualties", "formula-like-value", 4), ("casualties", "primary-key", 5),
                             ("casualties", "period-order", 5)},
}
NAMES = sorted(EXPECTED)
OWN_TYPES = {t.name for t in REGISTRY}


def found(folder: Path, fast: bool = True) -> set[tuple[str | None, str, int | None]]:
    """(table, type, line) of every finding of a type this project documents (rules added later aside)."""
    return {(f.resource, f.type, f.line) for f in validate(folder, fast=fast).errors if f.type in OWN_TYPES}


@pytest.mark.parametrize("name", NAMES)
def test_fixture_gives_its_findings_on_their_lines(name: str) -> None:
    assert found(FIXTURES / name) == EXPECTED[name]


@pytest.mark.parametrize("name", NAMES)
def test_both_readers_report_the_same(name: str) -> None:
    """The fast reader (pyarrow) and the exact one (csv) give identical reports."""
    assert validate(FIXTURES / name, fast=True).to_dict() == validate(FIXTURES / name, fast=False).to_dict()


def test_every_documented_type_has_a_fixture() -> None:
    covered = {type_ for findings in EXPECTED.values() for _, type_, _ in findings}
    # a command-line mistake, a failure of idlibstats itself, and the --against findings need a command
    # or a second package: tested in test_validate_cli.py
    assert OWN_TYPES - covered == {"usage-error", "internal-error", "reference-unusable", "claim-changed-in-place",
                                   "claim-removed"}
    assert all((FIXTURES / name / "datapackage.json").is_file() for name in NAMES)


def test_every_fixture_folder_is_listed() -> None:
    folders = {p.name for p in FIXTURES.iterdir() if (p / "datapackage.json").is_file()}
    assert folders == set(EXPECTED)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", NAMES)
def test_validation_changes_nothing_in_the_folder(name: str) -> None:
    folder = FIXTURES / name
    before = snapshot(folder)
    validate(folder, fast=True)
    validate(folder, fast=False)
    assert snapshot(folder) == before


def test_messages_give_the_value_and_what_was_expected() -> None:
    report = validate(FIXTURES / "type-error")
    first = report.errors[0]
    assert (first.field, first.value) == ("period_start", "01/03/2020")
    assert "'01/03/2020' is not an ISO date (YYYY-MM-DD)" == first.message


def test_the_descriptor_path_itself_is_accepted() -> None:
    assert validate(FIXTURES / "valid" / "datapackage.json").valid


def test_the_shipped_package_is_valid() -> None:
    report = validate()
    assert report.valid, [f.to_dict() for f in report.errors]
    assert report.exit_code == 0
