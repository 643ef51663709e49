"""Primary and foreign keys over typed frames: which rows repeat a key, which refer to nothing.

Shared by the pandera schemas (:mod:`idlibstats.rules.schemas`) and ``idlibstats validate``
(:mod:`idlibstats.validation.checks`), so both judge keys the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from idlibstats.package.contract import ForeignKey


def foreign_key_violations(frame: pd.DataFrame, fk: ForeignKey, reference: pd.DataFrame) -> pd.Series:
    """Rows of ``frame`` whose key is fully present but absent from ``reference``.

    ``frame`` holds ``fk.fields`` and ``reference`` holds ``fk.reference_fields``; keys are
    compared as text, and a key with any missing part is never a violation.
    """
    import pandas as pd

    local = frame[list(fk.fields)].astype("string")
    if not local.notna().all(axis=1).any():
        return pd.Series(False, index=frame.index)
    if len(fk.fields) == 1:
        values = local.iloc[:, 0]
        absent = missing_from(values, reference[fk.reference_fields[0]].astype("string").dropna())
        return pd.Series(absent, index=frame.index)
    remote = reference[list(fk.reference_fields)].astype("string").dropna()
    present = local.notna().all(axis=1)
    keys = pd.MultiIndex.from_frame(local.fillna(""))
    known = pd.MultiIndex.from_frame(remote)
    return (present & ~keys.isin(known)).astype(bool)


def missing_from(values: pd.Series, known: pd.Series) -> np.ndarray:
    """Which of ``values`` (texts) are present but not among ``known`` (texts, none missing).

    With pyarrow, both are looked up with its hash tables (a million claim ids are probed against
    the few distinct ``values`` rather than hashed whole); without it, with pandas'.
    """
    import numpy as np

    present = values.notna().to_numpy(dtype=bool)
    absent = np.zeros(len(values), dtype=bool)
    texts = values[present]
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        absent[present] = ~texts.isin(known.unique()).to_numpy(dtype=bool)
        return absent
    wanted = pc.unique(pa.array(texts.array, type=pa.string()) if len(texts) else pa.array([], pa.string()))
    reference = pa.array(known.array, type=pa.string())
    if len(reference) > 8 * max(len(wanted), 1):
        reference = pc.unique(reference.filter(pc.is_in(reference, value_set=wanted)))
    found = pc.is_in(pa.array(texts.array, type=pa.string()), value_set=reference)
    absent[present] = ~found.to_numpy(zero_copy_only=False)
    return absent


def repeated(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose key repeats an earlier row's: ``(repeated, first)``.

    ``codes`` gives each row's key as a number (equal keys, equal numbers; -1: the key is
    incomplete and never a repeat). ``first`` is, for each repeated row, the position of the
    first row with that key, and -1 elsewhere.
    """
    import numpy as np

    rows = np.arange(len(codes))
    present = codes >= 0
    first = np.full(len(codes), -1, dtype=np.int64)
    if not present.any():
        return np.zeros(len(codes), dtype=bool), first
    if np.bincount(codes[present]).max() == 1:  # no key repeats (the common case): nothing to find
        return np.zeros(len(codes), dtype=bool), first
    first_of_key = np.full(int(codes.max()) + 1, len(codes), dtype=np.int64)
    np.minimum.at(first_of_key, codes[present], rows[present])
    first[present] = first_of_key[codes[present]]
    is_repeat = present & (first != rows)
    first[~is_repeat] = -1
    return is_repeat, first


def combined(parts: list[np.ndarray]) -> np.ndarray:
    """One key number per row from the key numbers of several fields (-1 where any part is -1)."""
    import numpy as np

    if len(parts) == 1:
        return parts[0]
    stacked = np.stack(parts, axis=1)
    complete = (stacked >= 0).all(axis=1)
    codes = np.full(len(stacked), -1, dtype=np.int64)
    if complete.any():
        codes[complete] = np.unique(stacked[complete], axis=0, return_inverse=True)[1].ravel()
    return codes
