"""Output files are replaced atomically and never written inside a data package."""

from __future__ import annotations

from pathlib import Path

import pytest

from idlibstats.faces.output import OutputRefused, atomic_file, write_text
from idlibstats.package.folder import DataPackage


def test_an_interrupted_write_leaves_the_old_file_byte_identical(tmp_path: Path) -> None:
    target = tmp_path / "out" / "table.csv"
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
