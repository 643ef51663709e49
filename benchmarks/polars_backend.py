"""How much faster the polars backend converts a typed frame than a cell-by-cell conversion.

Run: python benchmarks/polars_backend.py [ROWS]. Prints the ratio; no assertion (speed is not a test).
"""

from __future__ import annotations

import sys
import time

import pandas as pd
import polars as pl

import idlibstats
from idlibstats.frames.loading import to_polars
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage


def cell_by_cell(frame: pd.DataFrame, table) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    """The baseline: one Python object per cell."""
    dtypes = {"string": pl.String, "integer": pl.Int64, "date": pl.Date}
    columns = []
    for field in table.fields:
        values = [None if pd.isna(v) else v for v in frame[field.name].astype(object)]
        if field.type == "date":
            values = [None if v is None else v.date() for v in values]
        dtype = pl.Enum(list(field.enum)) if field.enum is not None else dtypes[field.type]
        columns.append(pl.Series(field.name, values, dtype=dtype))
    return pl.DataFrame(columns)


def best_of(function, *args, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main(rows: int) -> None:
    table = table_contract(DataPackage.shipped(), "casualties")
    small = idlibstats.load("casualties", history=True)
    frame = pd.concat([small] * (rows // len(small) + 1), ignore_index=True).iloc[:rows]
    assert to_polars(frame, table).equals(cell_by_cell(frame, table))
    fast, slow = best_of(to_polars, frame, table), best_of(cell_by_cell, frame, table)
    print(f"{rows} rows: to_polars {fast:.3f}s, cell by cell {slow:.3f}s, {slow / fast:.1f}x faster")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
