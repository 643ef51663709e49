"""The exceptions idlibstats raises, each with a stable code.

Two families are kept apart, as pandera keeps ``SchemaDefinitionError`` apart from
``SchemaError``: a broken *definition* (the descriptor cannot be used) is a
``DescriptorError``; data that breaks a usable contract is a ``DataError``.
"""

from __future__ import annotations


class IdlibstatsError(Exception):
    """Base class: a message a person can act on, a stable ``code``, and a position."""

    code = "idlibstats-error"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
        value: object = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.field = field
        self.value = value

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class PackageNotFound(IdlibstatsError):
    """No data package where one was looked for."""

    code = "package-not-found"


class DescriptorError(IdlibstatsError):
    """``datapackage.json`` is missing, not JSON, or not a contract this library can use."""

    code = "descriptor-error"


class UnknownTable(IdlibstatsError, LookupError):
    """A table name that the descriptor does not define."""

    code = "unknown-table"


class DataError(IdlibstatsError):
    """A table's data breaks its contract while being loaded."""

    code = "data-error"


class MissingDependency(IdlibstatsError, ImportError):
    """An optional dependency needed for the requested feature is not installed."""

    code = "missing-dependency"
