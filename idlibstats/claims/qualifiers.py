"""How a claim's qualifier fixes its bounds.

=============  =====================================  ===================================
qualifier      source wording                          value_low / value_best / value_high
=============  =====================================  ===================================
exact          "seven", "752,131"                      N / N / N
about          "about", "some", "around", "an est."    - / N / -
nearly         "nearly", "almost", "close to"          - / N / N
at_least       "at least"                              N / - / -
more_than      "more than", "over"                     N / - / -
fewer_than     "fewer than", "less than"               - / - / N
up_to          "up to"                                 - / - / N
range          "10 to 15", "between 10 and 15"         A / - / B
vague          "hundreds", "millions"                  L / - / -   (L from the package's table)
=============  =====================================  ===================================

``-`` means the cell is empty ("not stated"); 0 is a real value ("the source said none").
The lower bounds for vague words live in ``datapackage.json`` (``idlibstats.vagueLowerBounds``),
never a guessed best value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from idlibstats.errors import InvalidArgument

if TYPE_CHECKING:
    import pandas as pd


class Bounds(NamedTuple):
    low: int | None
    best: int | None
    high: int | None


# For each qualifier: which of (low, best, high) are set; the others must be empty.
SET_BOUNDS: dict[str, tuple[bool, bool, bool]] = {
    "exact": (True, True, True),
    "about": (False, True, False),
    "nearly": (False, True, True),
    "at_least": (True, False, False),
    "more_than": (True, False, False),
    "fewer_than": (False, False, True),
    "up_to": (False, False, True),
    "range": (True, False, True),
    "vague": (True, False, False),
}
QUALIFIERS = tuple(SET_BOUNDS)


def bounds(qualifier: str, value: int, upper: int | None = None) -> Bounds:
    """The bounds a figure ``value`` (or the range ``value``-``upper``) implies under ``qualifier``.

    >>> bounds("more_than", 1800)
    Bounds(low=1800, best=None, high=None)
    >>> bounds("nearly", 900000)
    Bounds(low=None, best=900000, high=900000)
    >>> bounds("range", 10, 15)
    Bounds(low=10, best=None, high=15)
    """
    if qualifier not in SET_BOUNDS:
        raise InvalidArgument(f"unknown qualifier {qualifier!r}; expected one of {', '.join(QUALIFIERS)}")
    if qualifier == "range":
        if upper is None or upper < value:
            raise InvalidArgument(f"a range needs an upper bound of at least {value}, got {upper!r}")
        return Bounds(value, None, upper)
    low, best, high = SET_BOUNDS[qualifier]
    return Bounds(value if low else None, value if best else None, value if high else None)


def mismatches(frame: pd.DataFrame) -> pd.Series:
    """Rows whose set and empty bounds do not follow their qualifier (NA qualifier: not judged)."""
    import pandas as pd

    qualifier = frame["qualifier"]
    if not isinstance(qualifier.dtype, pd.CategoricalDtype):  # a categorical compares by its codes: fast
        qualifier = qualifier.astype("string")
    present = [frame[c].notna() for c in ("value_low", "value_best", "value_high")]
    wrong = pd.Series(False, index=frame.index)
    for name, pattern in SET_BOUNDS.items():
        rows = (qualifier == name).fillna(False).astype(bool)
        if not rows.any():
            continue
        off = pd.Series(False, index=frame.index)
        for is_set, expected in zip(present, pattern):
            off |= is_set != expected
        if name == "exact":
            off |= (frame["value_low"] != frame["value_best"]).fillna(False).astype(bool)
            off |= (frame["value_best"] != frame["value_high"]).fillna(False).astype(bool)
        if name == "nearly":
            off |= (frame["value_best"] != frame["value_high"]).fillna(False).astype(bool)
        wrong |= rows & off
    return wrong
