"""Exports: plain CSV and HXL CSV with formulas neutralised, typed Parquet, and the `export` command."""

from __future__ import annotations

import csv
import datetime
import io
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import REPO
from frames import python_values

import idlibstats
from idlibstats.cli.main import main
from idlibstats.errors import MissingDependency, UnknownTable
from idlibstats.faces.exporting import export, neutralise
from idlibstats.faces.output import OutputRefused
from idlibstats.frames.loading import load
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage

NAMES = idlibstats.tables()
# Cells a spreadsheet would run as formulas, put into text fields of a copy of the package.
FORMULAS = {
    "claimant": "=HYPERLINK(\"http://example.org\",\"x\")",
    "stated_as": "+7",
    "victim_affiliation": "-2+3",
    "locator": "@SUM(A1:A2)",
    "notes": "\tcmd|' /C calc'!A0",
    "quote": "\r=1",
}


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def plant_formulas(package: DataPackage) -> None:
    """Put FORMULAS into the first casualties row of ``package``."""
    path = package.path_of("data/casualties.csv")
    rows = read_csv(path)
    header = rows[0]
    for name, text in FORMULAS.items():
        rows[1][header.index(name)] = text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)  # \r\n: a cell with a bare \r gets quoted
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"], ids=repr)
def test_neutralise_prefixes_formula_starts(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "more than 1.7 million", "'=already quoted", "a=b", " -1"], ids=repr)
def test_neutralise_leaves_other_text_alone(text: str) -> None:
    assert neutralise(text) == text


@pytest.mark.parametrize("fmt", ["csv", "hxl"])
def test_csv_exports_neutralise_formulas_and_keep_everything_else(
        fmt: str, package_copy: DataPackage, tmp_path: Path) -> None:
    plant_formulas(package_copy)
    [written] = export(tmp_path, format=fmt, tables=["casualties"], package=package_copy)
    assert written == tmp_path / ("casualties.hxl.csv" if fmt == "hxl" else "casualties.csv")
    exported = read_csv(written)
    original = read_csv(package_copy.path_of("data/casualties.csv"))
    body = exported[2:] if fmt == "hxl" else exported[1:]
    assert exported[0] == original[0]
    assert len(body) == len(original) - 1
    header = original[0]
    for name, text in FORMULAS.items():
        assert body[0][header.index(name)] == "'" + text, name
    untouched = [i for i, name in enumerate(header) if name not in FORMULAS]
    assert [[row[i] for i in untouched] for row in body] == [[row[i] for i in untouched] for row in original[1:]]
    assert body[1:] == original[2:]


def test_parquet_keeps_the_text_as_it_is(package_copy: DataPackage, tmp_path: Path) -> None:
    """Parquet is not opened by spreadsheets as text: no apostrophes there."""
    plant_formulas(package_copy)
    export(tmp_path, format="parquet", tables=["casualties"], package=package_copy)
    first = pq.read_table(tmp_path / "casualties.parquet").slice(0, 1).to_pylist()[0]
    assert {name: first[name] for name in FORMULAS} == FORMULAS


@pytest.mark.parametrize("name", NAMES)
def test_plain_csv_export_is_the_data_file_byte_for_byte(name: str, tmp_path: Path) -> None:
    """No shipped cell needs neutralising, so the export must reproduce data/ exactly."""
    export(tmp_path, format="csv", tables=[name])
    assert (tmp_path / f"{name}.csv").read_bytes() == (REPO / "data" / f"{name}.csv").read_bytes()


def arrow_type_is_right(arrow_type: pa.DataType, field) -> bool:  # type: ignore[no-untyped-def]
    if field.enum is not None:
        return pa.types.is_dictionary(arrow_type) and pa.types.is_string(arrow_type.value_type)
    return {"date": pa.types.is_date32, "integer": pa.types.is_int64, "string": pa.types.is_string}[field.type](
        arrow_type)


@pytest.mark.parametrize("name", NAMES)
def test_parquet_round_trip_preserves_types_and_values(name: str, tmp_path: Path, shipped: DataPackage) -> None:
    export(tmp_path, format="parquet", tables=[name])
    arrow = pq.read_table(tmp_path / f"{name}.parquet")
    frame = load(name, history=True)
    contract = table_contract(shipped, name)
    assert arrow.column_names == contract.field_names
    assert arrow.num_rows == len(frame)
    for field in contract.fields:
        assert arrow_type_is_right(arrow.schema.field(field.name).type, field), field.name
        assert arrow.column(field.name).to_pylist() == python_values(frame[field.name]), field.name


def test_parquet_dates_are_dates_and_enums_keep_every_category(tmp_path: Path, shipped: DataPackage) -> None:
    export(tmp_path, format="parquet", tables=["casualties"])
    arrow = pq.read_table(tmp_path / "casualties.parquet")
    assert isinstance(arrow.column("period_start").to_pylist()[0], datetime.date)
    qualifier = arrow.column("qualifier").combine_chunks()
    assert qualifier.dictionary.to_pylist() == list(table_contract(shipped, "casualties").field("qualifier").enum)


def test_parquet_without_pyarrow_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingDependency, match=r"pip install pyarrow \(in a clone of idlibstats: pip install '\.\[parquet\]'\)"):
        export(tmp_path / "out", format="parquet")
    assert not (tmp_path / "out").exists()


def test_an_unknown_table_stops_the_export_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(UnknownTable, match="no table named 'nope'"):
        export(tmp_path / "out", tables=["casualties", "nope"])
    assert not (tmp_path / "out").exists()


def test_export_refuses_to_write_into_the_package(package_copy: DataPackage) -> None:
    with pytest.raises(OutputRefused):
        export(package_copy.root / "data", format="csv", tables=["areas"], package=package_copy)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format must be one of hxl, csv, parquet"):
        export(tmp_path, format="xlsx")


def test_export_command_writes_one_file_per_table(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "idlibstats", "export", "--format", "parquet", "--out",
                             str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{name}.parquet" for name in NAMES)
    assert f"wrote {len(NAMES)} parquet files" in result.stdout
    assert result.stderr == "", "no progress when stderr is not a terminal"


def test_export_command_error_is_one_line_on_stderr_with_exit_2(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "idlibstats", "export", "--out", str(tmp_path), "nope"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "unknown-table" in result.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("quiet", [False, True], ids=["terminal", "terminal-quiet"])
def test_progress_shows_on_a_terminal_unless_quiet(quiet: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    args = ["export", "--format", "csv", "--out", str(tmp_path), "areas", "events"] + (["--quiet"] if quiet else [])
    assert main(args) == 0
    if quiet:
        assert terminal.getvalue() == ""
        assert capsys.readouterr().out == ""
    else:
        assert terminal.getvalue().splitlines() == ["exporting areas (1/2)", "exporting events (2/2)"]
        assert "wrote 2 csv files" in capsys.readouterr().out

