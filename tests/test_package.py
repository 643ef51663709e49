"""Every table of the shipped package loads, is typed as the contract says, and passes its schema."""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import subprocess
import sys

import pandas as pd
import pandera.errors
import pytest
from conftest import REPO

import idlibstats
from idlibstats.package.contract import tables as table_contracts
from idlibstats.package.folder import DataPackage

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
NAMES = [r["name"] for r in DESCRIPTOR["resources"]]
CLAIMS = [r["name"] for r in DESCRIPTOR["resources"] if r.get("idlibstats", {}).get("kind") == "claims"]


def test_tables_lists_every_resource() -> None:
    assert idlibstats.tables() == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_table_loads_and_passes_its_schema(name: str) -> None:
    frame = idlibstats.load(name, history=True)
    assert len(frame) > 0
    idlibstats.schema(name).validate(frame, lazy=True)


@pytest.mark.parametrize("name", NAMES)
def test_csv_header_matches_descriptor(name: str) -> None:
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    with open(REPO / resource["path"], encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [f["name"] for f in resource["schema"]["fields"]]


@pytest.mark.parametrize("name", NAMES)
def test_columns_are_typed_as_the_contract_says(name: str) -> None:
    frame = idlibstats.load(name, history=True)
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    for field in resource["schema"]["fields"]:
        dtype = frame[field["name"]].dtype
        if "enum" in field.get("constraints", {}):
            assert isinstance(dtype, pd.CategoricalDtype)
            assert list(dtype.categories) == field["constraints"]["enum"]
        else:
            expected = {"integer": "Int64", "date": "datetime64[ns]", "string": "string"}[field["type"]]
            assert str(dtype) == expected, field["name"]


@pytest.mark.parametrize("name", NAMES)
def test_empty_cells_are_missing_never_empty_strings(name: str) -> None:
    frame = idlibstats.load(name, history=True)
    for column in frame.select_dtypes(include=["string", "category"]).columns:
        assert not (frame[column].astype("string") == "").any(), column


CLAIM_CORE = ["claim_id", "source_id", "claimant", "period_start", "period_end", "date_precision", "stated_as",
              "qualifier", "value_low", "value_best", "value_high", "quote", "locator", "notes", "status", "supersedes"]


def fields_of(name: str) -> dict[str, dict]:
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    return {f["name"]: {k: v for k, v in f.items() if k != "hxl"} for f in resource["schema"]["fields"]}


@pytest.mark.parametrize("field", CLAIM_CORE[1:])
def test_claim_core_field_is_declared_identically_in_every_claims_table(field: str) -> None:
    """The core is necessarily written once per table in the descriptor; this keeps the copies equal."""
    declarations = [fields_of(name)[field] for name in CLAIMS]
    assert all(d == declarations[0] for d in declarations)


@pytest.mark.parametrize("name", CLAIMS)
def test_claim_ids_carry_the_table_prefix_with_any_number_of_digits(name: str) -> None:
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    pattern = resource["schema"]["fields"][0]["constraints"]["pattern"]
    prefix = pattern[1:4]
    assert pattern == f"^{prefix}-[0-9]+$"
    assert (idlibstats.load(name, history=True)["claim_id"].str.fullmatch(pattern)).all()


def test_installed_package_holds_this_checkouts_data(shipped: DataPackage) -> None:
    """A stale install would make every other test check old data: compare byte for byte."""
    assert shipped.root.resolve() != REPO, (
        "the package under test is this checkout itself (an editable install, or `python -m pytest` from the "
        "root), so comparing it with the checkout proves nothing: install it with `pip install '.[test]'` "
        "and run `pytest`")
    relative = ["datapackage.json"] + [r["path"] for r in DESCRIPTOR["resources"]]
    relative += [p.relative_to(REPO).as_posix() for p in (REPO / "seeds").iterdir()]
    for path in relative:
        installed = hashlib.sha256(shipped.path_of(path).read_bytes()).hexdigest()
        here = hashlib.sha256((REPO / path).read_bytes()).hexdigest()
        assert installed == here, f"{path} differs from the installed copy: reinstall (pip install '.[test]')"


def test_version_is_defined_once() -> None:
    assert importlib.metadata.version("idlibstats") == DESCRIPTOR["version"] == idlibstats.__version__
    assert "version" not in (REPO / "pyproject.toml").read_text().split("[project]")[1].split("[")[0].replace(
        'dynamic = ["version"]', "")


def test_import_is_cheap() -> None:
    heavy = "('pandas', 'pandera', 'frictionless', 'matplotlib', 'polars')"
    code = f"import sys, idlibstats; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_load_works_from_any_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = "import idlibstats; print(len(idlibstats.load('casualties')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert int(out.stdout) == len(idlibstats.load("casualties"))


def test_every_source_is_cited_and_every_citation_resolves() -> None:
    sources = set(idlibstats.load("sources")["source_id"])
    cited = set()
    for name in CLAIMS + ["events"]:
        cited |= set(idlibstats.load(name, history=True)["source_id"])
    assert cited <= sources
    assert sources <= cited, f"sources no row cites: {sorted(sources - cited)}"


def test_history_false_returns_only_active_claims(package_copy: DataPackage) -> None:
    from idlibstats.frames.loading import load

    active_before = load("casualties", package=package_copy)
    path = package_copy.path_of("data/casualties.csv")
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert ",active," in text[1]
    text[1] = text[1].replace(",active,", ",withdrawn,")
    path.write_text("".join(text), encoding="utf-8")
    active = load("casualties", package=package_copy)
    every = load("casualties", package=package_copy, history=True)
    assert len(active) == len(active_before) - 1
    assert len(every) == len(every[every["status"] != "active"]) + len(active)
    assert set(active["status"]) == {"active"}


def test_schema_rejects_a_cell_outside_its_enum(shipped: DataPackage) -> None:
    frame = idlibstats.load("casualties")
    frame["outcome"] = frame["outcome"].cat.add_categories(["captured"])
    frame.loc[0, "outcome"] = "captured"
    with pytest.raises(pandera.errors.SchemaErrors, match="captured"):
        idlibstats.schema("casualties").validate(frame, lazy=True)


def test_schema_rejects_a_dangling_foreign_key() -> None:
    frame = idlibstats.load("casualties")
    frame.loc[0, "source_id"] = "no-such-source"
    with pytest.raises(pandera.errors.SchemaErrors, match="foreign-key:source_id->sources"):
        idlibstats.schema("casualties").validate(frame, lazy=True)


def test_load_refuses_a_date_in_another_format(package_copy: DataPackage) -> None:
    from idlibstats.errors import DataError
    from idlibstats.frames.loading import load

    path = package_copy.path_of("data/casualties.csv")
    path.write_text(path.read_text(encoding="utf-8").replace("2020-02-03", "03/02/2020", 1), encoding="utf-8")
    with pytest.raises(DataError, match="'03/02/2020' is not an ISO date"):
        load("casualties", package=package_copy)


def test_table_contracts_cover_every_resource(shipped: DataPackage) -> None:
    assert [t.name for t in table_contracts(shipped)] == NAMES
