"""`idlibstats validate` on one small broken package per finding type: each finding, on its line.

The fixtures are specs in fixture_specs.py (a mutation of a small valid package, and the findings
expected), built into a temporary folder once per session by the ``fixture_packages`` fixture of
conftest.py; each is a whole package with one kind of defect. A finding is written (table, type,
line); line 1 is the header.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import REPO, FixturePackages
from fixture_specs import SPECS, files

from idlibstats.validation.engine import validate
from idlibstats.validation.findings import REGISTRY

# fixture -> every finding it must give, and no other (the specs, with their mutations, are in fixture_specs.py)
EXPECTED: dict[str, set[tuple[str | None, str, int | None]]] = {s.name: set(s.expected) for s in SPECS}
NAMES = sorted(EXPECTED)
OWN_TYPES = {t.name for t in REGISTRY}


def found(folder: Path, fast: bool = True) -> set[tuple[str | None, str, int | None]]:
    """(table, type, line) of every finding of a type this project documents (rules added later aside)."""
    return {(f.resource, f.type, f.line) for f in validate(folder, fast=fast).errors if f.type in OWN_TYPES}


@pytest.mark.parametrize("name", NAMES)
def test_fixture_gives_its_findings_on_their_lines(name: str, fixture_packages: FixturePackages) -> None:
    assert found(fixture_packages[name]) == EXPECTED[name]


@pytest.mark.parametrize("name", NAMES)
def test_both_readers_report_the_same(name: str, fixture_packages: FixturePackages) -> None:
    """The fast reader (pyarrow) and the exact one (csv) give identical reports."""
    folder = fixture_packages[name]
    assert validate(folder, fast=True).to_dict() == validate(folder, fast=False).to_dict()


def test_every_documented_type_has_a_fixture(fixture_packages: FixturePackages) -> None:
    covered = {type_ for findings in EXPECTED.values() for _, type_, _ in findings}
    # a command-line mistake, a failure of idlibstats itself, and the --against findings need a command
    # or a second package: tested in test_validate_cli.py
    assert OWN_TYPES - covered == {"usage-error", "internal-error", "reference-unusable", "claim-changed-in-place",
                                   "claim-removed"}
    assert all((fixture_packages[name] / "datapackage.json").is_file() for name in NAMES)


# what the committed packages of tests/fixtures/ covered when these specs replaced them: finding types, and fixtures
COVERED_BEFORE = {
    "archive-changed", "archive-hash-missing", "archive-missing", "binary-file", "blank-header", "blank-row",
    "constraint-error", "correction-reason", "empty-file", "encoding-error", "extra-cell", "extra-label", "foreign-key",
    "formula-like-value", "incorrect-label", "json-error", "missing-cell", "missing-file", "missing-label", "nul-byte",
    "package-error", "period-order", "primary-key", "qualifier-bounds", "quote-error", "quote-missing", "quote-not-found",
    "quote-unarchived", "rule-error", "source-unlocatable", "stated-as-mismatch", "stated-as-unreadable",
    "stated-not-in-quote", "supersession-cycle", "supersession-quantity", "supersession-status",
    "supersession-successors", "type-error", "unique-error", "unsafe-path", "value-missing", "value-order",
    "withdrawn-reason",
}
FIXTURES_BEFORE = {
    "archive-changed", "archive-hash-missing", "archive-missing", "binary-file", "blank-header", "blank-row",
    "constraint-error", "correction-reason", "empty-file", "encoding-error", "every-error-surfaces", "extra-cell",
    "extra-label", "foreign-key", "formula-like-value", "incorrect-label", "json-error", "line-drift",
    "missing-cell", "missing-file", "missing-label", "nul-byte", "package-error", "period-order", "primary-key",
    "qualifier-bounds", "quote-error", "quote-missing", "quote-not-found", "quote-unarchived", "rule-error",
    "source-unlocatable", "stated-as-mismatch", "stated-as-unreadable", "stated-not-in-quote", "supersession-cycle",
    "supersession-quantity", "supersession-status", "supersession-successors", "type-error", "unique-error",
    "unsafe-path", "valid", "valid-bom-crlf", "value-missing", "value-order", "withdrawn-reason",
}


def test_the_specs_cover_every_type_and_fixture_the_committed_packages_covered() -> None:
    covered = {type_ for s in SPECS for _, type_, _ in s.expected}
    assert COVERED_BEFORE - covered == set()
    assert FIXTURES_BEFORE - {s.name for s in SPECS} == set()


def test_every_fixture_folder_is_listed(fixture_packages: FixturePackages) -> None:
    folders = {p.name for p in fixture_packages.folder.iterdir() if (p / "datapackage.json").is_file()}
    assert folders == set(EXPECTED)


@pytest.mark.parametrize("name", NAMES)
def test_each_folder_holds_the_files_of_its_spec(name: str, fixture_packages: FixturePackages) -> None:
    """What is built is what the spec says, byte for byte, and nothing else."""
    folder = fixture_packages[name]
    on_disk = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == files(name)


def test_the_byte_level_fixtures_hold_their_bytes(fixture_packages: FixturePackages) -> None:
    """The defects no finding of a valid package would show are there: a BOM and CRLF; and the others are bytes."""
    for table in ("sources", "areas", "casualties"):
        data = (fixture_packages["valid-bom-crlf"] / "data" / f"{table}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n") and data.count(b"\n") == data.count(b"\r\n")
    assert b"\x00" in (fixture_packages["nul-byte"] / "data" / "casualties.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        (fixture_packages["encoding-error"] / "data" / "areas.csv").read_bytes().decode("utf-8")
    assert (fixture_packages["binary-file"] / "data" / "areas.csv").read_bytes().startswith(b"PK\x03\x04")
    assert (fixture_packages["empty-file"] / "data" / "areas.csv").read_bytes() == b""


def test_no_package_copy_is_committed_under_tests() -> None:
    """The fixtures are built from fixture_specs.py, which is plain ASCII: no checkout can alter their bytes."""
    assert sorted((REPO / "tests").rglob("datapackage.json")) == []
    assert (REPO / "tests" / "fixture_specs.py").read_bytes().isascii()


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", NAMES)
def test_validation_changes_nothing_in_the_folder(name: str, fixture_packages: FixturePackages) -> None:
    folder = fixture_packages[name]
    before = snapshot(folder)
    validate(folder, fast=True)
    validate(folder, fast=False)
    assert snapshot(folder) == before


def test_messages_give_the_value_and_what_was_expected(fixture_packages: FixturePackages) -> None:
    report = validate(fixture_packages["type-error"])
    first = report.errors[0]
    assert (first.field, first.value) == ("period_start", "01/03/2020")
    assert "'01/03/2020' is not an ISO date (YYYY-MM-DD)" == first.message


def test_the_descriptor_path_itself_is_accepted(fixture_packages: FixturePackages) -> None:
    assert validate(fixture_packages["valid"] / "datapackage.json").valid


def test_the_shipped_package_is_valid() -> None:
    report = validate()
    assert report.valid, [f.to_dict() for f in report.errors]
    assert report.exit_code == 0
