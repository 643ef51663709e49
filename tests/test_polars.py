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


@pytest.mark.parametrize("history", [False, True], ids=["active", "history"])
@pytest.mark.parametrize("name", NAMES)
def test_every_column_has_as_many_missing_cells_as_with_pandas(name: str, history: bool) -> None:
    """polars 1.x and 2.0 ignore a NumPy mask: a frame built through one loaded missing bounds as 0."""
    pandas_frame = idlibstats.load(name, history=history)
    polars_frame = idlibstats.load(name, history=history, backend="polars")
    assert dict(zip(polars_frame.columns, polars_frame.null_count().row(0))) == pandas_frame.isna().sum().to_dict()


def test_the_polars_backend_does_not_import_pandas() -> None:
    import subprocess

    code = ("import sys, idlibstats\n"
            "for name in idlibstats.tables():\n"
            "    idlibstats.load(name, backend='polars')\n"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_cell_that_does_not_cast_is_refused_as_by_pandas(package_copy: DataPackage) -> None:
    from idlibstats.errors import DataError

    path = package_copy.path_of("data/casualties.csv")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",2020-02-03,", ",03/02/2020,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as from_pandas:
        idlibstats.frames.loading.load("casualties", package=package_copy)
    with pytest.raises(DataError) as from_polars:
        idlibstats.frames.loading.load("casualties", package=package_copy, backend="polars")
    assert str(from_polars.value) == str(from_pandas.value)
    assert from_polars.value.line == 3 and "03/02/2020" in str(from_polars.value)
