"""The tables in other people's formats: HXL-tagged CSV, plain CSV, and typed Parquet.

Every file is written through :mod:`idlibstats.faces.output` (a temporary file renamed into place),
one file per table, named ``<out>/<table>.csv`` or ``<out>/<table>.parquet``. An export holds
every row of the table, as ``data/<table>.csv`` does; the ``status`` column tells active claims
from superseded and withdrawn ones.

CSV exports are meant to be opened in spreadsheets, so a text cell that a spreadsheet would run
as a formula (one beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading apostrophe:

>>> neutralise("=HYPERLINK(\\"http://example.org\\")")
'\\'=HYPERLINK("http://example.org")'
>>> neutralise("more than 1.7 million")
'more than 1.7 million'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idlibstats.errors import InvalidArgument, MissingDependency
from idlibstats.package.contract import Field, Table
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

FORMATS = ("hxl", "csv", "parquet")
SUFFIXES = {"hxl": ".hxl.csv", "csv": ".csv", "parquet": ".parquet"}  # each format its own names: no export replaces another
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"

Progress = Callable[[str], None]


def export(
    out: str | Path,
    *,
    format: str = "hxl",
    tables: Sequence[str] | None = None,
    package: DataPackage | None = None,
    progress: Progress | None = None,
    path: str | Path | None = None,
) -> list[Path]:
    """Write each table (default: all) to ``out`` in ``format``; return the paths written, in table order.

    Every table name is checked, and the optional dependency imported, before anything is written.
    ``path`` is a package folder (or its ``datapackage.json``) to export instead of the installed package.
    """
    if format not in FORMATS:
        raise InvalidArgument(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    package = package or (DataPackage.open(path) if path is not None else DataPackage.shipped())
    contracts = [table_contract(package, name) for name in (tables or package.resource_names())]
    if format == "parquet":
        require_pyarrow()
    from idlibstats.faces.output import output_folder
    from idlibstats.frames.loading import read_typed

    folder = output_folder(out)
    written = []
    for number, table in enumerate(contracts, start=1):
        if progress is not None:
            progress(f"exporting {table.name} ({number}/{len(contracts)})")
        path = folder / f"{table.name}{SUFFIXES[format]}"
        frame = read_typed(package, table.name)
        if format == "parquet":
            write_parquet(path, frame, table, package)
        else:
            write_csv(path, frame, table, hashtags=format == "hxl")
        written.append(path)
    return written


def neutralise(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would read it as a formula."""
    return NEUTRALISER + text if text.startswith(FORMULA_STARTS) else text


def cells(frame: pd.DataFrame, table: Table) -> dict[str, list[str]]:
    """Each column as CSV cell text: ISO dates, plain integers, empty for missing, text neutralised."""
    columns = {}
    for field in table.fields:
        series = frame[field.name]
        if field.type == "date":
            text = series.dt.strftime("%Y-%m-%d")
        else:
            text = series.astype("string")
        text = text.fillna("")
        if field.type == "string":
            formula = text.str.startswith(FORMULA_STARTS)
            text = text.where(~formula, NEUTRALISER + text)
        columns[field.name] = text.tolist()
    return columns


def write_csv(path: Path, frame: pd.DataFrame, table: Table, *, hashtags: bool) -> None:
    """One CSV: the header, then (for HXL) the hashtag row from the descriptor, then the rows."""
    from idlibstats.faces.output import atomic_file

    columns = cells(frame, table)
    rows = [table.field_names] + ([hxl_row(table)] if hashtags else []) + list(zip(*columns.values()))
    with atomic_file(path) as stream:
        for row in rows:
            stream.write(csv_line(row))


def csv_line(row: Sequence[str]) -> str:
    """One CSV record ending in ``\\n``, quoted where needed, a carriage return inside a cell included.

    (The csv module quotes only the characters of its line terminator, so a cell holding a bare
    ``\\r`` would go out unquoted with a ``\\n`` terminator: it writes ``\\r\\n`` here, swapped after.)
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    return buffer.getvalue()[:-2] + "\n"


def hxl_row(table: Table) -> list[str]:
    """The table's HXL hashtags, one per column, as the descriptor declares them (empty if untagged)."""
    return [field.hxl or "" for field in table.fields]


def require_pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        message = "the Parquet export needs pyarrow: pip install pyarrow (in a clone of idlibstats: pip install '.[parquet]')"
        raise MissingDependency(message) from None
    return pyarrow


def arrow_type(field: Field) -> pa.DataType:
    """The Arrow type of a field: date32 dates, int64 counts, dictionary-encoded enums, strings."""
    pa = require_pyarrow()
    if field.enum is not None:
        return pa.dictionary(pa.int32(), pa.string())
    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }[field.type]


def arrow_column(series: pd.Series, field: Field) -> pa.Array:
    """One typed column as an Arrow array, without going through Python objects."""
    pa = require_pyarrow()
    if field.enum is not None:
        codes = series.cat.codes.to_numpy()
        indices = pa.array(codes, type=pa.int32(), mask=codes < 0)
        return pa.DictionaryArray.from_arrays(indices, pa.array(list(field.enum), type=pa.string()))
    if field.type == "date":
        return pa.array(series, from_pandas=True).cast(pa.date32())
    return pa.array(series, type=arrow_type(field), from_pandas=True)


def to_arrow(frame: pd.DataFrame, table: Table, package: DataPackage | None = None) -> pa.Table:
    """The table as an Arrow table, each field described in its metadata."""
    pa = require_pyarrow()
    fields = [pa.field(f.name, arrow_type(f), metadata={"description": f.description}) for f in table.fields]
    about = {"table": table.name, "title": table.title}
    if package is not None:
        about |= {"package": package.name, "version": package.version}
    schema = pa.schema(fields, metadata={"idlibstats": json.dumps(about)})
    return pa.Table.from_arrays([arrow_column(frame[f.name], f) for f in table.fields], schema=schema)


def write_parquet(path: Path, frame: pd.DataFrame, table: Table, package: DataPackage) -> None:
    """One Parquet file with the table's types (see :func:`arrow_type`)."""
    from idlibstats.faces.output import atomic_file

    require_pyarrow()
    import pyarrow.parquet as pq

    arrow = to_arrow(frame, table, package)
    with atomic_file(path, "wb", encoding=None) as stream:
        pq.write_table(arrow, stream)
