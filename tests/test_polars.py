"""The polars backend: the same columns, types, rows and missing cells as pandas, for every table."""

from __future__ import annotations

import sys

import polars as pl
import pytest
from frames import python_values

import idlibstats
from idlibstats.errors import MissingDependency
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage

NAMES = idlibstats.tables()


def expected_dtype(field) -> pl.DataType:  # type: ignore[no-untyped-def]
    if field.enum is not None:
        return pl.Enum(list(field.enum))
    return {"string": pl.String, "integer": pl.Int64, "date": pl.Date}[field.type]


@pytest.mark.parametrize("history", [False, True], ids=["active", "history"])
@pytest.mark.parametrize("name", NAMES)
def test_polars_frame_equals_pandas_frame(name: str, history: bool, shipped: DataPackage) -> None:
    pandas_frame = idlibstats.load(name, history=history)
    polars_frame = idlibstats.load(name, history=history, backend="polars")
    assert isinstance(polars_frame, pl.DataFrame)
    assert polars_frame.columns == list(pandas_frame.columns)
    assert polars_frame.height == len(pandas_frame)
    for field in table_contract(shipped, name).fields:
        column = polars_frame[field.name]
        assert column.dtype == expected_dtype(field), field.name
        assert column.to_list() == python_values(pandas_frame[field.name]), field.name


def test_enum_keeps_the_contracts_categories_even_when_unused(shipped: DataPackage) -> None:
    frame = idlibstats.load("casualties", backend="polars")
    assert frame["qualifier"].dtype.categories.to_list() == list(table_contract(shipped, "casualties").field(
        "qualifier").enum)


def test_missing_counts_are_null_not_zero() -> None:
    pandas_frame = idlibstats.load("casualties", history=True)
    polars_frame = idlibstats.load("casualties", history=True, backend="polars")
    assert pandas_frame["value_best"].isna().sum() > 0, "the data needs a missing count for this test to bite"
    assert polars_frame["value_best"].null_count() == pandas_frame["value_best"].isna().sum()


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="backend must be one of pandas, polars"):
        idlibstats.load("casualties", backend="arrow")


def test_missing_polars_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)  # `import polars` now raises ImportError
    with pytest.raises(MissingDependency, match=r"pip install polars \(in a clone of idlibstats: pip install '\.\[polars\]'\)"):
        idlibstats.load("casualties", backend="polars")
