"""The polars backend: a table read as text and cast to the contract's types with polars, without pandas.

Counts become ``Int64``, numbers ``Float64``, booleans ``Boolean``, dates ``Date``, enums ``Enum``
with the contract's categories in its order, free text ``String``; an empty cell is null in every
column, whatever the polars version. Casting follows :mod:`idlibstats.frames.casting` rule for
rule (plain digits, ISO dates, the field's true and false words, its missing values).

polars reads a plain file itself (the fast path). When it refuses the file, or its header is not
the contract's, the rows come from the one reader (:mod:`idlibstats.frames.reader`), which also
says, with ``idlibstats validate``'s message and line, what keeps a file from loading. A cell that
does not cast is reported the same way as by the pandas backend, so both refuse the same files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from idlibstats.claims.status import ACTIVE, STATUS
from idlibstats.errors import MissingDependency
from idlibstats.frames.casting import (
    DATE,
    INT64_DIGITS,
    INTEGER,
    NUMBER,
)

if TYPE_CHECKING:
    from idlibstats.package.contract import Field, Table
    from idlibstats.package.folder import DataPackage


def read_polars(package: DataPackage, table: Table, *, history: bool = False) -> Any:
    """Table ``table`` of ``package`` as a typed polars DataFrame (active claims only unless ``history``)."""
    pl = require_polars()
    raw = read_text(pl, package, table)
    raw = raw.select([without_missing_values(pl, field) for field in table.fields])
    typed = raw.select([cast(pl, field) for field in table.fields])
    if raw.null_count().row(0) != typed.null_count().row(0):  # a cell present as text did not cast
        refuse_like_pandas(package, table)
    if not history and STATUS in typed.columns:
        typed = typed.filter(pl.col(STATUS) == ACTIVE)
    return typed


def require_polars() -> Any:
    try:
        import polars as pl
    except ImportError:
        message = "the polars backend needs polars: pip install polars (in a clone of idlibstats: pip install '.[polars]')"
        raise MissingDependency(message) from None
    return pl


def read_text(pl: Any, package: DataPackage, table: Table) -> Any:
    """Every cell as text, empty cells null: read by polars, or by the one reader when polars cannot."""
    names = table.field_names
    raw = None
    if table.dialect.plain:  # polars knows no commentChar nor skipInitialSpace: the one reader reads those
        try:
            raw = pl.read_csv(package.path_of(table.path), infer_schema_length=0, encoding="utf8")
        except Exception:  # polars refused the file: the one reader says why, or reads it
            raw = None
    if raw is None or raw.columns != names or raw.height == 0:
        raw = from_records(pl, package, table)
    return raw.select([pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name)).alias(name)
                       for name in names])


def from_records(pl: Any, package: DataPackage, table: Table) -> Any:
    """The table's text as the one reader reads it (``DataError`` with validate's message when it cannot)."""
    import numpy as np

    from idlibstats.frames.loading import read_records

    records = read_records(package, table)
    columns = {}
    for name, column in zip(table.field_names, records.columns, strict=True):
        uniques = np.asarray(column.uniques, dtype=object)
        values = uniques.take(np.maximum(column.codes, 0)) if len(uniques) else np.full(len(column.codes), None)
        values[column.codes < 0] = None
        columns[name] = pl.Series(name, values.tolist(), dtype=pl.String)
    return pl.DataFrame(columns) if columns else pl.DataFrame()


def without_missing_values(pl: Any, field: Field) -> Any:
    """Text column ``field.name`` with the field's ``missingValues`` null, as casting.py reads them (before casting)."""
    text = pl.col(field.name)
    missing = [m for m in field.missing_values if m]
    if not missing:
        return text
    return pl.when(text.is_in(missing)).then(None).otherwise(text).alias(field.name)


def cast(pl: Any, field: Field) -> Any:
    """The expression casting text column ``field.name`` to the contract's type (null where it does not fit)."""
    text = pl.col(field.name)
    if field.enum is not None:
        categories = list(field.enum)
        return pl.when(text.is_in(categories)).then(text).otherwise(None).cast(pl.Enum(categories)).alias(field.name)
    if field.type == "integer":
        fits = text.str.contains(INTEGER) & (text.str.strip_chars_start("+-").str.len_chars() <= INT64_DIGITS)
        return pl.when(fits).then(text.cast(pl.Int64, strict=False)).otherwise(None).alias(field.name)
    if field.type == "number":
        number = text.str.replace("INF", "inf").cast(pl.Float64, strict=False)
        return pl.when(text.str.contains(NUMBER)).then(number).otherwise(None).alias(field.name)
    if field.type == "boolean":
        truth = pl.when(text.is_in(list(field.true_values))).then(True)
        return truth.when(text.is_in(list(field.false_values))).then(False).otherwise(None).alias(field.name)
    if field.type == "date":
        date = text.str.to_date("%Y-%m-%d", strict=False)
        return pl.when(text.str.contains(DATE)).then(date).otherwise(None).alias(field.name)
    return text.cast(pl.String).alias(field.name)


def refuse_like_pandas(package: DataPackage, table: Table) -> None:
    """Raise the pandas backend's ``DataError`` for the first cell that does not fit."""
    from idlibstats.frames.loading import read_typed

    read_typed(package, table.name)
    message = f"polars refused a cell of {table.path} that the pandas backend accepts; please report it"
    raise RuntimeError(message)
