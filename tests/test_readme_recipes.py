"""README's "Questions and how to answer them" stays true: every recipe runs, and prints what the README shows.

Each ```python or ```sh block of the section is run (the Python blocks one after the other, in one
namespace, as a reader pastes them; each command in a fresh folder), and every line of the
```text block that follows it must be a line of what it printed (``…`` stands for lines left out).
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

SECTION = "## Questions and how to answer them"
BLOCK = re.compile(r"```(?P<kind>[a-z]+)\n(?P<body>.*?)```", re.S)


def recipes() -> list[tuple[str, str, str | None]]:
    """The section's runnable blocks, each with the output the README shows after it (``None``: none shown)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    end = readme.index("\n## ", start + len(SECTION))
    blocks = [(m["kind"], m["body"]) for m in BLOCK.finditer(readme[start:end])]
    found = []
    for number, (kind, body) in enumerate(blocks):
        if kind in ("python", "sh"):
            shown = blocks[number + 1][1] if number + 1 < len(blocks) and blocks[number + 1][0] == "text" else None
            found.append((kind, body, shown))
    return found


def test_the_section_has_recipes_with_their_outputs() -> None:
    found = recipes()
    assert len(found) >= 5
    assert sum(shown is not None for _, _, shown in found) >= 5


def test_every_recipe_prints_what_the_readme_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for number, (kind, body, shown) in enumerate(recipes()):
        if kind == "python":
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(body, f"README recipe {number}", "exec"), namespace)  # noqa: S102
            output = printed.getvalue()
        else:
            output = ""
            for line in body.splitlines():
                words = shlex.split(line, comments=True)
                if not words:
                    continue
                assert words[0] == "idlibstats", line
                folder = tmp_path / f"recipe-{number}"
                folder.mkdir(exist_ok=True)
                result = subprocess.run([sys.executable, "-m", "idlibstats", *words[1:]], capture_output=True,
                                        text=True, cwd=folder, timeout=600)
                assert result.returncode == 0, (line, result.stderr)
                output += result.stdout
        if shown is None:
            continue
        printed_lines = {line.rstrip() for line in output.splitlines()}
        for line in shown.splitlines():
            if line.strip() in ("", "…"):
                continue
            assert line.rstrip() in printed_lines, f"recipe {number} no longer prints {line!r}; it printed:\n{output}"
