"""The layers contract of pyproject.toml holds, and it is a check that can fail.

The package under test is copied into a temporary folder with the contract, so import-linter
judges exactly the code the suite exercises; a copy with one upward import must break it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]
from pathlib import Path

import pytest

import idlibstats

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
LINT = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))


def contract() -> dict:  # type: ignore[type-arg]
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]


def copy_with_contract(tmp_path: Path) -> Path:
    shutil.copytree(Path(idlibstats.__file__).parent, tmp_path / "idlibstats",
                    ignore=shutil.ignore_patterns("__pycache__", "_package"))
    lines = ["[tool.importlinter]", f'root_package = "{contract()["root_package"]}"', ""]
    for one in contract()["contracts"]:
        lines += ["[[tool.importlinter.contracts]]", f'name = "{one["name"]}"', f'type = "{one["type"]}"',
                  "layers = [" + ", ".join(f'"{layer}"' for layer in one["layers"]) + "]", ""]
    (tmp_path / "pyproject.toml").write_text("\n".join(lines), encoding="utf-8")
    return tmp_path


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(folder))
    return subprocess.run([LINT, "--config", str(folder / "pyproject.toml"), "--no-cache"], cwd=folder,
                          env=environment, capture_output=True, text=True, timeout=120, check=False)


def test_the_contract_names_every_layer_folder() -> None:
    layers = {name for one in contract()["contracts"] for layer in one["layers"] for name in layer.split(" | ")}
    folders = {f"idlibstats.{p.name}" for p in Path(idlibstats.__file__).parent.iterdir()
               if p.is_dir() and (p / "__init__.py").is_file()}
    assert folders <= layers, folders - layers


def test_the_package_keeps_its_layers(tmp_path: Path) -> None:
    result = lint(copy_with_contract(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("lower", "higher"), [
    ("package/folder.py", "idlibstats.cli"),
    ("frames/loading.py", "idlibstats.rules.registry"),
    ("claims/qualifiers.py", "idlibstats.faces.summary"),
], ids=["package-imports-cli", "frames-import-rules", "claims-import-faces"])
def test_an_upward_import_breaks_the_contract(tmp_path: Path, lower: str, higher: str) -> None:
    folder = copy_with_contract(tmp_path)
    module = folder / "idlibstats" / lower
    module.write_text(module.read_text(encoding="utf-8") + f"\n\ndef _upward() -> None:\n    import {higher}\n",
                      encoding="utf-8")
    result = lint(folder)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout and higher in result.stdout
