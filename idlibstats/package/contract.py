"""The one place that interprets Table Schema: fields, constraints and keys of each table.

Everything else (pandera schemas, casting, validation, the README data dictionary, HXL tags)
asks this module, so the descriptor is read in a single way. It parses descriptors that
:mod:`idlibstats.package.descriptor` found no problem in (every :class:`DataPackage` is opened
through that check); its own refusals guard packages built in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from idlibstats.errors import DescriptorError
from idlibstats.package.descriptor import SUPPORTED_TYPES

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
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    hxl: str | None = None

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
        if self.minimum is not None:
            parts.append((f">= {self.minimum}", ()))
        if self.maximum is not None:
            parts.append((f"<= {self.maximum}", ()))
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
    fields = tuple(parse_field(f, where) for f in schema["fields"])
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
    )


def parse_field(descriptor: Any, where: str) -> Field:
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("name"), str):
        raise DescriptorError(f"{where}: every field needs a 'name'", path="datapackage.json")
    name = descriptor["name"]
    type_ = descriptor.get("type", "string")
    if type_ not in SUPPORTED_TYPES:
        message = f"{where}, field {name!r}: type {type_!r} is not one of {', '.join(SUPPORTED_TYPES)}"
        raise DescriptorError(message, path="datapackage.json", field=name, value=type_)
    constraints = descriptor.get("constraints", {})
    if not isinstance(constraints, dict):
        raise DescriptorError(f"{where}, field {name!r}: 'constraints' must be an object", path="datapackage.json")
    enum = constraints.get("enum")
    return Field(
        name=name,
        type=type_,
        description=str(descriptor.get("description", "")),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        enum=tuple(str(v) for v in enum) if enum is not None else None,
        pattern=constraints.get("pattern"),
        minimum=constraints.get("minimum"),
        maximum=constraints.get("maximum"),
        min_length=constraints.get("minLength"),
        max_length=constraints.get("maxLength"),
        hxl=descriptor.get("hxl"),
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
