"""The command line: exit codes, output, and no traceback for a user."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest

import idlibstats
from idlibstats.cli.main import main

cli = importlib.import_module("idlibstats.cli.main")  # the module (the package names its function main)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idlibstats", *args], capture_output=True, text=True)


def test_summary_lists_every_table_and_passes() -> None:
    result = run("summary")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # nothing on stderr, not even a warning printed as the interpreter exits
    for name in idlibstats.tables():
        assert name in result.stdout
    assert "The package passes its schemas." in result.stdout


def test_summary_json_counts_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = {t["name"]: t["rows"] for t in report["tables"]}
    assert rows == {name: len(idlibstats.load(name, history=True)) for name in idlibstats.tables()}
    assert report["passes"] is True
    casualties = next(t for t in report["tables"] if t["name"] == "casualties")
    frame = idlibstats.load("casualties", history=True)
    assert casualties["period_start"] == frame["period_start"].min().date().isoformat()
    assert casualties["sources"] == frame["source_id"].nunique()


def test_the_console_script_is_installed() -> None:
    result = subprocess.run(["idlibstats", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert idlibstats.__version__ in result.stdout


def test_usage_error_exits_2_with_one_line() -> None:
    result = run("summary", "--format", "yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_no_command_prints_help_and_exits_2() -> None:
    result = run()
    assert result.returncode == 2
    assert "summary" in result.stdout


def test_dictionary_prints_the_rendered_dictionary(capsys: pytest.CaptureFixture[str]) -> None:
    from idlibstats.faces import dictionary

    assert main(["dictionary"]) == 0
    assert capsys.readouterr().out == dictionary.render()


def test_the_command_ends_with_all_its_output_written(capsys: pytest.CaptureFixture[str]) -> None:
    """The command ends its process at once (no teardown of the interpreter), after flushing what it wrote.

    The report of a valid package is one short line: unflushed, it would still sit in Python's buffer.
    """
    assert main(["validate"]) == 0
    written = capsys.readouterr().out
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    result = subprocess.run([sys.executable, "-m", "idlibstats", "validate"], capture_output=True, text=True,
                            env=buffered)
    assert result.returncode == 0, result.stderr
    assert written.startswith("Valid: ")
    assert result.stdout == written


class FakeMallopt:
    """Stands in for glibc's mallopt: records each (parameter, value) it is given."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.argtypes: object = None
        self.restype: object = None

    def __call__(self, parameter: int, value: int) -> int:
        self.calls.append((parameter, value))
        return 1


def fake_c_library(monkeypatch: pytest.MonkeyPatch) -> FakeMallopt:
    import ctypes
    import types

    mallopt = FakeMallopt()
    monkeypatch.setattr(ctypes, "CDLL", lambda name: types.SimpleNamespace(mallopt=mallopt))
    monkeypatch.setattr(sys, "platform", "linux")
    for name in cli.MALLOC_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return mallopt


def test_the_command_has_malloc_keep_freed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    mallopt = fake_c_library(monkeypatch)
    cli.keep_freed_memory()
    assert mallopt.calls == [(cli.M_TRIM_THRESHOLD, cli.KEPT_FREE), (cli.M_TOP_PAD, cli.TOP_PAD),
                             (cli.M_MMAP_THRESHOLD, cli.MMAP_THRESHOLD)]


@pytest.mark.parametrize("setting", ["GLIBC_TUNABLES", "MALLOC_TOP_PAD_"])
def test_malloc_settings_the_caller_made_are_kept(monkeypatch: pytest.MonkeyPatch, setting: str) -> None:
    mallopt = fake_c_library(monkeypatch)
    monkeypatch.setenv(setting, "glibc.malloc.top_pad=0" if setting == "GLIBC_TUNABLES" else "0")
    cli.keep_freed_memory()
    assert mallopt.calls == []


def test_malloc_is_left_alone_off_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    mallopt = fake_c_library(monkeypatch)
    monkeypatch.setattr(sys, "platform", "darwin")
    cli.keep_freed_memory()
    assert mallopt.calls == []


def test_a_c_library_without_mallopt_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes
    import types

    fake_c_library(monkeypatch)
    monkeypatch.setattr(ctypes, "CDLL", lambda name: types.SimpleNamespace())
    cli.keep_freed_memory()  # musl and others: nothing to set, and nothing raised
