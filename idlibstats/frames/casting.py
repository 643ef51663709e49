"""Cast raw CSV text to typed pandas columns, vectorised and strict.

Each caster takes a column of raw cell text (missing cells as NA) and returns the typed
column and a mask of the cells that are present but do not cast. Formats are those of
Table Schema: ISO dates only (``2020-02-10``, never ``10/02/2020`` or ``20200210``),
integers as plain digits with an optional sign. Missing cells are never failures here;
``required`` is a constraint, checked elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from idlibstats.package.contract import Field

INTEGER = r"^[+-]?[0-9]+$"
NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$|^(?:NaN|INF|-INF)$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
INT64_DIGITS = 18  # any integer of up to 18 digits fits in int64


def cast(raw: pd.Series, field: Field) -> tuple[pd.Series, pd.Series]:
    """Cast ``raw`` to ``field``'s type: ``(typed, failed)``."""
    return CASTERS[field.type](raw)


def as_text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    import pandas as pd

    text = raw.astype(pd.StringDtype())
    return text, pd.Series(False, index=raw.index)


def as_integer(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    import pandas as pd

    text = raw.astype(pd.StringDtype())
    present = text.notna()
    digits = text.str.lstrip("+-").str.len()
    valid = text.str.fullmatch(INTEGER).fillna(False) & (digits <= INT64_DIGITS).fillna(False)
    typed = pd.Series(pd.NA, index=raw.index, dtype="Int64")
    if valid.any():
        typed[valid] = text[valid].astype("int64")
    return typed, flags(present & ~valid)


def as_number(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    import pandas as pd

    text = raw.astype(pd.StringDtype())
    present = text.notna()
    valid = text.str.fullmatch(NUMBER).fillna(False)
    typed = pd.to_numeric(text.where(valid).str.replace("INF", "inf"), errors="coerce").astype("Float64")
    return typed, flags(present & ~valid)


def as_boolean(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    import pandas as pd

    text = raw.astype(pd.StringDtype())
    present = text.notna()
    truth = text.isin(TRUE_VALUES)
    falsity = text.isin(FALSE_VALUES)
    typed = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    typed[truth.fillna(False)] = True
    typed[falsity.fillna(False)] = False
    return typed, flags(present & ~(truth | falsity))


def as_date(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    import pandas as pd

    text = raw.astype(pd.StringDtype())
    present = text.notna()
    shaped = text.str.fullmatch(DATE).fillna(False)
    typed = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
    return typed, flags(present & typed.isna())


def flags(mask: pd.Series) -> pd.Series:
    """A plain boolean mask, NA read as False."""
    return mask.fillna(False).astype(bool)


CASTERS: dict[str, Callable[[pd.Series], tuple[pd.Series, pd.Series]]] = {
    "string": as_text,
    "integer": as_integer,
    "number": as_number,
    "boolean": as_boolean,
    "date": as_date,
}
