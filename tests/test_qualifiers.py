"""The qualifier -> bounds mapping documented in datapackage.json and README."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from idlibstats.claims.qualifiers import QUALIFIERS, Bounds, bounds


@pytest.mark.parametrize(
    ("qualifier", "value", "upper", "expected"),
    [
        ("exact", 7, None, Bounds(7, 7, 7)),
        ("about", 586000, None, Bounds(None, 586000, None)),
        ("nearly", 900000, None, Bounds(None, 900000, 900000)),
        ("at_least", 1800, None, Bounds(1800, None, None)),
        ("more_than", 1800, None, Bounds(1800, None, None)),
        ("fewer_than", 50, None, Bounds(None, None, 50)),
        ("up_to", 50, None, Bounds(None, None, 50)),
        ("range", 10, 15, Bounds(10, None, 15)),
        ("vague", 200, None, Bounds(200, None, None)),
    ],
    ids=lambda v: str(v),
)
def test_bounds_follow_the_documented_mapping(qualifier, value, upper, expected) -> None:  # type: ignore[no-untyped-def]
    assert bounds(qualifier, value, upper) == expected


def test_zero_is_a_value_not_a_missing_one() -> None:
    assert bounds("exact", 0) == Bounds(0, 0, 0)


@pytest.mark.parametrize(("qualifier", "value", "upper"), [("guess", 1, None), ("range", 15, 10), ("range", 1, None)])
def test_bounds_refuse_what_the_mapping_does_not_cover(qualifier, value, upper) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        bounds(qualifier, value, upper)


def test_mapping_covers_exactly_the_contracts_qualifiers() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            if field["name"] == "qualifier":
                assert tuple(field["constraints"]["enum"]) == QUALIFIERS
                for qualifier in QUALIFIERS:
                    assert qualifier in field["description"]


def test_readme_table_sets_the_bounds_the_mapping_sets() -> None:
    """README's qualifier table is written by hand; it must say what SET_BOUNDS says."""
    from idlibstats.claims.qualifiers import SET_BOUNDS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[0].strip("`") in SET_BOUNDS:
            rows[cells[0].strip("`")] = tuple(bool(c) for c in cells[2:])
    assert rows == SET_BOUNDS
