"""The one place that interprets Table Schema: fields, constraints and keys of each table.

Everything else (pandera schemas, casting, validation, the README data dictionary, HXL tags)
asks this module, so the descriptor is read in a single way. It parses descriptors that
:mod:`idlibstats.package.descriptor` found no problem in (every :class:`DataPackage` is opened
through that check); its own refusals guard packages built in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from idlibstats.errors import DescriptorError
from idlibstats.package.descriptor import (
    FALSE_VALUES,
    MISSING_VALUES,
    SUPPORTED_TYPES,
    TRUE_VALUES,
    dialect_of,
    missing_values_of,
    typed_value,
)

if TYPE_CHECKING:
    from idlibstats.package.folder import DataPackage


@dataclass(frozen=True)
class Field:
    """One column as the contract declares it."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: Any = None  # a number, or a datetime.date for a date field
    maximum: Any = None
    min_length: int | None = None
    max_length: int | None = None
    hxl: str | None = None
    exclusive_minimum: Any = None
    exclusive_maximum: Any = None
    values: tuple[Any, ...] | None = None  # the allowed values of a field that is not text (enum, categories), typed
    missing_values: tuple[str, ...] = MISSING_VALUES  # texts read as missing, before casting
    true_values: tuple[str, ...] = TRUE_VALUES
    false_values: tuple[str, ...] = FALSE_VALUES

    def constraint_parts(self) -> list[tuple[str, tuple[str, ...]]]:
        """The field's constraints in words, each as (wording, values to show as code): one reading for every face.

        >>> Field("outcome", "string", enum=("killed", "injured"), unique=True).constraint_parts()
        [('unique', ()), ('one of', ('killed', 'injured'))]
        """
        parts: list[tuple[str, tuple[str, ...]]] = []
        if self.unique:
            parts.append(("unique", ()))
        if self.enum is not None:
            parts.append(("one of", self.enum))
        if self.pattern is not None:
            parts.append(("matches", (self.pattern,)))
        if self.values is not None:
            parts.append(("one of", tuple(str(v) for v in self.values)))
        if self.minimum is not None:
            parts.append((f">= {self.minimum}", ()))
        if self.exclusive_minimum is not None:
            parts.append((f"> {self.exclusive_minimum}", ()))
        if self.maximum is not None:
            parts.append((f"<= {self.maximum}", ()))
        if self.exclusive_maximum is not None:
            parts.append((f"< {self.exclusive_maximum}", ()))
        if self.min_length is not None:
            parts.append((f"at least {self.min_length} characters", ()))
        if self.max_length is not None:
            parts.append((f"at most {self.max_length} characters", ()))
        return parts

    @property
    def is_free_text(self) -> bool:
        """A string field with neither an ``enum`` nor a ``pattern``."""
        return self.type == "string" and self.enum is None and self.pattern is None


@dataclass(frozen=True)
class ForeignKey:
    """``fields`` of this table refer to ``reference_fields`` of ``resource`` (``None``: this table)."""

    fields: tuple[str, ...]
    resource: str | None
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Dialect:
    """How a table's CSV file is written, where it differs from plain CSV (Table Dialect)."""

    skip_initial_space: bool = False  # spaces right after a comma are not part of the cell
    comment_char: str | None = None  # a row whose first cell begins with it is skipped

    @property
    def plain(self) -> bool:
        return not self.skip_initial_space and self.comment_char is None


@dataclass(frozen=True)
class Table:
    """One resource: its file, its fields, its keys, and the project's own table metadata."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    kind: str = "reference"
    period: tuple[str, str] | None = None
    measure: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    dialect: Dialect = Dialect()
    unique_keys: tuple[tuple[str, ...], ...] = ()
    bytes: int | None = None  # the file's size, as the descriptor states it
    hash: str | None = None  # the file's digest, as the descriptor states it (``algorithm:hex`` or MD5 hex)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def is_claims(self) -> bool:
        return self.kind == "claims"


def table(package: DataPackage, name: str) -> Table:
    """The contract of table ``name`` in ``package``."""
    return parse_resource(package.resource(name))


def tables(package: DataPackage) -> list[Table]:
    """The contracts of every table in ``package``, in descriptor order."""
    return [parse_resource(package.resource(name)) for name in package.resource_names()]


def parse_resource(resource: dict[str, Any]) -> Table:
    name = resource.get("name")
    where = f"resource {name!r}"
    path = resource.get("path")
    if not isinstance(path, str):
        raise DescriptorError(f"{where} needs a single 'path' string", path="datapackage.json")
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise DescriptorError(f"{where} needs an inline 'schema' with a 'fields' list", path="datapackage.json")
    dialect = dialect_of(resource)
    missing = schema.get("missingValues", list(MISSING_VALUES))
    null = dialect.get("nullSequence")
    fields = tuple(parse_field(f, where, missing, null) for f in schema["fields"])
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise DescriptorError(f"{where} declares a field twice", path="datapackage.json")
    primary_key = as_names(schema.get("primaryKey", []))
    for key in primary_key:
        if key not in names:
            raise DescriptorError(f"{where}: primary key field {key!r} is not a field", path="datapackage.json")
    foreign_keys = tuple(parse_foreign_key(fk, where, names) for fk in schema.get("foreignKeys", []))
    own = resource.get("idlibstats", {})
    if not isinstance(own, dict):
        raise DescriptorError(f"{where}: 'idlibstats' must be an object", path="datapackage.json")
    period = own.get("period")
    return Table(
        name=str(name),
        path=path,
        title=str(resource.get("title", name)),
        description=str(resource.get("description", "")),
        fields=fields,
        primary_key=primary_key,
        foreign_keys=foreign_keys,
        kind=str(own.get("kind", "reference")),
        period=(period[0], period[1]) if period else None,
        measure=tuple(own.get("measure", ())),
        extra=own,
        dialect=Dialect(skip_initial_space=bool(dialect.get("skipInitialSpace", False)),
                        comment_char=dialect.get("commentChar")),
        unique_keys=tuple(as_names(k) for k in schema.get("uniqueKeys", ())),
        bytes=resource.get("bytes"),
        hash=resource.get("hash"),
    )


def parse_field(descriptor: Any, where: str, missing: Any = MISSING_VALUES, null: str | None = None) -> Field:
    """One field; ``missing`` is the schema's ``missingValues`` and ``null`` the dialect's ``nullSequence``.

    A field without a type (``any``) is read as text, which is what ``any`` is in a CSV file. A field that
    is not text keeps its ``enum`` (or ``categories``) in ``values``, typed; a string field in ``enum``.
    """
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("name"), str):
        raise DescriptorError(f"{where}: every field needs a 'name'", path="datapackage.json")
    name = descriptor["name"]
    type_ = descriptor.get("type", "any")
    if type_ == "any":
        type_ = "string"
    if type_ not in SUPPORTED_TYPES:
        message = f"{where}, field {name!r}: type {type_!r} is not one of {', '.join(SUPPORTED_TYPES)}"
        raise DescriptorError(message, path="datapackage.json", field=name, value=type_)
    constraints = descriptor.get("constraints", {})
    if not isinstance(constraints, dict):
        raise DescriptorError(f"{where}, field {name!r}: 'constraints' must be an object", path="datapackage.json")
    categories = descriptor.get("categories")
    if isinstance(categories, list):
        categories = [c["value"] if isinstance(c, dict) else c for c in categories]
    enum = constraints.get("enum", categories)
    missing_values = missing_values_of(descriptor.get("missingValues", missing))
    if null is not None and null not in missing_values:
        missing_values += (null,)

    def typed(value: Any) -> Any:
        return None if value is None else typed_value(value, descriptor, type_)

    def bound(value: Any) -> Any:
        if value is None or type_ == "date":
            return typed(value)
        if isinstance(value, str):
            return int(value) if value.lstrip("+-").isdigit() else float(value)
        return value

    return Field(
        name=name,
        type=type_,
        description=str(descriptor.get("description", "")),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        enum=tuple(str(v) for v in enum) if enum is not None and type_ == "string" else None,
        pattern=constraints.get("pattern"),
        minimum=bound(constraints.get("minimum")),
        maximum=bound(constraints.get("maximum")),
        min_length=constraints.get("minLength"),
        max_length=constraints.get("maxLength"),
        hxl=descriptor.get("hxl"),
        exclusive_minimum=bound(constraints.get("exclusiveMinimum")),
        exclusive_maximum=bound(constraints.get("exclusiveMaximum")),
        values=tuple(typed(v) for v in enum) if enum is not None and type_ != "string" else None,
        missing_values=missing_values,
        true_values=tuple(descriptor.get("trueValues", TRUE_VALUES)),
        false_values=tuple(descriptor.get("falseValues", FALSE_VALUES)),
    )


def parse_foreign_key(descriptor: Any, where: str, names: list[str]) -> ForeignKey:
    try:
        fields = as_names(descriptor["fields"])
        reference = descriptor["reference"]
        reference_fields = as_names(reference["fields"])
    except (KeyError, TypeError):
        raise DescriptorError(f"{where}: malformed foreign key {descriptor!r}", path="datapackage.json") from None
    missing = [f for f in fields if f not in names]
    if missing or len(fields) != len(reference_fields):
        raise DescriptorError(f"{where}: foreign key {descriptor!r} names unknown fields", path="datapackage.json")
    resource = reference.get("resource") or None
    return ForeignKey(fields=fields, resource=resource, reference_fields=reference_fields)


def as_names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise DescriptorError(f"expected a field name or a list of them, got {value!r}", path="datapackage.json")


def vague_lower_bounds(package: DataPackage) -> dict[str, int]:
    """The package's table of lower bounds for vague words ("hundreds" -> 200)."""
    bounds = package.descriptor.get("idlibstats", {}).get("vagueLowerBounds", {})
    return {str(word): int(value) for word, value in bounds.items()}


def crisis_window(package: DataPackage) -> tuple[date, date] | None:
    """The first and last day of the crisis the package covers (``idlibstats.crisisWindow``), or ``None``."""
    window = package.descriptor.get("idlibstats", {}).get("crisisWindow")
    if window is None:
        return None
    try:
        start, end = date.fromisoformat(window["start"]), date.fromisoformat(window["end"])
    except (KeyError, TypeError, ValueError):
        raise DescriptorError("idlibstats.crisisWindow needs a 'start' and an 'end' written YYYY-MM-DD",
                              path="datapackage.json") from None
    if end < start:
        raise DescriptorError("idlibstats.crisisWindow ends before it starts", path="datapackage.json")
    return start, end
