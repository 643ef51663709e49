"""How claims are revised, and the rules that keep a table's chains of corrections sound.

A published claim is never edited or deleted. A correction is a new row whose ``supersedes``
names the claim it replaces, and the replaced claim's ``status`` becomes ``superseded``; a claim
found wrong with no replacement gets ``status`` ``withdrawn``. Each function here takes a typed
claims frame (as :func:`idlibstats.load` returns it with ``history=True``) and returns the mask of
the rows that break one rule; :mod:`idlibstats.rules.registry` registers them under their finding types:

- ``supersession-cycle``: following ``supersedes`` from a row leads back to it (a row that names
  itself included).
- ``supersession-successors``: a claim is superseded by exactly one row; every row naming a claim
  that another row also names is flagged (two corrections of one figure are a fork, not a chain).
- ``supersession-status``: a claim is ``superseded`` exactly when another row names it in
  ``supersedes``. So a superseded claim has a successor, and an active or withdrawn one has none
  (to replace a withdrawn claim, add a new claim; withdrawal is final).
- ``supersession-quantity``: a correction counts the same quantity as the claim it corrects: equal
  measure fields (the resource's ``idlibstats.measure`` list in ``datapackage.json``). Bounds,
  wording, period, source and claimant may change; a correction that changes *what* is counted is
  a withdrawal and a new claim.
- ``correction-reason`` and ``withdrawn-reason``: a correction says why in its ``notes``
  (``Correction: …``), a withdrawn claim says why in its ``notes`` (``Withdrawn: …``).

Cells that are missing never break these rules: the contract's own checks report them, and a
``supersedes`` naming no claim of the table is the contract's foreign-key finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from idlibstats.claims.status import (
    CORRECTION_REASON,
    NOTES,
    STATUS,
    SUPERSEDED,
    SUPERSEDES,
    WITHDRAWN,
    WITHDRAWN_REASON,
)

if TYPE_CHECKING:
    import re

    import numpy as np
    import pandas as pd

    from idlibstats.package.contract import Table
    from idlibstats.rules.context import RuleContext



def key_of(table: Table) -> str:
    """The field that identifies a claim (the table's single-field primary key)."""
    return table.primary_key[0] if len(table.primary_key) == 1 else "claim_id"


def as_text(column: pd.Series) -> pd.Series:
    """``column`` as pandas strings (left as it is when it already holds them, in either storage)."""
    import pandas as pd

    return column if isinstance(column.dtype, pd.StringDtype) else column.astype("string")


def links(frame: pd.DataFrame, table: Table) -> dict[str, str]:
    """``claim -> the claim it supersedes``, for rows where both are present (first row of a repeated id)."""
    rows = frame[SUPERSEDES].notna()  # usually few: only they are turned into text
    ids, targets = as_text(frame.loc[rows, key_of(table)]), as_text(frame.loc[rows, SUPERSEDES])
    present = ids.notna() & targets.notna()
    pairs: dict[str, str] = {}
    for claim, target in zip(ids[present], targets[present]):
        pairs.setdefault(str(claim), str(target))
    return pairs


def on_cycles(pairs: dict[str, str]) -> set[str]:
    """The claims from which following ``supersedes`` comes back to the same claim."""
    done: set[str] = set()
    cyclic: set[str] = set()
    for start in pairs:
        path: list[str] = []
        position: dict[str, int] = {}
        node = start
        while node in pairs and node not in done and node not in position:
            position[node] = len(path)
            path.append(node)
            node = pairs[node]
        if node in position:
            cyclic.update(path[position[node]:])
        done.update(path)
    return cyclic


def nothing(frame: pd.DataFrame) -> pd.Series:
    import pandas as pd

    return pd.Series(False, index=frame.index)


def cycle(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    cyclic = on_cycles(links(frame, table))
    if not cyclic:  # the usual case: no loop, and no need to compare a million identifiers
        return nothing(frame)
    return (as_text(frame[key_of(table)]).isin(cyclic) & frame[SUPERSEDES].notna()).fillna(False).astype(bool)


def successors(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    targets = as_text(frame[SUPERSEDES])
    counts = targets.value_counts()
    forked = counts[counts > 1].index
    return targets.isin(list(forked)).fillna(False).astype(bool)


def status(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    targets = list(as_text(frame[SUPERSEDES]).dropna().unique())
    named = as_text(frame[key_of(table)]).isin(targets) if targets else nothing(frame)
    state = frame[STATUS]
    superseded = (state == SUPERSEDED).fillna(False).astype(bool)
    present = state.notna() & frame[key_of(table)].notna()
    return (present & (named != superseded)).fillna(False).astype(bool)


def quantity(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    """Corrections whose measure fields differ from the claim they supersede (read for those rows only)."""
    import numpy as np
    import pandas as pd

    key = key_of(table)
    measure = [name for name in table.measure if context.has(frame, name)]
    broken = pd.Series(False, index=frame.index)
    rows = frame[SUPERSEDES].notna()
    if not measure or not rows.any():
        return broken
    targets = as_text(frame.loc[rows, SUPERSEDES])
    referenced = np.flatnonzero(as_text(frame[key]).isin(list(targets.unique())).fillna(False).to_numpy(dtype=bool))
    ids = as_text(frame[key].iloc[referenced])
    first = ~ids.duplicated().to_numpy()  # a repeated id: its first row, as the primary key finding reports the rest
    corrected = measured(frame, context, measure, referenced[first]).set_axis(ids[first].to_numpy())
    known = targets.isin(list(corrected.index)).to_numpy(dtype=bool)
    if not known.any():
        return broken
    mine = measured(frame, context, measure, np.flatnonzero(rows.to_numpy(dtype=bool))[known])
    theirs = corrected.loc[targets[known].to_numpy()].set_axis(mine.index)
    same = (mine == theirs).fillna(False) | (mine.isna() & theirs.isna())
    broken[mine.index] = ~same.all(axis=1)
    return broken.astype(bool)


def measured(frame: pd.DataFrame, context: RuleContext, measure: list[str], positions: np.ndarray) -> pd.DataFrame:
    """The ``measure`` fields of the rows at ``positions``, as texts."""
    import pandas as pd

    return pd.DataFrame({name: context.values(frame, name, positions).astype("string") for name in measure},
                        index=frame.index[positions])


def reason_missing(frame: pd.DataFrame, rows: pd.Series, pattern: re.Pattern[str]) -> pd.Series:
    """``rows`` whose notes do not match ``pattern`` (only those rows' notes are searched)."""
    import pandas as pd

    rows = rows.fillna(False).astype(bool)
    broken = pd.Series(False, index=frame.index)
    if rows.any():
        stated = as_text(frame.loc[rows, NOTES]).str.contains(pattern, regex=True).fillna(False).astype(bool)
        broken[rows] = ~stated.to_numpy(dtype=bool)  # plain bools: pandas 2.2 warns on a nullable mask
    return broken.astype(bool)


def correction_reason(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return reason_missing(frame, frame[SUPERSEDES].notna(), CORRECTION_REASON)


def withdrawn_reason(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return reason_missing(frame, frame[STATUS] == WITHDRAWN, WITHDRAWN_REASON)
