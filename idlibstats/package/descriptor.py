"""What makes ``datapackage.json`` unusable: the one list of a descriptor's problems.

Every reader of a package goes through here: :meth:`DataPackage.open
<idlibstats.package.folder.DataPackage.open>` (and so :func:`idlibstats.load`, ``schema``, every face)
refuses a descriptor with the first problem listed, and ``idlibstats validate`` reports each of
them as a finding, with the same message. Nothing here reads a data file: a descriptor that
cannot be used, or a resource path that leaves the package folder, is refused before any file is
opened. A descriptor without problems is then turned into tables by :mod:`idlibstats.package.contract`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from idlibstats.findings import Finding

DESCRIPTOR = "datapackage.json"
SUPPORTED_TYPES = ("string", "integer", "number", "boolean", "date")
CONSTRAINTS = ("required", "unique", "minimum", "maximum", "enum", "pattern", "minLength", "maxLength")
REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def read_json(path: Path) -> dict[str, Any] | Finding:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Finding(type="json-error", path=DESCRIPTOR,
                       message=f"the descriptor is not UTF-8 (byte {error.start}); save it as UTF-8")
    except OSError as error:
        return package_error(f"cannot read the descriptor: {error.strerror or error}")
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as error:
        return Finding(type="json-error", path=DESCRIPTOR,
                       message=f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})")
    except (RecursionError, ValueError) as error:
        return Finding(type="json-error", path=DESCRIPTOR, message=f"not valid JSON: {error}")
    if not isinstance(descriptor, dict):
        return package_error(f"the descriptor must be a JSON object, not {json_kind(descriptor)}")
    if not encodable(descriptor):
        return Finding(type="json-error", path=DESCRIPTOR,
                       message="the descriptor holds a \\u escape that is no character (a lone surrogate)")
    return descriptor


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


def json_kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


def essentials(descriptor: dict[str, Any]) -> list[str]:
    """What keeps ``descriptor`` from being a data package this project can validate (empty: nothing)."""
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return ["'resources' must be a non-empty array of tables"]
    problems: list[str] = []
    names: dict[str, dict[str, Any]] = {}
    for number, resource in enumerate(resources, start=1):
        if not isinstance(resource, dict):
            problems.append(f"resource {number} must be an object, not {json_kind(resource)}")
            continue
        name = resource.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9._-]+", name):
            problems.append(f"resource {number} needs a 'name' of lowercase letters, digits, '.', '-' or '_'")
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


def resource_problems(name: str, resource: dict[str, Any]) -> list[str]:
    where = f"resource {name!r}"
    problems = []
    if "data" in resource:
        problems.append(f"{where}: inline 'data' is not supported; put the rows in a CSV file named by 'path'")
    if not isinstance(resource.get("path"), str) or not resource["path"]:
        problems.append(f"{where} needs a 'path' naming one CSV file")
    for key, expected in (("format", "csv"), ("mediatype", "text/csv"), ("scheme", "file")):
        if key in resource and str(resource[key]).lower() != expected:
            problems.append(f"{where}: {key} {resource[key]!r} is not supported; expected {expected!r}")
    if "encoding" in resource and str(resource["encoding"]).lower().replace("_", "-") not in ("utf-8", "utf8"):
        problems.append(f"{where}: encoding {resource['encoding']!r} is not supported; data files are UTF-8")
    dialect = resource.get("dialect", {})
    if not isinstance(dialect, dict):
        problems.append(f"{where}: 'dialect' must be an object")
    else:
        plain = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}
        for key, value in dialect.items():
            if key in plain and value != plain[key]:
                problems.append(f"{where}: dialect {key} {value!r} is not supported; data files are plain CSV")
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        problems.append(f"{where} needs an inline 'schema' object (a schema in another file is not supported)")
        return problems
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


def field_problems(where: str, number: int, descriptor: Any, seen: set[str]) -> list[str]:
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("name"), str) or not descriptor["name"]:
        return [f"{where}: field {number} needs a 'name'"]
    name = descriptor["name"]
    at = f"{where}, field {name!r}"
    problems = []
    if name in seen:
        problems.append(f"{at} is declared twice")
    seen.add(name)
    type_ = descriptor.get("type", "string")
    if type_ not in SUPPORTED_TYPES:
        problems.append(f"{at}: type {type_!r} is not supported; expected one of {', '.join(SUPPORTED_TYPES)}")
    if descriptor.get("format", "default") != "default":
        problems.append(f"{at}: format {descriptor['format']!r} is not supported; only the default formats "
                        "(ISO dates) are")
    constraints = descriptor.get("constraints", {})
    if not isinstance(constraints, dict):
        return problems + [f"{at}: 'constraints' must be an object"]
    for key, value in constraints.items():
        if key not in CONSTRAINTS:
            problems.append(f"{at}: constraint {key!r} is not supported; expected one of {', '.join(CONSTRAINTS)}")
        elif key in ("required", "unique") and not isinstance(value, bool):
            problems.append(f"{at}: constraint {key!r} must be true or false")
        elif key == "enum" and not (isinstance(value, list) and value
                                    and all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                            for v in value)):
            problems.append(f"{at}: constraint 'enum' must be a non-empty array of values")
        elif key == "enum" and len({str(v) for v in value}) != len(value):
            problems.append(f"{at}: constraint 'enum' lists a value twice")
        elif key in ("enum", "pattern", "minLength", "maxLength") and type_ != "string":
            problems.append(f"{at}: constraint {key!r} is supported on string fields only")
        elif key == "pattern":
            problems += pattern_problems(at, value)
        elif key in ("minimum", "maximum") and not number_like(value):
            problems.append(f"{at}: constraint {key!r} must be a number")
        elif key in ("minimum", "maximum") and type_ not in ("integer", "number"):
            problems.append(f"{at}: constraint {key!r} is supported on integer and number fields only")
        elif key in ("minLength", "maxLength") and not (isinstance(value, int) and not isinstance(value, bool)
                                                        and value >= 0):
            problems.append(f"{at}: constraint {key!r} must be a whole number")
    return problems


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


def key_problems(name: str, resource: dict[str, Any], resources: dict[str, dict[str, Any]]) -> list[str]:
    where = f"resource {name!r}"
    schema = resource["schema"]
    fields = [f["name"] for f in schema["fields"]]
    problems = []
    primary_key = schema.get("primaryKey", [])
    keys = names_of(primary_key)
    if keys is None or any(k not in fields for k in keys):
        problems.append(f"{where}: primaryKey {primary_key!r} must name fields of the table")
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
