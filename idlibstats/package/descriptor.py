"""What makes ``datapackage.json`` unusable: the one list of a descriptor's problems.

Every reader of a package goes through here: :meth:`DataPackage.open
<idlibstats.package.folder.DataPackage.open>` (and so :func:`idlibstats.load`, ``schema``, every face)
refuses a descriptor with the first problem listed, and ``idlibstats validate`` reports each of
them as a finding, with the same message. Nothing here reads a data file: a descriptor that
cannot be used, or a resource path that leaves the package folder, is refused before any file is
opened. A descriptor without problems is then turned into tables by :mod:`idlibstats.package.contract`.

Nothing a descriptor states is ignored. :data:`PROPERTIES` lists every property of Data Package v2,
Data Resource, Table Dialect and Table Schema v2 (and the few of v1 and of frictionless still met in
the wild), each with what ``validate`` does with it: checks the data against it as the standard
says, checks its form (metadata, which says nothing about the data), or refuses the descriptor with
a ``package-error`` that names the property and says it is not supported. CONTRIBUTING.md's table
of properties is generated from that list (:func:`render_markdown`). In a dialect, a schema, a
foreign key, a field and its constraints, a key the standard does not define there is refused too,
named with the place where it belongs when it belongs elsewhere: a misspelt or misplaced key
(``"contraints"``, ``"required": true`` beside ``"type"``) would otherwise leave a column unchecked
without a word. Packages and resources may carry properties of their own (``idlibstats``), as the
standard allows; keys that belong in a resource's dialect or schema are refused there too.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from idlibstats.findings import Finding

DESCRIPTOR = "datapackage.json"
SUPPORTED_TYPES = ("string", "integer", "number", "boolean", "date")
REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

# The lexical forms of Table Schema's types as this project reads them (casting and the polars backend use these)
INTEGER = r"^[+-]?[0-9]+$"
NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$|^(?:NaN|INF|-INF)$"
FINITE = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
MISSING_VALUES = ("",)
LONGEST_NUMBER = 100  # digits: a constraint's number beyond this is refused (Python reads at most 4300)
HASHES = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}  # algorithm -> hex digits of its digest
CSV_KEYS = ("delimiter", "lineTerminator", "quoteChar", "doubleQuote", "escapeChar", "nullSequence", "skipInitialSpace")
PROFILE = r"^https://datapackage\.org/profiles/[12]\.[0-9]+/{}\.json$"
V1_PROFILE = "https://specs.frictionlessdata.io/schemas/{}.json"

CHECKED, LIMITED, METADATA, REFUSED = "checked", "limited", "metadata", "refused"
TREATMENTS = {
    CHECKED: "checked",
    LIMITED: "checked; other values refused",
    METADATA: "metadata; its form is checked",
    REFUSED: "refused",
}
LEVELS = ("package", "resource", "dialect", "schema", "foreign key", "field", "constraint", "type", "format")
# where a key of each level belongs, said to a contributor who put it elsewhere
PLACES = {
    "package": "at the top of datapackage.json",
    "resource": "in the resource itself",
    "dialect": "in the resource's 'dialect'",
    "schema": "in the resource's 'schema'",
    "foreign key": "in a foreign key of 'foreignKeys'",
    "field": "in a field of 'fields'",
    "constraint": "in the field's 'constraints'",
}


@dataclass(frozen=True)
class Property:
    """A property of the standard (or of v1, or of frictionless) and what ``validate`` does with it.

    ``types``: for field and constraint properties, the field types it applies to (empty: every type).
    """

    level: str
    name: str
    treatment: str
    how: str
    types: tuple[str, ...] = ()
    origin: str = "v2"  # "v2" (Data Package v2), "v1" (an earlier version), "frictionless", "idlibstats"


def _p(level: str, name: str, treatment: str, how: str, types: tuple[str, ...] = (), origin: str = "v2") -> Property:
    return Property(level, name, treatment, how, types, origin)


TEXT = "A string."
NUMERIC = ("integer", "number")
ORDERED = ("integer", "number", "date")
PROPERTIES: tuple[Property, ...] = (
    # the package
    _p("package", "resources", CHECKED, "A non-empty array of resources, each checked as below."),
    _p("package", "$schema", LIMITED, "The Data Package profile of version 1 or 2 "
       "(`https://datapackage.org/profiles/2.0/datapackage.json`); another profile is refused, as the "
       "constraints it adds could not be checked."),
    _p("package", "name", METADATA, TEXT),
    _p("package", "id", METADATA, TEXT),
    _p("package", "licenses", METADATA, "An array of objects, each with a `name` or a `path`."),
    _p("package", "title", METADATA, TEXT),
    _p("package", "description", METADATA, TEXT),
    _p("package", "homepage", METADATA, TEXT),
    _p("package", "image", METADATA, TEXT),
    _p("package", "version", METADATA, TEXT),
    _p("package", "created", METADATA, "An RFC 3339 date and time, such as `2020-03-05T00:00:00Z`."),
    _p("package", "keywords", METADATA, "An array of strings."),
    _p("package", "contributors", METADATA, "An array of objects, each with at least one property."),
    _p("package", "sources", METADATA, "An array of objects, each with at least one property."),
    _p("package", "profile", LIMITED, "`data-package` or `tabular-data-package` (or their v1 profile "
       "addresses), read as v2 reads them; another profile is refused.", origin="v1"),
    # a resource
    _p("resource", "name", CHECKED, "A non-empty string, unique in the package. Any name v2 allows is accepted "
       "(lowercase letters, digits, `.`, `-` and `_` are recommended); a name holding `/`, `\\` or a control "
       "character, or `.` and `..`, is refused, as tables are exported and published under their names."),
    _p("resource", "path", LIMITED, "One relative POSIX path to a CSV file inside the package (`unsafe-path` "
       "otherwise); an array of paths (one table in several files) is refused."),
    _p("resource", "data", REFUSED, "Inline rows are refused: put them in a CSV file named by `path`."),
    _p("resource", "type", LIMITED, "`table`; other types are refused (every resource here is a table)."),
    _p("resource", "$schema", LIMITED, "The Data Resource profile of version 1 or 2; another profile is refused."),
    _p("resource", "title", METADATA, TEXT),
    _p("resource", "description", METADATA, TEXT),
    _p("resource", "format", LIMITED, "`csv` (in any case); other formats are refused."),
    _p("resource", "mediatype", LIMITED, "`text/csv`; other media types are refused."),
    _p("resource", "encoding", LIMITED, "UTF-8 under any of its names (`utf-8`, `UTF-8`, `utf8`, `utf_8`, "
       "`utf-8-sig`, ...): the file is read as UTF-8, with or without a byte order mark; any other "
       "encoding is refused."),
    _p("resource", "bytes", CHECKED, "A whole number: the file's size must be that many bytes (`byte-count` "
       "when it is not)."),
    _p("resource", "hash", CHECKED, "The file's MD5 digest in hex, or `sha1:`, `sha256:` or `sha512:` and that "
       "digest: the file is hashed and must match (`hash-count` when it does not); another algorithm is "
       "refused."),
    _p("resource", "sources", METADATA, "As for the package."),
    _p("resource", "licenses", METADATA, "As for the package."),
    _p("resource", "dialect", CHECKED, "An object, its properties checked as below; a dialect in another "
       "file (a path or URL) is refused."),
    _p("resource", "schema", CHECKED, "An inline object, checked as below; a schema in another file is refused."),
    _p("resource", "profile", LIMITED, "`tabular-data-resource` or `data-resource` (or their v1 profile "
       "addresses); another profile is refused.", origin="v1"),
    _p("resource", "url", REFUSED, "v0's name for `path`: refused; name the file in `path`.", origin="v1"),
    _p("resource", "scheme", LIMITED, "`file`; remote schemes are refused (nothing is fetched).",
       origin="frictionless"),
    _p("resource", "compression", REFUSED, "Compressed files are refused: commit the CSV file itself.",
       origin="frictionless"),
    _p("resource", "innerpath", REFUSED, "A file inside an archive: refused, as archives are.",
       origin="frictionless"),
    _p("resource", "extrapaths", REFUSED, "More files of the table: refused; one table is one file.",
       origin="frictionless"),
    # a resource's dialect
    _p("dialect", "$schema", LIMITED, "The Table Dialect profile of version 1 or 2; another profile is refused."),
    _p("dialect", "header", LIMITED, "`true`: the first row is the header; `false` is refused."),
    _p("dialect", "headerRows", LIMITED, "`[1]`; a header of several rows, or on another row, is refused."),
    _p("dialect", "headerJoin", CHECKED, "A string; with the one header row there is nothing to join."),
    _p("dialect", "commentRows", REFUSED, "Rows skipped by their number: refused; mark comment rows with "
       "`commentChar` instead."),
    _p("dialect", "commentChar", CHECKED, "A string: a row whose first cell begins with it is skipped, wherever it "
       "stands (above the header too); the rows after it keep their own line numbers."),
    _p("dialect", "delimiter", LIMITED, "`,`; other delimiters are refused."),
    _p("dialect", "lineTerminator", LIMITED, "`\\r\\n`, `\\n` or `\\r` (a file may end its lines with any of them); "
       "others are refused."),
    _p("dialect", "quoteChar", LIMITED, "`\"`; other quote characters are refused."),
    _p("dialect", "doubleQuote", LIMITED, "`true` (`\"\"` inside a quoted cell is one `\"`); `false` is refused."),
    _p("dialect", "escapeChar", REFUSED, "Escaping with a character is refused: quote cells and double the quotes."),
    _p("dialect", "nullSequence", CHECKED, "A string read as a missing value in every field, before casting."),
    _p("dialect", "skipInitialSpace", CHECKED, "`true`: spaces right after a comma are not part of the cell "
       "(`1, 2` reads `2`); `false` (the default) keeps them."),
    _p("dialect", "property", REFUSED, "For JSON data; data files here are CSV."),
    _p("dialect", "itemType", REFUSED, "For JSON data; data files here are CSV."),
    _p("dialect", "itemKeys", REFUSED, "For JSON data; data files here are CSV."),
    _p("dialect", "sheetNumber", REFUSED, "For spreadsheets; data files here are CSV."),
    _p("dialect", "sheetName", REFUSED, "For spreadsheets; data files here are CSV."),
    _p("dialect", "table", REFUSED, "For databases; data files here are CSV."),
    _p("dialect", "csv", CHECKED, "frictionless's nested form, `{\"csv\": {...}}`, holding `delimiter`, "
       "`lineTerminator`, `quoteChar`, `doubleQuote`, `escapeChar`, `nullSequence` or `skipInitialSpace`: each "
       "is treated as above, and one given both ways must agree.", origin="frictionless"),
    _p("dialect", "caseSensitiveHeader", LIMITED, "`true` (labels are compared as written); `false` is refused.",
       origin="v1"),
    _p("dialect", "csvddfVersion", METADATA, "A string or a number.", origin="v1"),
    _p("dialect", "headerCase", LIMITED, "`true` (labels are compared as written); `false` is refused.",
       origin="frictionless"),
    _p("dialect", "skipBlankRows", LIMITED, "`false` (a blank row is a `blank-row`); `true` is refused.",
       origin="frictionless"),
    # a resource's schema
    _p("schema", "fields", CHECKED, "A non-empty array of fields, checked as below."),
    _p("schema", "$schema", LIMITED, "The Table Schema profile of version 1 or 2; another profile is refused."),
    _p("schema", "fieldsMatch", LIMITED, "`exact`: the header names the fields, in their order "
       "(`missing-label`, `extra-label`, `incorrect-label`, `blank-label`, `duplicate-label`); `equal`, "
       "`subset`, `superset` and `partial` are refused."),
    _p("schema", "missingValues", CHECKED, "Strings (or `{\"value\": ..., \"label\": ...}` objects) read as missing in "
       "every field, before casting; by default `[\"\"]`; with `[]` an empty cell is a value (an empty integer "
       "cell is a `type-error`, an empty string satisfies `required`)."),
    _p("schema", "primaryKey", CHECKED, "Fields of the table (a name or an array): rows repeating a key are "
       "`primary-key`, and its fields are required."),
    _p("schema", "uniqueKeys", CHECKED, "An array of keys (arrays of field names): rows repeating a key's values are "
       "`unique-error`; a row with a part of the key missing is not compared."),
    _p("schema", "foreignKeys", CHECKED, "An array of foreign keys, checked as below: each value must be in the "
       "table referred to (`foreign-key`)."),
    # a foreign key
    _p("foreign key", "fields", CHECKED, "Fields of this table (a name or an array)."),
    _p("foreign key", "reference", CHECKED, "An object with `fields` (as many as above) and, to refer to another "
       "table, its `resource`; without a `resource` (or with `\"\"`, as in v1) it refers to this table."),
    # a field
    _p("field", "name", CHECKED, "Unique in the schema (two fields of one name are refused); the header cell at the "
       "field's position must be it."),
    _p("field", "type", LIMITED, "One of the checked types below; a field without a `type` is `any`. Other types are "
       "refused."),
    _p("field", "format", LIMITED, "`default` (see the formats below; v0's `fmt:` prefix is dropped); other "
       "formats are refused."),
    _p("field", "title", METADATA, TEXT),
    _p("field", "description", METADATA, TEXT),
    _p("field", "example", METADATA, "Any value."),
    _p("field", "constraints", CHECKED, "An object, its constraints checked as below."),
    _p("field", "categories", CHECKED, "An array of values (or of `{\"value\": ..., \"label\": ...}` objects): every "
       "value must be one of them (`constraint-error`); an `enum` beside it must be a subset.",
       ("string", "integer")),
    _p("field", "categoriesOrdered", METADATA, "A boolean, beside `categories`.", ("string", "integer")),
    _p("field", "missingValues", CHECKED, "As the schema's `missingValues`, for this field alone: it replaces the "
       "schema's list."),
    _p("field", "rdfType", METADATA, TEXT),
    _p("field", "trueValues", CHECKED, "An array of the texts read as true (by default `true`, `True`, `TRUE`, `1`); "
       "any other text is a `type-error`.", ("boolean",)),
    _p("field", "falseValues", CHECKED, "An array of the texts read as false (by default `false`, `False`, `FALSE`, "
       "`0`); a text both true and false is refused.", ("boolean",)),
    _p("field", "decimalChar", LIMITED, "`.`; another decimal character is refused.", ("number",)),
    _p("field", "groupChar", REFUSED, "Digit grouping (`1,000`) is refused: write numbers as plain digits.", NUMERIC),
    _p("field", "bareNumber", LIMITED, "`true`; `false` (numbers with a currency or a percent sign) is refused.",
       NUMERIC),
    _p("field", "delimiter", REFUSED, "For `list` fields, which are refused.", ("list",)),
    _p("field", "itemType", REFUSED, "For `list` fields, which are refused.", ("list",)),
    _p("field", "hxl", METADATA, "A string: the field's HXL hashtag, used by `idlibstats export`.",
       origin="idlibstats"),
    # a field's constraints
    _p("constraint", "required", CHECKED, "`true`: an empty cell (or a missing value) is a `constraint-error`."),
    _p("constraint", "unique", CHECKED, "`true`: a value repeating an earlier row's, as typed, is a `unique-error`."),
    _p("constraint", "minLength", CHECKED, "A whole number: a shorter text is a `constraint-error`.", ("string",)),
    _p("constraint", "maxLength", CHECKED, "A whole number: a longer text is a `constraint-error`.", ("string",)),
    _p("constraint", "minimum", CHECKED, "A value of the field's type (a JSON number, or a string the field "
       "reads): a smaller value is a `constraint-error`.", ORDERED),
    _p("constraint", "maximum", CHECKED, "As `minimum`, for a larger value.", ORDERED),
    _p("constraint", "exclusiveMinimum", CHECKED, "As `minimum`, but the bound itself is refused too.", ORDERED),
    _p("constraint", "exclusiveMaximum", CHECKED, "As `maximum`, but the bound itself is refused too.", ORDERED),
    _p("constraint", "pattern", CHECKED, "A regular expression the whole text must match (read with Python's `re`, "
       "which agrees with XML Schema's syntax on the usual patterns).", ("string",)),
    _p("constraint", "enum", CHECKED, "A non-empty array: the value, as typed, must be one of them (so `01` is the "
       "integer `1`)."),
    _p("constraint", "jsonSchema", REFUSED, "For `object` and `array` fields, which are refused.", ("object", "array")),
    # the field types
    _p("type", "string", CHECKED, "Any text."),
    _p("type", "integer", CHECKED, "Digits with an optional sign, no separators (up to 18 digits)."),
    _p("type", "number", CHECKED, "Digits with an optional sign, decimal point and exponent; `NaN`, `INF`, `-INF`."),
    _p("type", "boolean", CHECKED, "One of `trueValues` or `falseValues`."),
    _p("type", "date", CHECKED, "`YYYY-MM-DD`, a day of the calendar."),
    _p("type", "any", CHECKED, "The text as written (what a field without a `type` is)."),
    _p("type", "datetime", REFUSED, "Refused: no field of this project holds a time of day."),
    _p("type", "time", REFUSED, "Refused: no field of this project holds a time of day."),
    _p("type", "year", REFUSED, "Refused: give a `date` (or an `integer`)."),
    _p("type", "yearmonth", REFUSED, "Refused: give a `date` and a precision."),
    _p("type", "duration", REFUSED, "Refused: give a period's start and end as `date` fields."),
    _p("type", "object", REFUSED, "Refused: cells are plain values, not JSON."),
    _p("type", "array", REFUSED, "Refused: cells are plain values, not JSON."),
    _p("type", "list", REFUSED, "Refused: one value per cell."),
    _p("type", "geopoint", REFUSED, "Refused: places are rows of `areas`."),
    _p("type", "geojson", REFUSED, "Refused: places are rows of `areas`."),
    # the formats
    _p("format", "default", CHECKED, "Every checked type in its default form, as above."),
    _p("format", "string: email", REFUSED, "Refused: give a `pattern` if the text must look like an address."),
    _p("format", "string: uri", REFUSED, "Refused: give a `pattern` (as `url` has, `^https?://\\S+$`)."),
    _p("format", "string: uuid", REFUSED, "Refused: give a `pattern`."),
    _p("format", "string: binary", REFUSED, "Refused: cells are text."),
    _p("format", "date: any", REFUSED, "Refused: dates are written `YYYY-MM-DD` only."),
    _p("format", "date: a strptime pattern", REFUSED, "Refused (`%d/%m/%Y` and the like): dates are written "
       "`YYYY-MM-DD` only."),
)
KNOWN: dict[str, dict[str, Property]] = {}
for _property in PROPERTIES:
    KNOWN.setdefault(_property.level, {})[_property.name] = _property
CONSTRAINTS = tuple(KNOWN["constraint"])  # every constraint the standard defines
CHECKED_CONSTRAINTS = tuple(n for n, p in KNOWN["constraint"].items() if p.treatment == CHECKED)
TYPES = tuple(n for n, p in KNOWN["type"].items() if p.treatment == CHECKED)  # any, and the SUPPORTED_TYPES


def render_markdown() -> str:
    """:data:`PROPERTIES` as the Markdown table of CONTRIBUTING.md."""
    lines = ["| level | property | `validate` | what it does |", "|---|---|---|---|"]
    for p in PROPERTIES:
        origin = {"v1": " (v1)", "frictionless": " (frictionless)", "idlibstats": " (idlibstats)"}.get(p.origin, "")
        on = f" ({', '.join(p.types)} fields)" if p.types and p.level in ("field", "constraint") else ""
        name = p.name if p.level in ("type", "format") else f"`{p.name}`"
        how = p.how.replace("|", "\\|")
        lines.append(f"| {p.level} | {name}{origin}{on} | {TREATMENTS[p.treatment]} | {how} |")
    return "\n".join(lines) + "\n"


def read_json(path: Path) -> dict[str, Any] | Finding:
    """The descriptor at ``path``, or the finding that says why it cannot be read (naming the file as given)."""
    where = DESCRIPTOR if path.name == DESCRIPTOR else str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Finding(type="json-error", path=where,
                       message=f"{not_a_descriptor(path)}the descriptor is not UTF-8 (byte {error.start}); "
                               "save it as UTF-8")
    except OSError as error:
        return package_error(f"cannot read the descriptor: {error.strerror or error}", path=where)
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as error:
        return Finding(type="json-error", path=where, message=f"{not_a_descriptor(path)}not valid JSON: {error.msg} "
                                                              f"(line {error.lineno}, column {error.colno})")
    except (RecursionError, ValueError) as error:
        return Finding(type="json-error", path=where, message=f"{not_a_descriptor(path)}not valid JSON: {error}")
    if not isinstance(descriptor, dict):
        return package_error(f"{not_a_descriptor(path)}the descriptor must be a JSON object, not "
                             f"{json_kind(descriptor)}", path=where)
    if not encodable(descriptor):
        return Finding(type="json-error", path=where,
                       message="the descriptor holds a \\u escape that is no character (a lone surrogate)")
    return descriptor


def not_a_descriptor(path: Path) -> str:
    """For a file given by name that is not ``datapackage.json``: the words saying it is not one."""
    if path.name == DESCRIPTOR:
        return ""
    return f"{path} is not a data package descriptor (give a package folder or its {DESCRIPTOR}): "


def encodable(value: Any) -> bool:
    """Whether every string of ``value`` (keys included) is proper Unicode, free of lone surrogates."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
    return True


def package_error(message: str, path: str = DESCRIPTOR) -> Finding:
    return Finding(type="package-error", path=path, message=message)


def as_json(value: Any) -> str:
    """A descriptor's value as it is written in JSON (``true``, ``"\\n"``, ``[1]``)."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def json_kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


# --- the package and its resources --------------------------------------------------------------------

def essentials(descriptor: dict[str, Any]) -> list[str]:
    """What keeps ``descriptor`` from being a data package this project can validate (empty: nothing)."""
    problems = metadata_problems("the package", "package", descriptor)
    problems += profile_problems("the package", descriptor, "datapackage", ("data-package", "tabular-data-package"))
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return problems + ["'resources' must be a non-empty array of tables"]
    names: dict[str, dict[str, Any]] = {}
    for number, resource in enumerate(resources, start=1):
        if not isinstance(resource, dict):
            problems.append(f"resource {number} must be an object, not {json_kind(resource)}")
            continue
        name = resource.get("name")
        refusal = name_problem(name)
        if refusal or not isinstance(name, str):
            problems.append(f"resource {number} needs a 'name': {refusal}")
            continue
        if name in names:
            problems.append(f"resource {name!r} is declared twice")
            continue
        names[name] = resource
        problems += resource_problems(name, resource)
    if problems:
        return problems
    for name, resource in names.items():
        problems += key_problems(name, resource, names)
    return problems


def name_problem(name: Any) -> str | None:
    """Why ``name`` cannot name a resource (``None``: it can). Data Package v2 allows any unique string."""
    if not isinstance(name, str) or not name:
        return "a non-empty string"
    if "/" in name or "\\" in name or name in (".", ".."):
        return f"{name!r} holds a '/' or '\\' or is '.' or '..', and tables are exported under their names"
    if any(unicodedata.category(c).startswith("C") for c in name):
        return f"{name!r} holds a control character"
    return None


def metadata_problems(where: str, level: str, descriptor: dict[str, Any]) -> list[str]:
    """The metadata of a package or a resource, in the form the standard gives it."""
    problems = []
    for key, value in descriptor.items():
        known = KNOWN[level].get(key)
        if known is None or known.treatment != METADATA:
            continue
        if key in ("licenses", "sources", "contributors"):
            if not isinstance(value, list) or not all(isinstance(v, dict) and v for v in value):
                problems.append(f"{where}: {key!r} must be an array of objects, each with at least one property")
            elif key == "licenses" and not all("name" in v or "path" in v for v in value):
                problems.append(f"{where}: each of 'licenses' needs a 'name' or a 'path'")
        elif key == "keywords":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(f"{where}: 'keywords' must be an array of strings")
        elif not isinstance(value, str):
            problems.append(f"{where}: {key!r} must be a string, not {json_kind(value)}")
        elif key == "created" and not rfc3339(value):
            problems.append(f"{where}: 'created' {value!r} is not an RFC 3339 date and time "
                            "(such as 2020-03-05T00:00:00Z)")
    return problems


def rfc3339(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})",
                        text):
        return False
    try:
        datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def profile_problems(where: str, descriptor: dict[str, Any], profile: str,
                     v1_names: tuple[str, ...] | None = None) -> list[str]:
    """``$schema`` (v2) and ``profile`` (v1, of packages and resources) must name the standard's own profile."""
    problems = []
    if "$schema" in descriptor:
        value = descriptor["$schema"]
        if not isinstance(value, str) or not re.fullmatch(PROFILE.format(profile), value):
            problems.append(f"{where}: $schema {value!r} is not supported; expected the standard's profile, "
                            f"https://datapackage.org/profiles/2.0/{profile}.json")
    if v1_names is not None and "profile" in descriptor:
        value = descriptor["profile"]
        allowed = list(v1_names) + [V1_PROFILE.format(n) for n in v1_names]
        if value not in allowed:
            problems.append(f"{where}: profile {value!r} is not supported; expected one of {', '.join(v1_names)}")
    return problems


def refused(where: str, level: str, descriptor: dict[str, Any]) -> list[str]:
    """A problem for each key of ``descriptor`` that the list of properties refuses at ``level``."""
    return [not_supported(where, repr(key), KNOWN[level][key])
            for key in descriptor if key in KNOWN[level] and KNOWN[level][key].treatment == REFUSED]


def not_supported(where: str, what: str, prop: Property) -> str:
    """The refusal of a property, with the reason the list of properties gives."""
    reason = prop.how.replace("`", "'").rstrip(".")
    return f"{where}: {what} is not supported ({reason[0].lower()}{reason[1:]})"


def unknown(where: str, level: str, descriptor: dict[str, Any], only_misplaced: bool = False) -> list[str]:
    """A problem for each key the standard does not define at ``level``: where it belongs, or that it is unknown."""
    problems = []
    for key in descriptor:
        if not isinstance(key, str) or key in KNOWN[level]:
            continue
        homes = [lv for lv in PLACES if key in KNOWN.get(lv, {}) and lv not in ("package", "resource")]
        if homes:
            places = " or ".join(PLACES[lv] for lv in homes)
            problems.append(f"{where}: {key!r} is not a property of a {level}; it belongs {places}")
        elif not only_misplaced:
            problems.append(f"{where}: {key!r} is not a property of a {level} in Table Schema v2 (misspelt?); "
                            "see CONTRIBUTING.md for the properties validate reads")
    return problems


def resource_problems(name: str, resource: dict[str, Any]) -> list[str]:
    where = f"resource {name!r}"
    problems = metadata_problems(where, "resource", resource) + refused(where, "resource", resource)
    problems += unknown(where, "resource", resource, only_misplaced=True)
    problems += profile_problems(where, resource, "dataresource", ("tabular-data-resource", "data-resource"))
    path = resource.get("path")
    if isinstance(path, list):
        problems.append(f"{where}: a 'path' array (one table in several files) is not supported; name one CSV file")
    elif not isinstance(path, str) or not path:
        problems.append(f"{where} needs a 'path' naming one CSV file")
    for key, expected in (("format", "csv"), ("mediatype", "text/csv"), ("scheme", "file"), ("type", "table")):
        if key in resource and str(resource[key]).lower() != expected:
            problems.append(f"{where}: {key} {resource[key]!r} is not supported; expected {expected!r}")
    if "encoding" in resource and not utf8(resource["encoding"]):
        problems.append(f"{where}: encoding {resource['encoding']!r} is not supported; data files are UTF-8")
    problems += integrity_problems(where, resource)
    dialect = resource.get("dialect", {})
    if isinstance(dialect, str):
        problems.append(f"{where}: a dialect in another file ({dialect!r}) is not supported; give it inline")
    elif not isinstance(dialect, dict):
        problems.append(f"{where}: 'dialect' must be an object")
    else:
        problems += dialect_problems(where, dialect)
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        problems.append(f"{where} needs an inline 'schema' object (a schema in another file is not supported)")
        return problems
    problems += schema_problems(where, schema)
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        problems.append(f"{where}: the schema needs a non-empty 'fields' array")
        return problems
    seen: set[str] = set()
    for number, descriptor in enumerate(fields, start=1):
        problems += field_problems(where, number, descriptor, seen)
    own = resource.get("idlibstats", {})
    if not isinstance(own, dict):
        problems.append(f"{where}: 'idlibstats' must be an object")
    else:
        period = own.get("period")
        if period is not None and not (isinstance(period, list) and len(period) == 2
                                       and all(isinstance(p, str) and p in seen for p in period)):
            problems.append(f"{where}: idlibstats.period must name two of its fields")
    return problems


def utf8(encoding: Any) -> bool:
    """Whether ``encoding`` is a name of UTF-8 (with or without its byte order mark)."""
    if not isinstance(encoding, str):
        return False
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def hash_of(value: str) -> tuple[str, str]:
    """``(algorithm, lowercase hex digest)`` of a resource's ``hash`` (MD5 when no algorithm is named)."""
    algorithm, _, digest = value.rpartition(":")
    return algorithm or "md5", digest.lower()


def integrity_problems(where: str, resource: dict[str, Any]) -> list[str]:
    problems = []
    if "bytes" in resource:
        value = resource["bytes"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(f"{where}: 'bytes' must be a whole number (the file's size), not {value!r}")
    if "hash" in resource:
        value = resource["hash"]
        if not isinstance(value, str):
            return problems + [f"{where}: 'hash' must be a string, such as 'sha256:' and the hex digest"]
        algorithm, digest = hash_of(value)
        if algorithm not in HASHES:
            problems.append(f"{where}: hash algorithm {algorithm!r} is not supported; expected md5 (no prefix), "
                            "sha1, sha256 or sha512")
        elif not re.fullmatch(f"[0-9a-f]{{{HASHES[algorithm]}}}", digest):
            problems.append(f"{where}: hash {value!r} is not a {algorithm} digest ({HASHES[algorithm]} hex digits)")
    return problems


def dialect_problems(where: str, dialect: dict[str, Any]) -> list[str]:
    at = f"{where}, dialect"
    problems = refused(at, "dialect", dialect) + unknown(at, "dialect", dialect)
    problems += profile_problems(at, dialect, "tabledialect")
    flat = {k: v for k, v in dialect.items() if k in CSV_KEYS}
    nested = dialect.get("csv", {})
    if not isinstance(nested, dict):
        return problems + [f"{at}: 'csv' must be an object"]
    problems += refused(f"{at}, csv", "dialect", nested)
    for key in nested:
        if key not in CSV_KEYS:
            problems.append(f"{at}: {key!r} is not a property of frictionless's 'csv' form; expected one of "
                            f"{', '.join(CSV_KEYS)}")
        elif key in flat and flat[key] != nested[key]:
            problems.append(f"{at}: {key} is {flat[key]!r} but csv.{key} is {nested[key]!r}; give it once")
    csv_keys = {**nested, **flat}
    plain: dict[str, tuple[Any, ...]] = {"delimiter": (",",), "quoteChar": ('"',), "doubleQuote": (True,),
                                          "lineTerminator": ("\r\n", "\n", "\r"), "header": (True,),
                                          "headerRows": ([1],), "caseSensitiveHeader": (True,), "headerCase": (True,),
                                          "skipBlankRows": (False,)}
    for key, value in {**dialect, **csv_keys}.items():
        if key in plain and not any(value == v and type(value) is type(v) for v in plain[key]):
            problems.append(f"{at}: {key} {as_json(value)} is not supported; data files are plain CSV "
                            f"(expected {' or '.join(as_json(v) for v in plain[key])})")
    for key in ("commentChar", "nullSequence", "headerJoin"):
        value = csv_keys.get(key, dialect.get(key))
        if key in dialect or key in csv_keys:
            if not isinstance(value, str) or (key == "commentChar" and (not value or re.search("[\r\n]", value))):
                problems.append(f"{at}: {key} must be a string" + (" of one or more characters on one line"
                                                                   if key == "commentChar" else ""))
    if "skipInitialSpace" in csv_keys and not isinstance(csv_keys["skipInitialSpace"], bool):
        problems.append(f"{at}: skipInitialSpace must be true or false")
    if "csvddfVersion" in dialect and not isinstance(dialect["csvddfVersion"], (str, int, float)):
        problems.append(f"{at}: csvddfVersion must be a string or a number")
    return problems


def dialect_of(resource: dict[str, Any]) -> dict[str, Any]:
    """A resource's dialect with frictionless's nested ``csv`` form flattened (the descriptor has no problem)."""
    dialect = resource.get("dialect", {})
    if not isinstance(dialect, dict):
        return {}
    flat = {k: v for k, v in dialect.items() if k != "csv"}
    nested = dialect.get("csv", {})
    return {**(nested if isinstance(nested, dict) else {}), **flat}


def schema_problems(where: str, schema: dict[str, Any]) -> list[str]:
    at = f"{where}, schema"
    problems = refused(at, "schema", schema) + unknown(at, "schema", schema)
    problems += profile_problems(at, schema, "tableschema")
    if "fieldsMatch" in schema and schema["fieldsMatch"] != "exact":
        problems.append(f"{at}: fieldsMatch {schema['fieldsMatch']!r} is not supported; expected 'exact' (the "
                        "header names the fields in their order)")
    if "missingValues" in schema:
        problems += missing_values_problems(at, schema["missingValues"])
    return problems


def missing_values_problems(at: str, value: Any) -> list[str]:
    """``missingValues``: unique strings, or objects with a unique string ``value`` and an optional ``label``."""
    bad = [f"{at}: 'missingValues' must be an array of distinct strings, or of objects each with a distinct "
           "string 'value' (and a string 'label')"]
    if not isinstance(value, list):
        return bad
    if all(isinstance(v, str) for v in value):
        return [] if len(set(value)) == len(value) else bad
    if not all(isinstance(v, dict) and isinstance(v.get("value"), str) and set(v) <= {"value", "label"}
               and isinstance(v.get("label", ""), str) for v in value):
        return bad
    values, labels = [v["value"] for v in value], [v["label"] for v in value if "label" in v]
    return [] if len(set(values)) == len(values) and len(set(labels)) == len(labels) else bad


def missing_values_of(value: Any) -> tuple[str, ...]:
    """The strings of a ``missingValues`` (checked already): as given, or the ``value`` of each object."""
    return tuple(v["value"] if isinstance(v, dict) else v for v in value)


# --- fields and constraints -------------------------------------------------------------------------

def type_of(descriptor: dict[str, Any]) -> str:
    """A field's type; ``any`` when none is given, as Table Schema v2 says."""
    return descriptor.get("type", "any")


def field_problems(where: str, number: int, descriptor: Any, seen: set[str]) -> list[str]:
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("name"), str) or not descriptor["name"]:
        return [f"{where}: field {number} needs a 'name'"]
    name = descriptor["name"]
    at = f"{where}, field {name!r}"
    problems = []
    if name in seen:
        problems.append(f"{at} is declared twice")
    seen.add(name)
    type_ = type_of(descriptor)
    if not isinstance(type_, str) or type_ not in TYPES:
        return problems + [f"{at}: type {type_!r} is not supported; expected one of {', '.join(TYPES)}"]
    problems += refused_for(at, "field", descriptor, type_) + unknown(at, "field", descriptor)
    for key in ("title", "description", "rdfType", "hxl"):
        if key in descriptor and not isinstance(descriptor[key], str):
            problems.append(f"{at}: {key!r} must be a string")
    form = descriptor.get("format", "default")
    if isinstance(form, str) and form.startswith("fmt:"):
        form = form[len("fmt:"):]
    if form != "default":
        problems.append(f"{at}: format {descriptor['format']!r} is not supported; only the default formats "
                        "(ISO dates) are")
    if "missingValues" in descriptor:
        problems += missing_values_problems(at, descriptor["missingValues"])
    problems += boolean_words_problems(at, descriptor)
    for key, expected in (("decimalChar", "."), ("bareNumber", True)):
        if key in descriptor and not (descriptor[key] == expected and type(descriptor[key]) is type(expected)):
            problems.append(f"{at}: {key} {as_json(descriptor[key])} is not supported; expected {as_json(expected)}")
    enum_like: list[Any] = []
    if "categories" in descriptor and applies(KNOWN["field"]["categories"], type_):
        categories = descriptor["categories"]
        if isinstance(categories, list) and all(isinstance(c, dict) for c in categories):
            if not all("value" in c and set(c) <= {"value", "label"} and isinstance(c.get("label", ""), str)
                       for c in categories):
                return problems + [f"{at}: each of 'categories' must be a value or an object with a 'value' "
                                   "(and a string 'label')"]
            labels = [c["label"] for c in categories if "label" in c]
            if len(set(labels)) != len(labels):
                problems.append(f"{at}: 'categories' gives a label twice")
            categories = [c["value"] for c in categories]
        problems += values_problems(f"{at}: 'categories'", categories, descriptor, type_)
        enum_like = categories if isinstance(categories, list) else []
    if "categoriesOrdered" in descriptor and (not isinstance(descriptor["categoriesOrdered"], bool)
                                              or "categories" not in descriptor):
        problems.append(f"{at}: 'categoriesOrdered' must be true or false, beside 'categories'")
    constraints = descriptor.get("constraints", {})
    if not isinstance(constraints, dict):
        return problems + [f"{at}: 'constraints' must be an object"]
    problems += refused_for(at, "constraint", constraints, type_, prefix="constraint ")
    problems += [p.replace("not a property of a constraint", "not a constraint")
                 for p in unknown(at, "constraint", constraints)]
    for key, value in constraints.items():
        if key not in CHECKED_CONSTRAINTS or not applies(KNOWN["constraint"][key], type_):
            continue
        if key in ("required", "unique") and not isinstance(value, bool):
            problems.append(f"{at}: constraint {key!r} must be true or false")
        elif key == "enum":
            problems += values_problems(f"{at}: constraint 'enum'", value, descriptor, type_)
            if enum_like and isinstance(value, list) and not all(
                    any(same_value(v, c, type_) for c in enum_like) for v in value):
                problems.append(f"{at}: constraint 'enum' must be a subset of 'categories'")
        elif key == "pattern":
            problems += pattern_problems(at, value)
        elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and not bound_like(value, type_):
            kind = "an ISO date (YYYY-MM-DD)" if type_ == "date" else "a number"
            problems.append(f"{at}: constraint {key!r} must be {kind}")
        elif key in ("minLength", "maxLength") and not (isinstance(value, int) and not isinstance(value, bool)
                                                        and value >= 0):
            problems.append(f"{at}: constraint {key!r} must be a whole number")
    return problems


def applies(prop: Property, type_: str) -> bool:
    return not prop.types or type_ in prop.types


def refused_for(at: str, level: str, descriptor: dict[str, Any], type_: str, prefix: str = "") -> list[str]:
    """Keys of a field (or its constraints) refused outright, or given on a type they do not apply to."""
    problems = []
    for key in descriptor:
        prop = KNOWN[level].get(key)
        if prop is None:
            continue
        if prop.treatment == REFUSED:
            problems.append(not_supported(at, f"{prefix}{key!r}", prop))
        elif not applies(prop, type_):
            problems.append(f"{at}: {prefix}{key!r} is supported on {words(prop.types)} fields only")
    return problems


def words(items: tuple[str, ...]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def boolean_words_problems(at: str, descriptor: dict[str, Any]) -> list[str]:
    problems = []
    for key in ("trueValues", "falseValues"):
        if key in descriptor and not (isinstance(descriptor[key], list)
                                      and all(isinstance(v, str) for v in descriptor[key])):
            problems.append(f"{at}: {key!r} must be an array of strings")
    if not problems:
        truth, falsity = words_of(descriptor)
        both = sorted(set(truth) & set(falsity))
        if both:
            problems.append(f"{at}: {', '.join(repr(b) for b in both)} is both a true and a false value")
    return problems


def words_of(descriptor: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A boolean field's ``(trueValues, falseValues)``, the defaults where it gives none (or gives no strings)."""
    def words(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = descriptor.get(key, default)
        return tuple(value) if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value) else default

    return words("trueValues", TRUE_VALUES), words("falseValues", FALSE_VALUES)


def values_problems(at: str, values: Any, descriptor: dict[str, Any], type_: str) -> list[str]:
    """An ``enum`` (or ``categories``): a non-empty array of values of the field's type, none twice."""
    if not isinstance(values, list) or not values:
        return [f"{at} must be a non-empty array of values"]
    if not all(value_like(v, descriptor, type_) for v in values):
        kind = {"integer": "integers", "number": "numbers", "boolean": "booleans (or its true and false texts)",
                "date": "ISO dates (YYYY-MM-DD)"}.get(type_, "strings or numbers")
        return [f"{at} must be an array of {kind}"]
    typed = [typed_value(v, descriptor, type_) for v in values]
    if len(set(typed)) != len(typed):
        return [f"{at} lists a value twice"]
    return []


def value_like(value: Any, descriptor: dict[str, Any], type_: str) -> bool:
    """Whether ``value`` (a JSON value of an ``enum``) is one of the field's type, as JSON or as text it reads."""
    if isinstance(value, bool):
        return type_ == "boolean"
    if type_ in ("string", "any"):
        return isinstance(value, (str, int, float)) and value == value
    if isinstance(value, str) and len(value) > LONGEST_NUMBER and type_ in ("integer", "number"):
        return False
    if type_ == "integer":
        return (isinstance(value, int) and abs(value) < 10**LONGEST_NUMBER
                or (isinstance(value, float) and value.is_integer())
                or (isinstance(value, str) and re.fullmatch(INTEGER, value) is not None))
    if type_ == "number":
        return (isinstance(value, (int, float)) and value == value and abs(value) < 10**LONGEST_NUMBER) or (
            isinstance(value, str) and re.fullmatch(NUMBER, value) is not None)
    if type_ == "boolean":
        truth, falsity = words_of(descriptor)
        return isinstance(value, str) and value in truth + falsity
    if type_ == "date":
        return iso_date(value)
    return False


def typed_value(value: Any, descriptor: dict[str, Any], type_: str) -> Any:
    """The logical value of a JSON ``enum`` value that :func:`value_like` accepts (compared by the field's type)."""
    if type_ in ("string", "any"):
        return str(value)
    if type_ == "integer":
        return int(float(value)) if not isinstance(value, str) else int(value)
    if type_ == "number":
        return float(value.replace("INF", "inf")) if isinstance(value, str) else float(value)
    if type_ == "boolean":
        return value if isinstance(value, bool) else value in words_of(descriptor)[0]
    return date.fromisoformat(value)


def same_value(a: Any, b: Any, type_: str) -> bool:
    try:
        return bool(typed_value(a, {}, type_) == typed_value(b, {}, type_))
    except (TypeError, ValueError):
        return False


def iso_date(value: Any) -> bool:
    if not isinstance(value, str) or not re.fullmatch(DATE, value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def bound_like(value: Any, type_: str) -> bool:
    """Whether ``value`` can bound a field of ``type_``: a finite number (or its text), or an ISO date."""
    if type_ == "date":
        return iso_date(value)
    if isinstance(value, str):
        return len(value) <= LONGEST_NUMBER and re.fullmatch(FINITE, value) is not None
    return number_like(value) and abs(value) < 10**LONGEST_NUMBER


def pattern_problems(at: str, value: Any) -> list[str]:
    if not isinstance(value, str):
        return [f"{at}: constraint 'pattern' must be a string"]
    try:
        re.compile(value)
    except (re.error, RecursionError, OverflowError) as error:
        return [f"{at}: pattern {value!r} is not a regular expression ({error})"]
    return []


def number_like(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


# --- keys ------------------------------------------------------------------------------------------

def key_problems(name: str, resource: dict[str, Any], resources: dict[str, dict[str, Any]]) -> list[str]:
    where = f"resource {name!r}"
    schema = resource["schema"]
    fields = [f["name"] for f in schema["fields"]]
    problems = []
    primary_key = schema.get("primaryKey", [])
    keys = names_of(primary_key)
    if keys is None or any(k not in fields for k in keys):
        problems.append(f"{where}: primaryKey {primary_key!r} must name fields of the table")
    unique_keys = schema.get("uniqueKeys", [[fields[0]]])
    if not isinstance(unique_keys, list) or not unique_keys or not all(
            isinstance(k, list) and k and all(isinstance(n, str) and n in fields for n in k) for k in unique_keys):
        problems.append(f"{where}: uniqueKeys {unique_keys!r} must be a non-empty array of keys, each an array "
                        "naming fields of the table")
    foreign_keys = schema.get("foreignKeys", [])
    if not isinstance(foreign_keys, list):
        return problems + [f"{where}: 'foreignKeys' must be an array"]
    for fk in foreign_keys:
        problems += foreign_key_problems(where, name, fields, fk, resources)
    return problems


def foreign_key_problems(where: str, name: str, fields: list[str], fk: Any,
                         resources: dict[str, dict[str, Any]]) -> list[str]:
    bad = [f"{where}: foreign key {fk!r} must have 'fields' and a 'reference' with 'resource' and 'fields'"]
    if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
        return bad
    extra = unknown(f"{where}, foreign key", "foreign key", fk)
    extra += [f"{where}, foreign key: {key!r} is not a property of a reference; expected 'resource' and 'fields'"
              for key in fk["reference"] if key not in ("resource", "fields")]
    if extra:
        return extra
    local, remote = names_of(fk.get("fields")), names_of(fk["reference"].get("fields"))
    target = fk["reference"].get("resource") or name
    if local is None or remote is None or not isinstance(target, str) or len(local) != len(remote) or not local:
        return bad
    if any(f not in fields for f in local):
        return [f"{where}: foreign key fields {list(local)} are not all fields of the table"]
    if target not in resources:
        return [f"{where}: foreign key refers to table {target!r}, which the package does not declare"]
    target_fields = [f["name"] for f in resources[target]["schema"]["fields"]]
    if any(f not in target_fields for f in remote):
        return [f"{where}: foreign key refers to {target}.{', '.join(remote)}, not all fields of {target!r}"]
    return []


def names_of(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def problems(root: Path, descriptor: dict[str, Any]) -> list[Finding]:
    """Every problem that makes ``descriptor`` (read from folder ``root``) unusable, as findings (empty: none)."""
    listed = essentials(descriptor)
    if listed:
        return [package_error(p) for p in listed]
    return unsafe_paths(root, descriptor)


def unsafe_paths(root: Path, descriptor: dict[str, Any]) -> list[Finding]:
    """A finding for each resource path that leaves ``root`` (checked before any file is read)."""
    findings = []
    for resource in descriptor["resources"]:
        reason = path_problem(root, resource["path"])
        if reason:
            findings.append(Finding(type="unsafe-path", resource=resource["name"], path=DESCRIPTOR,
                                    value=resource["path"], message=f"path {resource['path']!r} {reason}; "
                                    "paths must be relative and stay inside the package folder"))
    return findings


def path_problem(root: Path, relative: str) -> str | None:
    if REMOTE.match(relative):
        return "is a URL (remote data is never fetched)"
    pure = PurePosixPath(relative)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", relative):
        return "is absolute"
    if "\\" in relative:
        return "holds a backslash"
    if ".." in pure.parts:
        return "goes up with '..'"
    if "\x00" in relative:
        return "holds a NUL character"
    try:
        inside = root.resolve()
        target = root.joinpath(*pure.parts).resolve()
    except (OSError, RuntimeError, ValueError):
        return "cannot be resolved"
    if target != inside and inside not in target.parents:
        return "leads outside the package folder through a link"
    return None
