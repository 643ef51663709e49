"""Rules on a claim's wording: its ``stated_as`` is readable, and says what its qualifier and bounds say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from idlibstats.rules.context import VALUES, per_distinct

if TYPE_CHECKING:
    import pandas as pd

    from idlibstats.package.contract import Table
    from idlibstats.rules.context import RuleContext


def stated_as_unreadable(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    reader = context.phrase_reader()
    return per_distinct(frame, ["stated_as"], lambda stated: not reader.read(str(stated)).readable, context)


def stated_as_mismatch(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    """Rows whose qualifier or bounds differ from what their readable ``stated_as`` says.

    Judged once per distinct combination of wording, qualifier and bounds (the parser remembers
    each wording it has read); a row without a qualifier is left to the contract's own checks.
    """
    import pandas as pd

    reader = context.phrase_reader()

    def wrong(stated: str, qualifier: str, *recorded: object) -> bool:
        reading = reader.read(str(stated))
        if not reading.readable or reading.bounds is None:
            return False
        bounds = tuple(None if pd.isna(v) else int(v) for v in recorded)  # type: ignore[call-overload]
        return str(qualifier) != reading.qualifier or bounds != tuple(reading.bounds)

    return per_distinct(frame, ["stated_as", "qualifier", *VALUES], wrong, context, optional=VALUES)
