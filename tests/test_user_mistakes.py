"""Every command's user mistakes: one line on stderr saying what to do, exit 2, never "internal error".

Only a bug in idlibstats may say "internal error" (exit 3). Each mistake is made as a person would
make it, in a fresh folder, through the installed command (``python -m idlibstats``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import idlibstats
from idlibstats.errors import EXIT_INVALID, EXIT_USAGE, IdlibstatsError, UnknownTable
from idlibstats.package.folder import DataPackage

MARKERLESS = "# A README\n\nNo data dictionary here.\n"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idlibstats", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


def ragged_package(folder: Path) -> Path:
    """A copy of the shipped package whose casualties.csv has a row with two cells too many."""
    shipped = DataPackage.shipped()
    root = folder / "ragged"
    root.mkdir()
    shutil.copy2(shipped.root / "datapackage.json", root / "datapackage.json")
    for part in ("data", "seeds"):
        shutil.copytree(shipped.root / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    path = root / "data" / "casualties.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].rstrip("\r\n") + ",extra,cells\n"
    path.write_text("".join(lines), encoding="utf-8")
    return root


def markerless(folder: Path) -> str:
    readme = folder / "README.md"
    readme.write_text(MARKERLESS, encoding="utf-8")
    return str(readme)


def a_file(folder: Path) -> str:
    target = folder / "taken"
    target.write_text("not a folder\n", encoding="utf-8")
    return str(target)


def a_folder(folder: Path) -> str:
    target = folder / "a-folder"
    target.mkdir()
    return str(target)


# Each mistake: an id, and the command line it makes in a fresh folder.
MISTAKES: dict[str, Callable[[Path], list[str]]] = {
    "dictionary --write a file without the markers": lambda d: ["dictionary", "--write", markerless(d)],
    "dictionary --write a missing file": lambda d: ["dictionary", "--write", str(d / "no-such-README.md")],
    "dictionary --write an empty path": lambda d: ["dictionary", "--write", ""],
    "site --out an empty path": lambda d: ["site", "--out", ""],
    "site --out under a missing folder": lambda d: ["site", "--out", str(d / "no-such-folder" / "site")],
    "site --out an existing file": lambda d: ["site", "--out", a_file(d)],
    "export --out an empty path": lambda d: ["export", "--out", ""],
    "export --out under a missing folder": lambda d: ["export", "--out", str(d / "no-such-folder" / "exports")],
    "export --out an existing file": lambda d: ["export", "--out", a_file(d)],
    "export --format bad": lambda d: ["export", "--format", "bad", "--out", str(d / "exports")],
    "export an unknown table": lambda d: ["export", "--out", str(d / "exports"), "no-such-table"],
    "plot --out an empty path": lambda d: ["plot", "casualties", "--out", ""],
    "plot --out under a missing folder": lambda d: ["plot", "casualties", "--out", str(d / "no-such-folder" / "c.png")],
    "plot --out an existing folder": lambda d: ["plot", "casualties", "--out", a_folder(d)],
    "plot a table without claims": lambda d: ["plot", "sources", "--out", str(d / "sources.png")],
    "compare a table without claims": lambda d: ["compare", "sources"],
    "compare an unknown table": lambda d: ["compare", "no-such-table"],
    "cite an unknown table": lambda d: ["cite", "no-such-table"],
    "extract a missing document": lambda d: ["extract", str(d / "no-such-document.txt")],
    "extract --out an empty path": lambda d: ["extract", a_file(d), "--out", ""],
    "summary --package a folder without a package": lambda d: ["summary", "--package", str(d)],
    "diff a folder that is no package and no revision": lambda d: ["diff", str(d / "no-such-folder"), "HEAD"],
}


def assert_one_line_mistake(result: subprocess.CompletedProcess[str]) -> None:
    lines = result.stderr.splitlines()
    assert result.returncode == EXIT_USAGE, (result.returncode, result.stderr)
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{result.stderr}"
    assert "internal error" not in result.stderr.lower(), result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert lines[0].startswith("idlibstats: error"), lines[0]


@pytest.mark.parametrize("mistake", list(MISTAKES), ids=list(MISTAKES))
def test_a_user_mistake_is_one_line_on_stderr_with_exit_2(tmp_path: Path, mistake: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    before = sorted(p.name for p in work.iterdir())
    result = run(work, *MISTAKES[mistake](work))
    assert_one_line_mistake(result)
    made = sorted(p.name for p in work.iterdir())
    assert set(made) - set(before) <= {"README.md", "taken", "a-folder"}, f"files written despite the mistake: {made}"
    assert not (work / "no-such-folder").exists(), "a mistyped folder was created"


def test_an_empty_out_writes_nothing_into_the_current_folder(tmp_path: Path) -> None:
    for command in (["site", "--out", ""], ["export", "--out", ""], ["export", "--format", "csv", "--out", ""]):
        result = run(tmp_path, *command)
        assert_one_line_mistake(result)
        assert "empty" in result.stderr
        assert list(tmp_path.iterdir()) == [], f"{command} wrote {sorted(p.name for p in tmp_path.iterdir())}"


def test_a_readme_without_markers_is_left_as_it_was(tmp_path: Path) -> None:
    readme = markerless(tmp_path)
    result = run(tmp_path, "dictionary", "--write", readme)
    assert_one_line_mistake(result)
    assert "markers" in result.stderr
    assert Path(readme).read_text(encoding="utf-8") == MARKERLESS


def test_exports_of_two_formats_keep_each_other(tmp_path: Path) -> None:
    """The HXL export is <table>.hxl.csv: a plain CSV export into the same folder replaces nothing."""
    out = tmp_path / "exports"
    assert run(tmp_path, "export", "--out", str(out), "areas").returncode == 0
    hxl = (out / "areas.hxl.csv").read_text(encoding="utf-8")
    assert run(tmp_path, "export", "--format", "csv", "--out", str(out), "areas").returncode == 0
    assert (out / "areas.hxl.csv").read_text(encoding="utf-8") == hxl
    assert (out / "areas.csv").is_file()


# A broken package is not a usage mistake: its data is invalid (exit 1), said on stdout, table by table.


def findings_per_table(report: dict) -> dict[str, int]:  # type: ignore[type-arg]
    counts: dict[str, int] = {}
    for finding in report["errors"]:
        counts[finding["resource"]] = counts.get(finding["resource"], 0) + 1
    return counts


def test_summary_of_a_ragged_package_marks_each_table_with_validates_count(tmp_path: Path) -> None:
    root = ragged_package(tmp_path)
    checked = run(tmp_path, "validate", str(root), "--format", "json")
    assert checked.returncode == EXIT_INVALID, checked.stderr
    assert checked.stderr == ""
    expected = findings_per_table(json.loads(checked.stdout))
    assert expected == {"casualties": 1}

    result = run(tmp_path, "summary", "--package", str(root), "--format", "json")
    assert result.returncode == EXIT_INVALID, result.stderr
    assert result.stderr == "" and "Traceback" not in result.stdout
    report = json.loads(result.stdout)
    assert report["passes"] is False
    assert report["findings"] == sum(expected.values())
    tables = {t["name"]: t for t in report["tables"]}
    assert list(tables) == idlibstats.tables(), "every table is summarised, not only those before the broken one"
    for name, table in tables.items():
        assert table["findings"] == expected.get(name, 0), name
        assert table["passes"] is (name not in expected)
    assert tables["casualties"]["rows"] == len(idlibstats.load("casualties", history=True))

    text = run(tmp_path, "summary", "--package", str(root))
    assert text.returncode == EXIT_INVALID and text.stderr == ""
    assert "FAILS (1 finding)" in text.stdout
    assert text.stdout.count("passes") == len(tables) - 1
    assert f"idlibstats validate {root}" in text.stdout


def test_validate_of_a_ragged_package_reports_the_row_and_exits_1(tmp_path: Path) -> None:
    root = ragged_package(tmp_path)
    result = run(tmp_path, "validate", str(root))
    assert result.returncode == EXIT_INVALID
    assert result.stderr == "" and "Traceback" not in result.stdout
    assert "line 5" in result.stdout and "extra-cell" in result.stdout


def test_summary_counts_what_validate_counts_for_the_installed_package(tmp_path: Path) -> None:
    result = run(tmp_path, "summary", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["findings"] == 0 and all(t["findings"] == 0 and t["passes"] for t in report["tables"])


# From Python: the same mistakes raise an IdlibstatsError whose message says what to do, in one line.


def test_loading_an_unknown_table_names_the_tables_there_are() -> None:
    with pytest.raises(UnknownTable) as raised:
        idlibstats.load("no-such-table")
    message = str(raised.value)
    assert "\n" not in message
    assert all(name in message for name in idlibstats.tables())


def test_loading_from_a_folder_without_a_package_says_so(tmp_path: Path) -> None:
    with pytest.raises(IdlibstatsError) as raised:
        idlibstats.load("casualties", path=tmp_path)
    assert "\n" not in str(raised.value) and "datapackage.json" in str(raised.value)


def test_loading_a_ragged_table_says_which_line_and_what_to_run(tmp_path: Path) -> None:
    root = ragged_package(tmp_path)
    with pytest.raises(IdlibstatsError) as raised:
        idlibstats.load("casualties", path=root)
    message = str(raised.value)
    assert "\n" not in message and ":5:" in message and "idlibstats validate" in message
