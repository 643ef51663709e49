"""CSV -> typed DataFrame, following the contract.

Counts become nullable ``Int64``, dates ``datetime64[ns]``, enums categoricals in the
contract's order, free text the ``string`` dtype, and empty cells missing values
(never empty strings).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from idlibstats.claims.status import ACTIVE, STATUS
from idlibstats.errors import DataError, InvalidArgument
from idlibstats.frames import casting, reader
from idlibstats.package.contract import Field, Table
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd

    from idlibstats.frames.reader import Records

BACKENDS = ("pandas", "polars")
FAST_READER_BYTES = 4 << 20  # files larger than this are read by pyarrow where it is installed


def load(
    name: str,
    *,
    history: bool = False,
    backend: str = "pandas",
    package: DataPackage | None = None,
    path: str | Path | None = None,
) -> Any:
    """Load table ``name`` as a typed DataFrame.

    Claims tables return their active claims unless ``history`` is true, which returns every
    row with its ``status``. ``backend`` is ``"pandas"`` (default) or ``"polars"``. ``path`` is a
    package folder (or its ``datapackage.json``) to read instead of the installed package.
    """
    if backend not in BACKENDS:
        raise InvalidArgument(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    package = package or (DataPackage.open(path) if path is not None else DataPackage.shipped())
    if backend == "polars":
        from idlibstats.frames.polars import read_polars

        return read_polars(package, table_contract(package, name), history=history)
    frame = read_typed(package, name)
    if not history and STATUS in frame.columns:
        frame = frame[frame[STATUS] == ACTIVE].reset_index(drop=True)
    return frame


def read_records(package: DataPackage, table: Table) -> Records:
    """The table's rows as the one reader reads them, or ``DataError`` with validate's first finding.

    Small files go to the exact reader (no pyarrow import for a few hundred rows); large ones to the
    fast reader where pyarrow is installed, as ``idlibstats validate`` does.
    """
    file = package.path_of(table.path)
    try:
        fast = file.stat().st_size > FAST_READER_BYTES
    except OSError:
        fast = False
    records = reader.read(file, table.name, table.path, table.field_names, fast=fast, dialect=table.dialect)
    problem = first_problem(records, table)
    if problem is not None:
        line, message = problem
        raise DataError(f"{message}; run `idlibstats validate` for every problem with its line",
                        path=table.path, line=line)
    return records


def first_problem(records: Records, table: Table) -> tuple[int | None, str] | None:
    """The first thing that keeps ``records`` from being the table's cells, as (line, message)."""
    if records.findings:
        return records.findings[0].line, records.findings[0].message
    if records.header != table.field_names:
        return 1, f"the header is {records.header}, expected the fields {table.field_names}"
    import numpy as np

    blank = records.blank()
    counts = records.counts if records.counts is not None else np.full(records.rows, records.width)
    ragged = np.flatnonzero((counts != records.width) & ~blank)  # an empty line is blank, however it was counted
    first_blank = int(blank.argmax()) if blank.any() else None
    if len(ragged) and (first_blank is None or ragged[0] < first_blank):
        row = int(ragged[0])
        return records.line(row), f"the row has {int(counts[row])} cells, the header {records.width}"
    if first_blank is not None:
        return records.line(first_blank), "the row is empty; delete the line"
    return None


def read_raw(package: DataPackage, table: Table) -> tuple[pd.DataFrame, Records]:
    """The table's cells as text (empty cells missing), with the records they come from."""
    import pandas as pd

    records = read_records(package, table)
    columns = {name: text_column(column) for name, column in zip(table.field_names, records.columns, strict=True)}
    return pd.DataFrame(columns, index=pd.RangeIndex(records.rows)), records


def text_column(column: Any) -> pd.Series:
    """One column of records as object text, ``None`` where a cell is empty."""
    import numpy as np
    import pandas as pd

    uniques = np.asarray(column.uniques, dtype=object)
    if not len(uniques):
        return pd.Series([None] * len(column.codes), dtype=object)
    values = uniques.take(np.maximum(column.codes, 0))
    values[column.codes < 0] = None
    return pd.Series(values, dtype=object)


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
    raw, records = read_raw(package, table)
    frame, failed = typed_frame(raw, table)
    for field_name, bad in failed.items():
        if bad.any():
            row = int(bad.to_numpy().argmax())
            value = raw[field_name].iloc[row]
            expected = describe_type(table.field(field_name))
            message = (f"field {field_name!r}: {value!r} is not {expected}; "
                       "run `idlibstats validate` for every problem with its line")
            raise DataError(message, path=table.path, line=records.line(row), field=field_name, value=value)
    return frame


def describe_type(field: Any) -> str:
    if field.enum is not None:
        return "one of " + ", ".join(field.enum)
    return {
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "date": "an ISO date (YYYY-MM-DD)",
    }.get(field.type, "text")
