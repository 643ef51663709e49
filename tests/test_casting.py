"""Integer casts: exact to the last of 18 digits, and the same whether the texts are in Arrow or Python objects."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idlibstats.frames import casting

pa = pytest.importorskip("pyarrow")

LARGEST = ["123456789012345678", None, "-123456789012345678", "999999999999999999", "+900719925474099313", "x"]


def in_arrow(texts: list[str | None]) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(pa.array(texts, pa.string())))


def test_integers_of_eighteen_digits_are_cast_exactly() -> None:
    for raw in (pd.Series(LARGEST, dtype=object), in_arrow(LARGEST)):
        typed, failed = casting.as_integer(raw)
        expected = [pd.NA if text in (None, "x") else int(text) for text in LARGEST]
        assert typed.tolist() == expected  # among missing cells too, no trip through float rounds the last digits
        assert failed.tolist() == [text == "x" for text in LARGEST]


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.none() | st.text(alphabet="0123456789+- .,e\u0663\n", max_size=21), max_size=40))
def test_texts_in_arrow_cast_as_python_texts_do(texts: list[str | None]) -> None:
    typed, failed = casting.as_integer(pd.Series(texts, dtype=object))
    typed_arrow, failed_arrow = casting.as_integer(in_arrow(texts))
    assert typed_arrow.dtype == typed.dtype
    assert typed_arrow.isna().tolist() == typed.isna().tolist()
    assert typed_arrow.fillna(0).tolist() == typed.fillna(0).tolist()
    assert failed_arrow.tolist() == failed.tolist()
