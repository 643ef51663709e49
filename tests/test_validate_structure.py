"""Reading a CSV's structure: the line where each row starts, whichever reader reads it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from idlibstats.frames import reader as structure
from idlibstats.validation.engine import validate

VALID = FIXTURES / "valid"
AREAS = (VALID / "data" / "areas.csv").read_bytes()
FIELDS = ["area_id", "name", "level", "iso3", "pcode", "parent_id"]


def package(tmp_path: Path, areas: bytes) -> Path:
    root = tmp_path / "package"
    shutil.copytree(VALID, root)
    (root / "data" / "areas.csv").write_bytes(areas)
    return root


def findings(root: Path) -> list[tuple[str, int | None]]:
    report = validate(root)
    assert report.to_dict() == validate(root, fast=False).to_dict()
    return [(f.type, f.line) for f in report.errors]


def test_plain_files_are_read_by_the_fast_reader_and_others_by_the_exact_one(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    plain = structure.read(VALID / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS)
    assert plain.reader == "fast"
    ragged = package(tmp_path, AREAS + b"syr-hama,Hama\n") / "data" / "areas.csv"
    assert structure.read(ragged, "areas", "data/areas.csv", FIELDS).reader == "exact"


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["lf", "crlf", "cr"])
def test_lines_count_every_kind_of_line_end(tmp_path: Path, end: bytes) -> None:
    rows = AREAS.rstrip(b"\n").split(b"\n") + [b"syr-hama,Hama,admin1,SYR,sy05,syr"]
    assert findings(package(tmp_path, end.join(rows) + end)) == [("constraint-error", 5)]


def test_an_open_quote_on_the_last_line_is_found_without_a_final_line_end(tmp_path: Path) -> None:
    """pyarrow reads the end of the file as a closing quote; the gate does not."""
    areas = AREAS + b'syr-hama,"Hama,admin1,SYR,SY05,syr'
    assert ("quote-error", 5) in findings(package(tmp_path, areas))


def test_a_cell_over_several_lines_keeps_the_lines_after_it_right(tmp_path: Path) -> None:
    areas = AREAS + b'syr-hama,"Hama\non\nthree lines",admin1,SYR,SY05,syr\nsyr-homs,Homs,admin1,SYR,sy04,syr\n'
    assert findings(package(tmp_path, areas)) == [("constraint-error", 8)]


def test_a_cell_larger_than_the_csv_module_default_limit_is_read(tmp_path: Path) -> None:
    areas = AREAS + b'syr-hama,"' + b"x" * 200_000 + b'",admin1,SYR,sy05,syr\n'
    assert findings(package(tmp_path, areas)) == [("constraint-error", 5)]


def test_a_row_of_empty_cells_is_a_blank_row(tmp_path: Path) -> None:
    assert findings(package(tmp_path, AREAS + b",,,,,\n")) == [("blank-row", 5)]


def test_a_bom_is_not_part_of_the_first_label(tmp_path: Path) -> None:
    assert findings(package(tmp_path, b"\xef\xbb\xbf" + AREAS)) == []


def test_a_wide_identifier_column_gives_the_same_findings_from_both_readers(tmp_path: Path) -> None:
    """Over 50,000 rows of distinct identifiers the fast reader keeps them in Arrow: same findings."""
    rows = [f"syr-{n},Area {n},admin2,SYR,SY{n},syr".encode() for n in range(60_000)]
    rows[1000] = rows[1000].replace(b"syr-1000,", b"Syr-1000,")  # breaks the slug pattern
    rows[2000] = rows[2000].replace(b"syr-2000,", b"syr-1999,")  # repeats an identifier
    rows[3000] = rows[3000].replace(b"Area 3000", b"=Area 3000")  # a formula-like name
    root = package(tmp_path, AREAS + b"\n".join(rows) + b"\n")
    assert findings(root) == [("constraint-error", 1005), ("primary-key", 2005), ("formula-like-value", 3005)]
    if structure.read(root / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS).reader == "fast":
        assert structure.read(root / "data" / "areas.csv", "areas", "data/areas.csv", FIELDS).columns[0].wide
