"""Every property of Data Package v2 and Table Schema v2 is checked as the standard says, or refused by name.

The list is ``idlibstats.package.descriptor.PROPERTIES``; CONTRIBUTING.md's table is generated from it.
Each property has a fixture spec in fixture_specs.PROPERTY_SPECS (a small mutation of the valid package
and the findings it must give): a refused property gives a ``package-error`` that names it and says it is
not supported, and ``load()`` refuses the package with the same message; a checked one gives its
findings on their lines, the same from both readers. Where frictionless implements a property as the
standard says, it reports what idlibstats reports (the parity test below keeps each resource's dialect,
which test_validate_parity.py replaces).
"""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import pytest
from conftest import REPO
from fixture_specs import PROPERTY_BY_NAME, build_properties, property_spec_name
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idlibstats.errors import DescriptorError
from idlibstats.frames.loading import load
from idlibstats.package import descriptor
from idlibstats.package.descriptor import KNOWN, LIMITED, METADATA, PROPERTIES, REFUSED, render_markdown
from idlibstats.validation.engine import validate

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
START, END = "<!-- properties:start", "<!-- properties:end -->"
NAMES = sorted(PROPERTY_BY_NAME)
REFUSING = sorted(name for name, s in PROPERTY_BY_NAME.items() if (None, "package-error", None) in s.expected)

# the specs of checked properties on which frictionless 5 agrees with idlibstats, finding for finding
AGREES = {
    "property-package-dollar-schema-v1", "property-resource-name", "property-resource-encoding-utf-8-sig",
    "property-resource-encoding-utf8", "property-resource-bytes", "property-resource-bytes-matching",
    "property-resource-hash", "property-resource-hash-sha256", "property-resource-hash-sha256-changed",
    "property-dialect-headerJoin", "property-dialect-commentChar", "property-dialect-lineTerminator-lf",
    "property-dialect-skipInitialSpace", "property-dialect-csv", "property-schema-fieldsMatch-exact",
    "property-schema-missingValues", "property-schema-missingValues-labels", "property-schema-missingValues-none",
    "property-schema-primaryKey", "property-foreign-key-fields", "property-foreign-key-reference",
    "property-field-type", "property-field-format", "property-field-missingValues", "property-field-trueValues",
    "property-field-falseValues", "property-constraint-required", "property-constraint-unique",
    "property-constraint-minLength", "property-constraint-maxLength", "property-constraint-minimum",
    "property-constraint-minimum-date", "property-constraint-maximum", "property-constraint-exclusiveMinimum",
    "property-constraint-exclusiveMaximum", "property-constraint-pattern", "property-constraint-enum",
    "property-constraint-enum-date", "property-constraint-enum-number", "property-type-string", "property-type-integer",
    "property-type-number",
    "property-type-boolean", "property-type-date", "property-type-any", "property-format-default",
}
# where frictionless 5 does otherwise, and why idlibstats follows the standard (or is stricter)
DIFFERS = {
    "property-dialect-nullSequence": "frictionless does not read the dialect's nullSequence as missing",
    "property-dialect-skipInitialSpace-unset": "frictionless reads ' 12' as the integer 12; Table Schema's "
                                               "integers have no spaces",
    "property-resource-hash-sha1": "frictionless checks md5 and sha256 digests only",
    "property-schema-uniqueKeys": "frictionless 5 does not check uniqueKeys",
    "property-field-categories": "frictionless 5 does not check categories",
}
# frictionless type -> the idlibstats types that say the same
SAME = {
    "type-error": {"type-error"}, "constraint-error": {"constraint-error"}, "unique-error": {"unique-error", "primary-key"},
    "primary-key": {"primary-key"}, "foreign-key": {"foreign-key"}, "blank-row": {"blank-row"},
    "extra-cell": {"extra-cell"}, "missing-cell": {"missing-cell"}, "byte-count": {"byte-count"},
    "hash-count": {"hash-count"}, "missing-label": {"missing-label"}, "extra-label": {"extra-label"},
    "incorrect-label": {"incorrect-label"}, "blank-label": {"blank-label"}, "duplicate-label": {"duplicate-label"},
    "encoding-error": {"encoding-error"},
}
THEIRS = set().union(*SAME.values())


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_properties(tmp_path_factory.mktemp("property-packages"))


def test_contributing_lists_every_property() -> None:
    section = CONTRIBUTING.split(START, 1)[1].split("\n", 1)[1].split(END, 1)[0].strip("\n") + "\n"
    assert section == render_markdown(), \
        "regenerate: paste the output of `idlibstats validate --list-properties` between the markers in CONTRIBUTING.md"


def test_the_list_holds_the_standard() -> None:
    """The properties of Data Package v2, Table Dialect and Table Schema v2 (datapackage.org), every one."""
    standard = {
        "package": {"resources", "$schema", "name", "id", "licenses", "title", "description", "homepage", "image",
                    "version", "created", "keywords", "contributors", "sources"},
        "resource": {"name", "path", "data", "type", "$schema", "title", "description", "format", "mediatype",
                     "encoding", "bytes", "hash", "sources", "licenses", "dialect", "schema"},
        "dialect": {"$schema", "header", "headerRows", "headerJoin", "commentRows", "commentChar", "delimiter",
                    "lineTerminator", "quoteChar", "doubleQuote", "escapeChar", "nullSequence", "skipInitialSpace",
                    "property", "itemType", "itemKeys", "sheetNumber", "sheetName", "table"},
        "schema": {"fields", "$schema", "fieldsMatch", "missingValues", "primaryKey", "uniqueKeys", "foreignKeys"},
        "field": {"name", "type", "format", "title", "description", "example", "constraints", "categories",
                  "categoriesOrdered", "missingValues", "rdfType", "trueValues", "falseValues", "decimalChar",
                  "groupChar", "bareNumber", "delimiter", "itemType"},
        "constraint": {"required", "unique", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
                       "exclusiveMaximum", "jsonSchema", "pattern", "enum"},
        "type": {"string", "number", "integer", "boolean", "object", "array", "list", "datetime", "date", "time",
                 "year", "yearmonth", "duration", "geopoint", "geojson", "any"},
    }
    for level, names in standard.items():
        assert names <= set(KNOWN[level]), (level, names - set(KNOWN[level]))
    assert all(p.treatment in descriptor.TREATMENTS and p.how for p in PROPERTIES)
    assert len({(p.level, p.name) for p in PROPERTIES}) == len(PROPERTIES)


def test_every_property_has_a_fixture() -> None:
    missing = [(p.level, p.name) for p in PROPERTIES if property_spec_name(p.level, p.name) not in PROPERTY_BY_NAME]
    assert missing == []


@pytest.mark.parametrize("name", NAMES)
def test_each_property_fixture_gives_its_findings(name: str, built: dict[str, Path]) -> None:
    report = validate(built[name])
    assert {(f.resource, f.type, f.line) for f in report.errors} == set(PROPERTY_BY_NAME[name].expected)
    assert report.to_dict() == validate(built[name], fast=False).to_dict()


@pytest.mark.parametrize("prop", [p for p in PROPERTIES if p.treatment in (REFUSED, METADATA, LIMITED)
                                  and property_spec_name(p.level, p.name) in REFUSING],
                         ids=lambda p: property_spec_name(p.level, p.name))
def test_a_refusal_names_the_property(prop: descriptor.Property, built: dict[str, Path]) -> None:
    report = validate(built[property_spec_name(prop.level, prop.name)])
    [finding] = [f for f in report.errors if f.type == "package-error"]
    name = prop.name.split(": ")[-1] if prop.level == "format" else prop.name
    if prop.level == "format" and name == "a strptime pattern":
        name = "%d/%m/%Y"
    assert name in finding.message
    if prop.treatment in (REFUSED, LIMITED) or prop.level in ("type", "format"):
        assert "not supported" in finding.message
    assert report.exit_code == 2


@pytest.mark.parametrize("name", REFUSING)
def test_load_refuses_what_validate_refuses_with_the_same_message(name: str, built: dict[str, Path]) -> None:
    first = validate(built[name]).errors[0]
    with pytest.raises(DescriptorError) as refused:
        load("casualties", path=built[name])
    assert refused.value.message == first.message


@pytest.mark.parametrize("name", ["misplaced-field-required", "misplaced-resource-primaryKey",
                                  "misplaced-schema-delimiter"])
def test_a_misplaced_key_is_named_with_where_it_belongs(name: str, built: dict[str, Path]) -> None:
    [finding] = validate(built[name]).errors
    assert "it belongs in" in finding.message


@pytest.mark.parametrize("name", ["unknown-field-key", "unknown-schema-key", "unknown-dialect-key",
                                  "unknown-constraint", "unknown-foreign-key-key"])
def test_an_unknown_key_is_refused(name: str, built: dict[str, Path]) -> None:
    [finding] = validate(built[name]).errors
    assert "misspelt?" in finding.message


def test_the_shipped_package_states_nothing_refused() -> None:
    assert validate().valid


@pytest.mark.parametrize("name", ["utf-8", "UTF-8", "utf8", "utf_8", "U8", "utf-8-sig", "UTF-8-SIG"])
def test_every_name_of_utf8_is_accepted(name: str) -> None:
    assert descriptor.utf8(name)


@pytest.mark.parametrize("name", ["latin-1", "windows-1252", "utf-16", "ascii", "no-such-encoding", 8])
def test_other_encodings_are_not_utf8(name: object) -> None:
    assert not descriptor.utf8(name)


@pytest.mark.parametrize("name", ["areas", "Areas", "areas 2020", "aires-géographiques", "a.b_c-d"])
def test_resource_names_of_v2_are_accepted(name: str) -> None:
    assert descriptor.name_problem(name) is None


@pytest.mark.parametrize("name", ["", "a/b", "..", "a\\b", "tab\there", 7])
def test_resource_names_that_cannot_name_a_file_are_refused(name: object) -> None:
    assert descriptor.name_problem(name)


def test_hash_values_name_their_algorithm() -> None:
    assert descriptor.hash_of("ABCDEF") == ("md5", "abcdef")
    assert descriptor.hash_of("sha256:00ff") == ("sha256", "00ff")


# --- parity with frictionless, the dialect kept ---------------------------------------------------------

def frictionless_findings(folder: Path) -> list[tuple[str | None, str, int | None]]:
    import frictionless

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            report = frictionless.Package(str(folder / "datapackage.json")).validate()
        except frictionless.FrictionlessException as error:
            return [(None, error.error.type, None)]
    found: list[tuple[str | None, str, int | None]] = [(None, e.type, None) for e in report.errors]
    for task in report.tasks:
        for e in task.errors:
            row = getattr(e, "row_number", None)
            line = row_lines(folder, task.name)[row] if row is not None else None
            found.append((task.name, e.type, line))
    return found


def row_lines(folder: Path, name: str) -> dict[int, int]:
    """frictionless row number -> the physical line where that row starts."""
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    path = next(r["path"] for r in meta["resources"] if r["name"] == name)
    lines, previous = {}, 0
    with open(folder / path, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        for number, _ in enumerate(reader, start=1):
            lines[number] = previous + 1
            previous = reader.line_num
    return lines


@pytest.mark.parametrize("name", sorted(AGREES))
def test_frictionless_reports_what_idlibstats_reports(name: str, built: dict[str, Path]) -> None:
    ours = {(f.resource, f.type, f.line) for f in validate(built[name]).errors}
    theirs = set(frictionless_findings(built[name]))
    missed = [t for t in theirs if not any((o[0], o[2]) == (t[0], t[2]) and o[1] in SAME.get(t[1], {t[1]})
                                           for o in ours)]
    extra = [o for o in ours if o[1] in THEIRS and not any(
        (o[0], o[2]) == (t[0], t[2]) and o[1] in SAME.get(t[1], {t[1]}) for t in theirs)]
    assert (missed, extra) == ([], [])


def test_the_lists_of_agreement_and_difference_name_property_specs() -> None:
    assert AGREES <= set(NAMES) and set(DIFFERS) <= set(NAMES) and not AGREES & set(DIFFERS)
    assert not AGREES & set(REFUSING)


# --- any value of any property ----------------------------------------------------------------------

JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True)
                    | st.text(max_size=8) | st.sampled_from(["", "0", "1", "-1", "1e3", "2020-01-01", "2020-02-30",
                                                             "true", "NA", ",", ";", "#", "\\N", "utf-8-sig",
                                                             "9" * 5000, "sha256:" + "0" * 64, "exact"]),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=6)
PLACES = {level: sorted(KNOWN[level]) + ["contraints", "x-custom"] for level in
          ("package", "resource", "dialect", "schema", "field", "constraint")}


def place(d: dict, level: str, key: str, value: object, field_name: str) -> None:  # type: ignore[type-arg]
    resource = d["resources"][1]
    field = next(f for f in resource["schema"]["fields"] if f["name"] == field_name)
    target = {"package": d, "resource": resource, "dialect": resource.setdefault("dialect", {}),
              "schema": resource["schema"], "field": field,
              "constraint": field.setdefault("constraints", {})}[level]
    target[key] = value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(level=st.sampled_from(sorted(PLACES)), data=st.data(), value=JSON,
       field_name=st.sampled_from(["area_id", "name", "pcode", "parent_id"]))
def test_any_value_of_any_property_is_checked_or_refused_never_a_crash(
        tmp_path_factory: pytest.TempPathFactory, level: str, data: st.DataObject, value: object,
        field_name: str) -> None:
    from fixture_specs import Draft

    key = data.draw(st.sampled_from(PLACES[level]))
    draft = Draft.base()
    assert isinstance(draft.descriptor, dict)
    place(draft.descriptor, level, key, value, field_name)
    try:
        json.dumps(draft.descriptor, allow_nan=False)
    except ValueError:
        return  # not JSON: json-error, tested elsewhere
    folder = tmp_path_factory.mktemp("any-property")
    for relative, content in draft.files().items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(content)
    report = validate(folder)
    assert report.exit_code in (0, 1, 2), [f.to_dict() for f in report.errors]
    if not report.usable:
        with pytest.raises(DescriptorError) as refused:
            load("areas", path=folder)
        assert refused.value.message == report.errors[0].message
