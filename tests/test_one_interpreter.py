"""One interpreter of datapackage.json: whatever `validate` refuses, `load()` refuses with the same message."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from idlibstats.errors import DescriptorError, IdlibstatsError
from idlibstats.frames.loading import load
from idlibstats.package.folder import DataPackage
from idlibstats.validation.engine import validate


def edit(package: DataPackage, change: Callable[[dict], None]) -> Path:  # type: ignore[type-arg]
    path = package.root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return package.root


def resource(descriptor: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(r for r in descriptor["resources"] if r["name"] == name)


def field(descriptor: dict, table: str, name: str) -> dict:  # type: ignore[type-arg]
    return next(f for f in resource(descriptor, table)["schema"]["fields"] if f["name"] == name)


CHANGES: dict[str, Callable[[dict], None]] = {  # type: ignore[type-arg]
    "format-xls": lambda d: resource(d, "areas").update(format="xls"),
    "encoding-latin-1": lambda d: resource(d, "areas").update(encoding="latin-1"),
    "dialect-semicolon": lambda d: resource(d, "areas").update(dialect={"delimiter": ";"}),
    "minimum-on-a-string": lambda d: field(d, "areas", "name").update(constraints={"minimum": 1}),
    "pattern-that-does-not-compile": lambda d: field(d, "areas", "name").update(constraints={"pattern": "(["}),
    "unknown-type": lambda d: field(d, "areas", "name").update(type="geopoint"),
    "foreign-key-to-no-table": lambda d: resource(d, "casualties")["schema"]["foreignKeys"].append(
        {"fields": ["area_id"], "reference": {"resource": "regions", "fields": ["region_id"]}}),
    "path-leaving-the-package": lambda d: resource(d, "areas").update(path="../areas.csv"),
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_load_refuses_what_validate_refuses_with_the_same_message(package_copy: DataPackage, change: str) -> None:
    root = edit(package_copy, CHANGES[change])
    report = validate(root)
    assert not report.usable, report.errors
    first = report.errors[0]
    with pytest.raises(DescriptorError) as refused:
        load("casualties", path=root)
    assert refused.value.message == first.message


def test_a_package_folder_without_a_descriptor_is_named(tmp_path: Path) -> None:
    report = validate(tmp_path)
    with pytest.raises(IdlibstatsError) as refused:
        load("casualties", path=tmp_path)
    assert refused.value.message == report.errors[0].message and str(tmp_path) in refused.value.message
