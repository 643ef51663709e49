"""Rules on a claim's wording: its ``stated_as`` is readable, and says what its qualifier and bounds say.

Both rules take the readings of the distinct wordings from the context, read once for both
(:meth:`idlibstats.rules.context.RuleContext.readings`), and compare them with the rows column-wise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from idlibstats.claims.qualifiers import QUALIFIERS
from idlibstats.rules.context import VALUES

WORDING = "stated_as"  # the column whose wording the rules read

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from idlibstats.package.contract import Table
    from idlibstats.rules.context import RuleContext


def stated_as_unreadable(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    import numpy as np
    import pandas as pd

    codes, readings = context.readings(frame, WORDING)
    return pd.Series(np.append(~readings.readable, False)[codes], index=frame.index)


def stated_as_mismatch(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    """Rows whose qualifier or bounds differ from what their readable ``stated_as`` says.

    A row without a qualifier, or whose wording cannot be read, is left to the other checks. The
    row's own columns are read first: the readings may still be on their way.
    """
    import numpy as np
    import pandas as pd

    qualifier = qualifier_positions(frame["qualifier"])
    recorded = [recorded_values(frame[name]) for name in VALUES]
    codes, readings = context.readings(frame, WORDING)
    judged = np.append(readings.readable, False)[codes] & (qualifier >= 0)
    rows = np.maximum(codes, 0)
    wrong = (qualifier != readings.qualifier[rows]) | readings.huge[rows]  # no recorded bound holds a huge figure
    for k, (present, values) in enumerate(recorded):
        stated = readings.stated[rows, k]
        wrong |= present != stated
        wrong |= present & stated & (values != readings.values[rows, k])
    return pd.Series(judged & wrong, index=frame.index)


def recorded_values(recorded: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Which rows hold a bound in ``recorded``, and the bounds (0 where missing)."""
    import pandas as pd

    present = recorded.notna().to_numpy(dtype=bool)
    values = recorded.to_numpy(dtype="int64" if pd.api.types.is_integer_dtype(recorded.dtype) else "float64",
                               na_value=0)
    return present, values


def reads_wordings(violations: object) -> bool:
    """Whether a rule's function is one of those above, which wait for the readings of the wordings."""
    return violations in (stated_as_unreadable, stated_as_mismatch)


def qualifier_positions(column: pd.Series) -> np.ndarray:
    """Per row, the position of its qualifier in QUALIFIERS (-1: missing or not a qualifier)."""
    import numpy as np
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = np.array([QUALIFIERS.index(c) if c in QUALIFIERS else -1 for c in column.cat.categories] + [-1],
                              dtype=np.int16)
        return categories[column.cat.codes.to_numpy()]
    return np.array([QUALIFIERS.index(v) if isinstance(v, str) and v in QUALIFIERS else -1 for v in column],
                    dtype=np.int16)
