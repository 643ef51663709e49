"""Output files are replaced atomically and never written inside a data package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from idlibstats.faces.output import (
    OutputRefused,
    atomic_file,
    output_folder,
    write_text,
)
from idlibstats.package.folder import DataPackage


def test_an_interrupted_write_leaves_the_old_file_byte_identical(tmp_path: Path) -> None:
    target = tmp_path / "out" / "table.csv"
    target.parent.mkdir()
    write_text(target, "old,content\n")
    before = target.read_bytes()
    with pytest.raises(RuntimeError), atomic_file(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("simulated failure mid-write")
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["table.csv"]


def test_a_completed_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    write_text(target, "old\n")
    write_text(target, "new\n")
    assert target.read_text() == "new\n"


@pytest.mark.parametrize("relative", ["data/casualties.csv", "datapackage.json", "seeds/new.txt"])
def test_writing_into_a_package_is_refused(package_copy: DataPackage, relative: str) -> None:
    with pytest.raises(OutputRefused, match="part of the data package"):
        write_text(package_copy.root / relative, "x")


def test_writing_beside_a_package_is_allowed(package_copy: DataPackage) -> None:
    (package_copy.root / "exports").mkdir()
    write_text(package_copy.root / "exports" / "x.csv", "x\n")
    assert (package_copy.root / "exports" / "x.csv").read_text() == "x\n"


def test_a_new_file_gets_the_usual_permissions_and_a_replaced_file_keeps_its_own(tmp_path: Path) -> None:
    import os
    import stat

    umask = os.umask(0o022)
    try:
        target = tmp_path / "new.csv"
        write_text(target, "x\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        write_text(target, "y\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(umask)


@pytest.mark.parametrize(("make", "relative", "says"), [
    (lambda root: None, "", "the output path is empty"),
    (lambda root: None, "missing/x.csv", "the folder {root}/missing does not exist"),
    (lambda root: (root / "plain").write_text("x"), "plain/x.csv", "the folder {root}/plain is not a folder"),
    (lambda root: (root / "folder").mkdir(), "folder", "this is a folder; name a file to write"),
], ids=["empty", "missing-folder", "file-as-folder", "folder-as-file"])
def test_a_file_that_cannot_be_written_is_refused_before_anything_is_written(
        tmp_path: Path, make, relative: str, says: str) -> None:  # type: ignore[no-untyped-def]
    make(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    target = str(tmp_path / relative) if relative else ""
    with pytest.raises(OutputRefused, match=re.escape(says.format(root=tmp_path))):
        write_text(target, "x\n")
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_folder_output_refuses_a_file_and_an_empty_path(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(OutputRefused, match="this is a file, not a folder"):
        output_folder(tmp_path / "plain")
    with pytest.raises(OutputRefused, match="the output path is empty"):
        output_folder("")
    assert output_folder(tmp_path / "new" / "deeper").is_dir()
