"""CSV -> typed DataFrame, following the contract.

Counts become nullable ``Int64``, dates ``datetime64[ns]``, enums categoricals in the
contract's order, free text the ``string`` dtype, and empty cells missing values
(never empty strings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from idlibstats.errors import DataError, MissingDependency
from idlibstats.frames import casting
from idlibstats.package.contract import Field, Table
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd

BACKENDS = ("pandas", "polars")


def load(
    name: str,
    *,
    history: bool = False,
    backend: str = "pandas",
    package: DataPackage | None = None,
) -> Any:
    """Load table ``name`` as a typed DataFrame.

    Claims tables return their active claims unless ``history`` is true, which returns every
    row with its ``status``. ``backend`` is ``"pandas"`` (default) or ``"polars"``.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    package = package or DataPackage.shipped()
    frame = read_typed(package, name)
    if not history and "status" in frame.columns:
        frame = frame[frame["status"] == "active"].reset_index(drop=True)
    if backend == "polars":
        return to_polars(frame, table_contract(package, name))
    return frame


def read_raw(package: DataPackage, table: Table) -> pd.DataFrame:
    """The table's cells as text, empty cells missing, header checked against the contract."""
    import pandas as pd

    path = package.path_of(table.path)
    try:
        raw = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8", encoding_errors="strict"
        )
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        message = f"cannot read the table: {error}; run `idlibstats validate` for every problem with its line"
        raise DataError(message, path=table.path) from None
    if list(raw.columns) != table.field_names:
        message = f"header is {list(raw.columns)}, expected {table.field_names}"
        raise DataError(message, path=table.path, line=1)
    return raw


def typed_frame(raw: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Cast every column of ``raw``: the typed frame, and per field the mask of cells that did not cast.

    Enum values outside the contract are left as missing in the categorical and flagged too.
    """
    import pandas as pd

    columns: dict[str, pd.Series] = {}
    failed: dict[str, pd.Series] = {}
    for field in table.fields:
        columns[field.name], failed[field.name] = typed_column(raw[field.name], field)
    return pd.DataFrame(columns, index=raw.index), failed


def typed_column(raw: pd.Series, field: Field) -> tuple[pd.Series, pd.Series]:
    """Cast one column of raw text: the typed column, and the mask of cells that did not fit (type or enum)."""
    typed, bad = casting.cast(raw, field)
    if field.enum is not None:
        typed, outside = enumerated(typed, field)
        bad = bad | outside
    return typed, bad


def enumerated(typed: pd.Series, field: Field) -> tuple[pd.Series, pd.Series]:
    """``typed`` as a categorical in the contract's order, and the mask of values outside the enum (left missing)."""
    import pandas as pd

    allowed = list(field.enum or ())
    values = typed.astype(object).where(typed.notna(), None)
    inside = values.isin(allowed)
    categorical = values.where(inside, None).astype(pd.CategoricalDtype(categories=allowed, ordered=False))
    return categorical, (typed.notna() & ~inside).astype(bool)


def read_typed(package: DataPackage, name: str) -> pd.DataFrame:
    """Read and cast table ``name``, raising ``DataError`` at the first cell that does not fit."""
    table = table_contract(package, name)
    frame, failed = typed_frame(read_raw(package, table), table)
    for field_name, bad in failed.items():
        if bad.any():
            row = int(bad.to_numpy().argmax())
            value = frame_raw_value(package, table, row, field_name)
            expected = describe_type(table.field(field_name))
            message = (f"data row {row + 1}, field {field_name!r}: {value!r} is not {expected}; "
                       "run `idlibstats validate` for every problem with its line")
            raise DataError(message, path=table.path, field=field_name, value=value)
    return frame


def frame_raw_value(package: DataPackage, table: Table, row: int, field_name: str) -> str:
    return str(read_raw(package, table)[field_name].iloc[row])


def describe_type(field: Any) -> str:
    if field.enum is not None:
        return "one of " + ", ".join(field.enum)
    return {
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "date": "an ISO date (YYYY-MM-DD)",
    }.get(field.type, "text")


def to_polars(frame: pd.DataFrame, table: Table) -> Any:
    """The same table as a polars DataFrame: same columns, same types, same missing cells.

    Counts become ``Int64``, dates ``Date``, enums ``Enum`` with the contract's categories in its
    order, free text ``String``. Columns go over as NumPy arrays (masked where a value is missing),
    never one Python object per cell, except for text.
    """
    try:
        import polars as pl
    except ImportError:
        message = "the polars backend needs polars: pip install 'idlibstats[polars]'"
        raise MissingDependency(message) from None
    return pl.DataFrame([polars_column(pl, frame[field.name], field) for field in table.fields])


def polars_column(pl: Any, series: pd.Series, field: Any) -> Any:
    """One pandas column of the typed frame as a polars Series of the contract's type."""
    import numpy as np

    name = field.name
    if field.enum is not None:
        categories = list(field.enum)
        codes = series.cat.codes.to_numpy().astype("int64")
        indices = pl.Series(np.ma.masked_array(codes, codes < 0), dtype=pl.Int64)
        return pl.Series(name, categories, dtype=pl.Enum(categories)).gather(indices).alias(name)
    if field.type == "date":
        return pl.Series(name, series.to_numpy(dtype="datetime64[ns]")).cast(pl.Date)
    if field.type == "string":
        return pl.Series(name, series.to_numpy(dtype=object, na_value=None).tolist(), dtype=pl.String)
    dtype, numpy_type, fill = {"integer": (pl.Int64, "int64", 0), "number": (pl.Float64, "float64", 0.0),
                               "boolean": (pl.Boolean, "bool", False)}[field.type]
    values = series.to_numpy(dtype=numpy_type, na_value=fill)
    return pl.Series(name, np.ma.masked_array(values, series.isna().to_numpy()), dtype=dtype)
