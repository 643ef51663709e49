"""Reading a CSV's structure: the line where each row starts, whichever reader reads it."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FixturePackages
from fixture_specs import files

from idlibstats.frames import reader as structure
from idlibstats.validation.engine import validate

AREAS = files("valid")["data/areas.csv"]  # the areas table of the built fixture "valid"
FIELDS = ["area_id", "name", "level", "iso3", "pcode", "parent_id"]


Package = Callable[[bytes], Path]


@pytest.fixture
def package(tmp_path: Path, fixture_packages: FixturePackages) -> Package:
    """A copy of the built fixture "valid" with its areas table replaced by the given bytes."""
    def make(areas: bytes) -> Path:
        root = tmp_path / "package"
        shutil.copytree(fixture_packages["valid"], root)
        (root / "data" / "areas.csv").write_bytes(areas)
        return root
    return make


def findings(root: Path) -> list[tuple[str, int | None]]:
    report = validate(root)
    assert report.to_dict() == validate(root, fast=False).to_dict()
    return [(f.type, f.line) for f in report.errors]


def test_plain_files_are_read_by_the_fast_reader_and_others_by_the_exact_one(
        package: Package, fixture_packages: FixturePackages) -> None:
    pytest.importorskip("pyarrow")
    plain = structure.read(fixture_packages["valid"] / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS)
    assert plain.reader == "fast"
    spanning = package(AREAS + b'syr-hama,"Ha\nma",admin1,SYR,SY05,syr\n') / "data" / "areas.csv"
    assert structure.read(spanning, "areas", "data/areas.csv", FIELDS).reader == "exact"


def test_rows_wider_or_narrower_than_the_header_stay_with_the_fast_reader(package: Package) -> None:
    """pyarrow skips them; they are numbered, read as the exact reader reads them, and put back in place."""
    pytest.importorskip("pyarrow")
    areas = AREAS + (b"syr-hama,Hama\n"  # four cells short
                     b'syr-homs,"Homs, city",admin1,SYR,SY04,syr,"one, more",again\n'  # two extra, one quoted
                     b"syr-lattakia,Lattakia,admin1,SYR,sy06,syr\n"  # a pcode in lower case
                     b"\n"  # blank: pyarrow reads it as a row of empty cells
                     b"syr-dar,Da\x00ra,admin1\n"  # short, with a NUL
                     b'syr-raqqa,"Raq""qa",admin1,SYR,SY11,syr,\n')  # one extra, empty
    root = package(areas)
    records = structure.read(root / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS)
    exact = structure.read(root / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS, fast=False)
    assert records.reader == "fast"
    assert records.lines.tolist() == exact.lines.tolist()
    assert records.counts.tolist() == [6, 6, 6, 2, 8, 6, 6, 3, 7]  # the blank row counted full: it is blank either way
    assert records.extras == exact.extras == {4: ["one, more", "again"], 8: [""]}
    assert [[column.value(row) for column in records.columns] for row in range(records.rows)] == \
        [[column.value(row) for column in exact.columns] for row in range(exact.rows)]
    assert findings(root) == [("missing-cell", 5), ("extra-cell", 6), ("constraint-error", 7), ("blank-row", 8),
                              ("nul-byte", 9), ("missing-cell", 9), ("extra-cell", 10)]


@pytest.mark.parametrize("ragged", [b'syr-hama,"Hama,admin1\n', b"syr-hama,Ham\xe1,admin1\n"],
                         ids=["open-quote", "not-utf8"])
def test_a_ragged_row_with_an_open_quote_or_a_byte_not_utf8_goes_to_the_exact_reader(
        package: Package, monkeypatch: pytest.MonkeyPatch, ragged: bytes) -> None:
    pytest.importorskip("pyarrow")
    root = package(AREAS + ragged + b"syr-homs,Homs,admin1,SYR,SY04,syr\n")
    printed: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", printed.append)  # where Python would print pyarrow's complaint
    assert structure.read(root / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS).reader == "exact"
    assert "missing-cell" in {type_ for type_, _ in findings(root)}
    assert printed == []  # the row's text could not be handed over: that is no news for the user


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["lf", "crlf", "cr"])
def test_lines_count_every_kind_of_line_end(package: Package, end: bytes) -> None:
    rows = AREAS.rstrip(b"\n").split(b"\n") + [b"syr-hama,Hama,admin1,SYR,sy05,syr"]
    assert findings(package(end.join(rows) + end)) == [("constraint-error", 5)]


def test_an_open_quote_on_the_last_line_is_found_without_a_final_line_end(package: Package) -> None:
    """pyarrow reads the end of the file as a closing quote; the gate does not."""
    areas = AREAS + b'syr-hama,"Hama,admin1,SYR,SY05,syr'
    assert ("quote-error", 5) in findings(package(areas))


def test_a_cell_over_several_lines_keeps_the_lines_after_it_right(package: Package) -> None:
    areas = AREAS + b'syr-hama,"Hama\non\nthree lines",admin1,SYR,SY05,syr\nsyr-homs,Homs,admin1,SYR,sy04,syr\n'
    assert findings(package(areas)) == [("constraint-error", 8)]


def test_a_cell_larger_than_the_csv_module_default_limit_is_read(package: Package) -> None:
    areas = AREAS + b'syr-hama,"' + b"x" * 200_000 + b'",admin1,SYR,sy05,syr\n'
    assert findings(package(areas)) == [("constraint-error", 5)]


def test_a_row_of_empty_cells_is_a_blank_row(package: Package) -> None:
    assert findings(package(AREAS + b",,,,,\n")) == [("blank-row", 5)]


def test_a_bom_is_not_part_of_the_first_label(package: Package) -> None:
    assert findings(package(b"\xef\xbb\xbf" + AREAS)) == []


def test_a_wide_identifier_column_gives_the_same_findings_from_both_readers(
        package: Package, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over 50,000 rows of distinct identifiers the fast reader keeps them in Arrow: same findings."""
    pytest.importorskip("pyarrow")
    rows = [f"syr-{n},Area {n},admin2,SYR,SY{n},syr".encode() for n in range(60_000)]
    rows[1000] = rows[1000].replace(b"syr-1000,", b"Syr-1000,")  # breaks the slug pattern
    rows[2000] = rows[2000].replace(b"syr-2000,", b"syr-1999,")  # repeats an identifier
    rows[3000] = rows[3000].replace(b"Area 3000", b"=Area 3000")  # a formula-like name
    root = package(AREAS + b"\n".join(rows) + b"\n")
    read, areas = structure.read, {}

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        records = read(*args, **kwargs)
        if records.resource == "areas":
            areas[kwargs.get("fast", True)] = records
        return records

    monkeypatch.setattr(structure, "read", recorded)  # keeps what validate read the areas into, per reader
    assert findings(root) == [("constraint-error", 1005), ("primary-key", 2005), ("formula-like-value", 3005)]
    assert areas[True].reader == "fast" and areas[True].columns[0].wide
    assert areas[False].reader == "exact" and not areas[False].columns[0].wide


def test_a_few_cells_with_nul_or_bytes_not_utf8_are_named_by_the_fast_reader(package: Package) -> None:
    """One bad cell does not send the file to the slow reader; it names the cells as the exact reader does."""
    pytest.importorskip("pyarrow")
    areas = AREAS + b"syr-hama,Ham\xe1,admin1,SYR,SY05,syr\nsyr-homs,Ho\x00ms,admin1,SYR,SY04,syr\n"
    root = package(areas)
    assert structure.read(root / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS).reader == "fast"
    assert findings(root) == [("encoding-error", 5), ("nul-byte", 6)]


def test_bad_cells_in_a_column_kept_one_text_per_row_are_named_and_mended(package: Package) -> None:
    pytest.importorskip("pyarrow")
    rows = [f"syr-{n},Area {n},admin2,SYR,SY{n},syr".encode() for n in range(60_000)]
    rows[1000] = rows[1000].replace(b"syr-1000,", b"syr-1\xe9000,")  # a Latin-1 byte in an identifier
    rows[2000] = rows[2000].replace(b"syr-2000,", b"syr-\x002000,")  # a NUL: mended, the identifier repeats nothing
    rows[3000] = rows[3000].replace(b"syr-3000,", b"\x00,")  # nothing but a NUL: an empty identifier once mended
    root = package(AREAS + b"\n".join(rows) + b"\n")
    records = structure.read(root / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS, texts=["area_id"])
    assert records.reader == "fast" and not records.columns[0].distinct
    assert findings(root) == [("constraint-error", 1005), ("encoding-error", 1005), ("nul-byte", 2005),
                              ("constraint-error", 3005), ("nul-byte", 3005)]


def test_more_bad_cells_than_the_fast_reader_mends_go_to_the_exact_reader(package: Package) -> None:
    pytest.importorskip("pyarrow")
    many = structure.MAX_TROUBLED_TEXTS + 1
    rows = [f"syr-{n},Are\xe1 {n},admin2,SYR,SY{n},syr".encode("latin-1") for n in range(many)]
    root = package(AREAS + b"\n".join(rows) + b"\n")
    assert structure.read(root / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS).reader == "exact"
    assert [type_ for type_, _ in findings(root)].count("encoding-error") == many


def test_load_names_the_same_first_problem_whichever_reader_read_the_rows(package: Package) -> None:
    """A blank line before a ragged row: the blank line first, though the readers count its cells differently."""
    pytest.importorskip("pyarrow")
    from idlibstats.frames.loading import first_problem
    from idlibstats.package.folder import open_package

    root = package(AREAS + b"\nsyr-hama,Hama\n")
    table = next(t for t in open_package(root).tables if t.name == "areas")
    fast, exact = (structure.read(root / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS, fast=f)
                   for f in (True, False))
    assert (fast.reader, exact.reader) == ("fast", "exact")
    assert first_problem(fast, table) == first_problem(exact, table) == (5, "the row is empty; delete the line")


@pytest.mark.parametrize(("ragged", "reader"), [(3, "fast"), (4, "exact")])
def test_more_ragged_rows_than_the_fast_reader_puts_back_go_to_the_exact_reader(
        package: Package, monkeypatch: pytest.MonkeyPatch, ragged: int, reader: str) -> None:
    """A header short of a column makes every row ragged: past the limit the parse stops, and the exact reader reads."""
    pytest.importorskip("pyarrow")
    monkeypatch.setattr(structure, "MAX_RAGGED_ROWS", 3)
    rows = b"".join(b"syr-%d,Area %d,admin2,SYR,SY%d\n" % (n, n, n) for n in range(ragged))  # one cell short each
    root = package(AREAS + rows)
    assert structure.read(root / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS).reader == reader
    assert findings(root) == [("missing-cell", line) for line in range(5, 5 + ragged)]
