"""HXL: the hashtags in datapackage.json follow the standard, and the HXL export is read by libhxl."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import hxl
import pytest
from conftest import REPO
from frames import python_values

import idlibstats
from idlibstats.faces.exporting import export
from idlibstats.package.contract import tables as table_contracts
from idlibstats.package.folder import DataPackage

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
NAMES = [r["name"] for r in DESCRIPTOR["resources"]]
FIELDS = [(r["name"], f) for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"]]
FIELD_IDS = [f"{name}.{field['name']}" for name, field in FIELDS]
# A hashtag, then attributes (HXL tagging conventions: lowercase letters, digits and underscores).
HASHTAG = re.compile(r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$")
NUMERIC_HASHTAGS = ("#affected", "#population", "#inneed", "#targeted", "#reached")


def hashtag(tag: str) -> str:
    return tag.split("+")[0]


def read(path: Path) -> hxl.Dataset:
    return hxl.data(str(path), hxl.InputOptions(allow_local=True))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hxl")
    export(out, format="hxl")
    return out


@pytest.mark.parametrize(("table", "field"), FIELDS, ids=FIELD_IDS)
def test_every_field_has_a_well_formed_hashtag(table: str, field: dict) -> None:
    assert HASHTAG.match(field.get("hxl", "")), f"{table}.{field['name']}: {field.get('hxl')!r}"


@pytest.mark.parametrize(("table", "field"), FIELDS, ids=FIELD_IDS)
def test_hashtag_fits_the_field_type(table: str, field: dict) -> None:
    """Counts are #affected/#population (never #value, HXL's money); only dates are #date; numeric tags hold numbers."""
    tag = hashtag(field["hxl"])
    assert tag != "#value"
    if field["type"] == "integer":
        assert tag in ("#affected", "#population"), field["name"]
    if tag in NUMERIC_HASHTAGS:
        assert field["type"] == "integer", field["name"]
    assert (tag == "#date") == (field["type"] == "date"), field["name"]


@pytest.mark.parametrize("name", NAMES)
def test_no_two_columns_of_a_table_share_a_hashtag(name: str) -> None:
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    tags = [f["hxl"] for f in resource["schema"]["fields"]]
    assert len(set(tags)) == len(tags)


def test_casualty_counts_name_what_they_count() -> None:
    """A casualties row is killed or injured (outcome, #impact+type), so its counts carry neither attribute."""
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == "casualties")
    tags = {f["name"]: f["hxl"] for f in resource["schema"]["fields"]}
    assert tags["outcome"] == "#impact+type"
    for bound, attribute in (("value_low", "+min"), ("value_best", "+best"), ("value_high", "+max")):
        assert tags[bound] == f"#affected+casualties{attribute}"


@pytest.mark.parametrize("name", NAMES)
def test_libhxl_reads_every_column_of_the_export_with_its_tag(name: str, exported: Path,
                                                             shipped: DataPackage) -> None:
    dataset = read(exported / f"{name}.hxl.csv")
    contract = next(t for t in table_contracts(shipped) if t.name == name)
    assert [c.header for c in dataset.columns] == contract.field_names
    assert all(c.tag for c in dataset.columns), "every column must be tagged"
    assert [c.display_tag for c in dataset.columns] == [f.hxl for f in contract.fields]
    assert len(list(read(exported / f"{name}.hxl.csv"))) == len(idlibstats.load(name, history=True))


@pytest.mark.parametrize("name", NAMES)
def test_export_passes_libhxls_built_in_schema(name: str, exported: Path) -> None:
    """libhxl's own checks: numbers under #affected/#population, dates under #date, no stray whitespace."""
    report = hxl.validate(read(exported / f"{name}.hxl.csv"))
    problems = [(i["tag_pattern"], i["description"], i["locations"][:1]) for i in report["issues"]]
    assert report["stats"]["error"] == 0 and report["stats"]["warning"] == 0, problems


@pytest.mark.parametrize("name", NAMES)
def test_libhxl_round_trip_gives_back_every_cell(name: str, exported: Path) -> None:
    """What libhxl reads from the export is, cell for cell, what data/<table>.csv holds."""
    with open(REPO / "data" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        body = list(csv.reader(handle))[1:]
    assert [row.values for row in read(exported / f"{name}.hxl.csv")] == body


def test_libhxl_reads_counts_under_their_tags(exported: Path) -> None:
    frame = idlibstats.load("casualties", history=True)
    rows = list(read(exported / "casualties.hxl.csv"))
    best = [row.get("#affected+casualties+best") for row in rows]
    assert best == [None if v is None else str(v) for v in python_values(frame["value_best"])]
    assert [row.get("#meta+id") for row in rows] == list(frame["claim_id"])


def test_readme_recipe_gives_hxls_killed_attribute(exported: Path) -> None:
    """The README shows how to turn +casualties into HXL's +killed by filtering on the outcome."""
    frame = idlibstats.load("casualties", history=True)
    killed = (read(exported / "casualties.hxl.csv")
              .with_rows("#impact+type=killed")
              .rename_columns("#affected+casualties+best:#affected+killed+best"))
    values = [row.get("#affected+killed+best") for row in killed]
    expected = python_values(frame.loc[frame["outcome"] == "killed", "value_best"])
    assert values == [None if v is None else str(v) for v in expected]
    assert len(values) > 0
