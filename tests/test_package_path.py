"""The library reads a package folder as readily as the installed package: ``path=`` everywhere it reads one."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sample_claims import DISPLACEMENT, SOURCE, enrich

import idlibstats
from idlibstats.errors import IdlibstatsError
from idlibstats.faces.summary import summarise
from idlibstats.package.folder import DataPackage


@pytest.fixture
def folder(package_copy: DataPackage) -> Path:
    """A package folder that differs from the installed one: a version of its own, a source and claims more."""
    package = enrich(package_copy)
    descriptor_path = package.root / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["version"] = "9.9.9"
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return package.root


@pytest.mark.parametrize("as_text", [False, True], ids=["Path", "str"])
def test_load_reads_the_folder(folder: Path, as_text: bool) -> None:
    path = str(folder) if as_text else folder
    shipped = idlibstats.load("displacement", history=True)
    there = idlibstats.load("displacement", history=True, path=path)
    assert len(there) == len(shipped) + len(DISPLACEMENT)
    assert set(there["claim_id"]) - set(shipped["claim_id"]) == {row["claim_id"] for row in DISPLACEMENT}
    active = idlibstats.load("displacement", path=path)
    assert "dis-9004" not in set(active["claim_id"]), "withdrawn: only with history=True"


def test_load_reads_the_descriptor_file_too(folder: Path) -> None:
    assert len(idlibstats.load("sources", path=folder / "datapackage.json")) == len(idlibstats.load("sources")) + 1


def test_tables_and_descriptor_read_the_folder(folder: Path) -> None:
    assert idlibstats.tables(path=folder) == idlibstats.tables()
    assert idlibstats.descriptor(path=folder)["version"] == "9.9.9"
    assert idlibstats.descriptor()["version"] != "9.9.9"


def test_schema_is_built_from_the_folder(folder: Path) -> None:
    """Its foreign keys see the folder's sources: the claims citing the folder's own source pass there only."""
    import pandera.errors

    frame = idlibstats.load("displacement", path=folder)
    added = frame[frame["source_id"] == SOURCE["source_id"]].reset_index(drop=True)
    assert len(added) == len([row for row in DISPLACEMENT if row.get("status", "active") == "active"])
    idlibstats.schema("displacement", path=folder).validate(added)
    with pytest.raises(pandera.errors.SchemaError, match="source_id"):
        idlibstats.schema("displacement").validate(added)


def test_cite_lists_the_folders_sources(folder: Path) -> None:
    text = idlibstats.cite("displacement", path=folder)
    assert "version 9.9.9" in text
    assert f"[{SOURCE['source_id']}]" in text
    assert f"[{SOURCE['source_id']}]" not in idlibstats.cite("displacement")


def test_export_writes_the_folders_rows(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    written = idlibstats.export(out, format="csv", tables=["displacement"], path=folder)
    assert written == [out / "displacement.csv"]
    with open(written[0], encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(idlibstats.load("displacement", history=True, path=folder))
    assert {row["claim_id"] for row in DISPLACEMENT} <= {row["claim_id"] for row in rows}


def test_summary_counts_the_folders_rows(folder: Path) -> None:
    summaries = {s.name: s for s in summarise(path=folder)}
    assert summaries["displacement"].rows == len(idlibstats.load("displacement", history=True, path=folder))
    assert summaries["sources"].rows == len(idlibstats.load("sources")) + 1


def test_a_folder_without_a_package_is_refused_in_one_line(tmp_path: Path) -> None:
    for call in (lambda: idlibstats.tables(path=tmp_path), lambda: idlibstats.descriptor(path=tmp_path),
                 lambda: idlibstats.load("casualties", path=tmp_path), lambda: idlibstats.schema("casualties", path=tmp_path),
                 lambda: idlibstats.cite(path=tmp_path), lambda: idlibstats.export(tmp_path / "out", path=tmp_path)):
        with pytest.raises(IdlibstatsError) as raised:
            call()
        assert "\n" not in str(raised.value) and "datapackage.json" in str(raised.value)
    assert not (tmp_path / "out").exists()
