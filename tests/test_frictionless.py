"""The reference validator accepts the package (frictionless is a test dependency only)."""

from __future__ import annotations

import frictionless
from conftest import REPO


def test_frictionless_validates_the_package() -> None:
    report = frictionless.validate(str(REPO / "datapackage.json"))
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors


def test_descriptor_follows_data_package_v2() -> None:
    package = frictionless.Package(str(REPO / "datapackage.json"))
    descriptor = package.to_descriptor()
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for resource in package.resources:
        assert resource.type == "table"
        assert resource.encoding == "utf-8"
