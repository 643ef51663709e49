"""The command line is one coherent tool; these tests cover every registered command, present and future."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from conftest import REPO

from idlibstats.cli.main import build_parser


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def one_line_helps() -> dict[str, str]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help for choice in action._choices_actions}


COMMANDS = sorted(subcommands())


def test_there_are_commands() -> None:
    assert {"summary", "dictionary", "export", "cite"} <= set(COMMANDS)


def test_top_level_help_lists_every_command_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = build_parser().format_help()
    lines = text.splitlines()
    for name, help_text in one_line_helps().items():
        assert help_text and "\n" not in help_text, name
        matching = [line for line in lines if line.split()[:1] == [name]]
        assert len(matching) == 1, f"{name} is not listed on a line of its own"
        assert help_text in matching[0], f"{name}'s help does not fit on its line in 80 columns: shorten it"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_has_a_description_and_an_example(name: str) -> None:
    parser = subcommands()[name]
    assert parser.description, f"{name} needs a description"
    text = parser.format_help()
    assert "example:" in text
    assert f"\n  idlibstats {name}" in text, f"{name}'s epilog needs an example command line"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_prints_help_and_exits_0(name: str) -> None:
    result = subprocess.run([sys.executable, "-m", "idlibstats", name, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert f"idlibstats {name}" in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_reports_a_usage_error_on_stderr_with_exit_2(name: str) -> None:
    result = subprocess.run([sys.executable, "-m", "idlibstats", name, "--no-such-option"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: idlibstats") and "error:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_documents_every_command(name: str) -> None:
    assert f"`idlibstats {name}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_faces_import_no_heavy_dependency() -> None:
    code = ("import sys, idlibstats, idlibstats.cli.main, idlibstats.faces.exporting, idlibstats.faces.citation; "
            "print(sorted(m for m in ('pandas', 'pandera', 'polars', 'pyarrow', 'hxl', 'matplotlib', 'frictionless')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_functions_survive_importing_the_modules_behind_them() -> None:
    """A submodule named like a function in ``idlibstats`` would replace it once imported."""
    import idlibstats
    import idlibstats.faces.citation
    import idlibstats.faces.exporting  # noqa: F401

    assert callable(idlibstats.cite) and callable(idlibstats.export) and callable(idlibstats.load)
