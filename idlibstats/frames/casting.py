"""Cast raw CSV text to typed pandas columns, vectorised and strict.

Each caster takes a column of raw cell text (missing cells as NA) and returns the typed
column and a mask of the cells that are present but do not cast. Formats are those of
Table Schema: ISO dates only (``2020-02-10``, never ``10/02/2020`` or ``20200210``),
integers as plain digits with an optional sign, booleans as the field's ``trueValues`` and
``falseValues``. A text of the field's ``missingValues`` is missing before anything else (as
Table Schema says); missing cells are never failures here; ``required`` is a constraint,
checked elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from idlibstats.package.descriptor import DATE, FALSE_VALUES, INTEGER, NUMBER, TRUE_VALUES

__all__ = ["DATE", "FALSE_VALUES", "INTEGER", "INT64_DIGITS", "NUMBER", "TRUE_VALUES", "cast"]

if TYPE_CHECKING:
    import pandas as pd

    from idlibstats.package.contract import Field

INT64_DIGITS = 18  # any integer of up to 18 digits fits in int64


def cast(raw: pd.Series, field: Field) -> tuple[pd.Series, pd.Series]:
    """Cast ``raw`` to ``field``'s type: ``(typed, failed)``; texts of its ``missingValues`` are missing."""
    return CASTERS[field.type](without_missing_values(raw, field), field)


def without_missing_values(raw: pd.Series, field: Field) -> pd.Series:
    """``raw`` with the field's missing values (other than the empty text, already missing) made missing."""
    missing = [m for m in field.missing_values if m]
    if not missing:
        return raw
    return raw.where(~raw.isin(missing).fillna(False).astype(bool), None)


def as_text(raw: pd.Series, field: Field | None = None) -> tuple[pd.Series, pd.Series]:
    import pandas as pd

    text = raw.astype(pd.StringDtype())
    return text, pd.Series(False, index=raw.index)


def as_integer(raw: pd.Series, field: Field | None = None) -> tuple[pd.Series, pd.Series]:
    import numpy as np
    import pandas as pd

    if isinstance(raw.array, pd.arrays.ArrowStringArray):  # texts in Arrow (the fast reader's): cast in Arrow
        return integers_in_arrow(raw)
    text = raw.astype(pd.StringDtype())
    present = text.notna()
    digits = text.str.lstrip("+-").str.len()
    valid = text.str.fullmatch(INTEGER).fillna(False) & (digits <= INT64_DIGITS).fillna(False)
    mask = valid.to_numpy(dtype=bool)
    values = np.zeros(len(text), dtype=np.int64)
    values[mask] = [int(t) for t in text[mask]]  # exact: a cast through float would round 18 digits
    typed = pd.Series(pd.arrays.IntegerArray(values, ~mask), index=raw.index)
    return typed, flags(present & ~valid)


def integers_in_arrow(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """:func:`as_integer` of texts held in Arrow, with pyarrow's compute functions (the same pattern and digit limit)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = raw.array.__arrow_array__()  # the column itself, not a copy
    digits = pc.utf8_length(pc.utf8_ltrim(texts, "+-"))
    valid = pc.fill_null(pc.and_(pc.match_substring_regex(texts, INTEGER), pc.less_equal(digits, INT64_DIGITS)), False)
    values = pc.cast(pc.utf8_ltrim(pc.if_else(valid, texts, "0"), "+"), pa.int64())  # a sign "+" is no digit
    ok = valid.to_numpy()
    typed = pd.Series(pd.arrays.IntegerArray(values.to_numpy(), ~ok), index=raw.index)
    present = pc.is_valid(texts).to_numpy()
    return typed, pd.Series(present & ~ok, index=raw.index)


def as_number(raw: pd.Series, field: Field | None = None) -> tuple[pd.Series, pd.Series]:
    import pandas as pd

    text = raw.astype(pd.StringDtype())
    present = text.notna()
    valid = text.str.fullmatch(NUMBER).fillna(False)
    typed = pd.to_numeric(text.where(valid).str.replace("INF", "inf"), errors="coerce").astype("Float64")
    return typed, flags(present & ~valid)


def as_boolean(raw: pd.Series, field: Field | None = None) -> tuple[pd.Series, pd.Series]:
    import pandas as pd

    text = raw.astype(pd.StringDtype())
    present = text.notna()
    truth = text.isin(field.true_values if field is not None else TRUE_VALUES)
    falsity = text.isin(field.false_values if field is not None else FALSE_VALUES)
    typed = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    typed[truth.fillna(False)] = True
    typed[falsity.fillna(False)] = False
    return typed, flags(present & ~(truth | falsity))


def as_date(raw: pd.Series, field: Field | None = None) -> tuple[pd.Series, pd.Series]:
    import pandas as pd

    text = raw.astype(pd.StringDtype())
    present = text.notna()
    shaped = text.str.fullmatch(DATE).fillna(False)
    typed = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
    return typed, flags(present & typed.isna())


def flags(mask: pd.Series) -> pd.Series:
    """A plain boolean mask, NA read as False."""
    return mask.fillna(False).astype(bool)


CASTERS: dict[str, Callable[[pd.Series, Field], tuple[pd.Series, pd.Series]]] = {
    "string": as_text,
    "integer": as_integer,
    "number": as_number,
    "boolean": as_boolean,
    "date": as_date,
}
