"""What every rule may consult beyond its frame, and the helper that judges each distinct value once.

A rule returns a boolean mask of the rows that break it; rules on a million rows stay fast because
rows repeat their texts: :func:`per_distinct` judges each distinct combination of values once.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from idlibstats.claims import columnar, phrases

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from idlibstats.package.folder import DataPackage

VALUES = ("value_low", "value_best", "value_high")
WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space: the only liberty a verbatim quote may take."""
    return WHITESPACE.sub(" ", text).strip()


@dataclass
class RuleContext:
    """What rules may consult beyond the frame: the package, and its typed ``sources`` table."""

    package: DataPackage
    sources: pd.DataFrame | None = None
    _archives: dict[str, str | None] | None = field(default=None, repr=False)
    _reader: phrases.Reader | None = field(default=None, repr=False)
    _codes: dict[tuple[int, str], tuple[weakref.ref, object, tuple[np.ndarray, int]]] = field(
        default_factory=dict, repr=False)
    _known: dict[int, tuple[weakref.ref, Callable[[str], tuple[np.ndarray, int] | None]]] = field(
        default_factory=dict, repr=False)
    _readings: dict[tuple[int, str], tuple[weakref.ref, np.ndarray, columnar.Readings | Future]] = field(
        default_factory=dict, repr=False)
    _values: dict[int, tuple[weakref.ref, Callable[[str, np.ndarray], pd.Series | None]]] = field(
        default_factory=dict, repr=False)

    def sources_frame(self) -> pd.DataFrame:
        if self.sources is None:
            from idlibstats.frames.loading import read_typed

            self.sources = read_typed(self.package, "sources")
        return self.sources

    def archived_texts(self) -> dict[str, str | None]:
        """``source_id`` -> normalised archived text, for archived sources (``None``: unreadable)."""
        if self._archives is None:
            sources = self.sources_frame()  # may raise: then nothing is remembered, and the next call raises too
            archived = sources[sources["archive_path"].notna()]
            self._archives = {source_id: read_archive_text(self.package, relative)
                              for source_id, relative in zip(archived["source_id"], archived["archive_path"])}
        return self._archives

    def phrase_reader(self) -> phrases.Reader:
        """The figure-phrase reader with this package's vague words (built once; it remembers its readings)."""
        if self._reader is None:
            self._reader = phrases.Reader.for_package(self.package)
        return self._reader

    def readings(self, frame: pd.DataFrame, column: str) -> tuple[np.ndarray, columnar.Readings]:
        """Per row of ``frame``, the code of its wording in ``column`` (-1: missing), and the reading of each code.

        Each distinct wording is read once, for all the rules (:func:`idlibstats.claims.columnar.read_many`).
        """
        codes, count = self.distinct_codes(frame, column)
        key = (id(frame), column)
        cached = self._readings.get(key)
        if cached is not None and cached[0]() is frame and cached[1] is codes and isinstance(cached[2], Future):
            cached = self._readings[key] = (cached[0], codes, cached[2].result())  # read while the tables were checked
        if cached is None or cached[0]() is not frame or cached[1] is not codes:
            texts = frame[column].iloc[holders(codes, count)] if len(frame) else frame[column].iloc[:0]
            read = columnar.read_many(self.phrase_reader(), arrow_strings(texts.fillna("")))
            cached = self._readings[key] = (weakref.ref(frame), codes, read)
        return codes, cached[2]  # type: ignore[return-value]

    def know_readings(self, frame: pd.DataFrame, column: str, codes: np.ndarray, readings: Future) -> None:
        """Let :meth:`readings` take the readings of ``frame[column]`` from ``readings`` (of the texts ``codes`` number).

        They are used only when the column's codes are ``codes`` itself (the same array).
        """
        self._readings[(id(frame), column)] = (weakref.ref(frame), codes, readings)

    def know_codes(self, frame: pd.DataFrame, codes: Callable[[str], tuple[np.ndarray, int] | None]) -> None:
        """Let the rules take the :func:`distinct_codes` of ``frame``'s columns from ``codes`` (``None``: unknown).

        The validator knows them from reading the file (equal texts share a code), so rules on a
        million rows need not hash a million texts again. ``frame`` must not change afterwards.
        """
        self._known[id(frame)] = (weakref.ref(frame), codes)

    def know_values(self, frame: pd.DataFrame, values: Callable[[str, np.ndarray], pd.Series | None]) -> None:
        """Let :meth:`values` take a field's typed values at given row positions from ``values`` (``None``: no such field).

        The validator builds its frame of only the columns the rules read whole (``Rule.reads``); a
        rule that needs a few rows of another field (a correction's measure fields) asks for them.
        """
        self._values[id(frame)] = (weakref.ref(frame), values)

    def has(self, frame: pd.DataFrame, column: str) -> bool:
        """Whether :meth:`values` can give ``column`` of ``frame``."""
        return column in frame.columns or self.known_values(frame, column, None) is not None

    def values(self, frame: pd.DataFrame, column: str, positions: np.ndarray) -> pd.Series:
        """``frame[column]`` at the row ``positions``, indexed as those rows; from the validator for a column it left out."""
        if column in frame.columns:
            return frame[column].iloc[positions]
        found = self.known_values(frame, column, positions)
        if found is None:
            raise KeyError(column)
        return found.set_axis(frame.index[positions])

    def known_values(self, frame: pd.DataFrame, column: str, positions: np.ndarray | None) -> pd.Series | None:
        import numpy as np

        ref, values = self._values.get(id(frame), (None, None))
        if ref is None or values is None or ref() is not frame:
            return None
        return values(column, np.zeros(0, dtype=np.int64) if positions is None else positions)

    def distinct_codes(self, frame: pd.DataFrame, column: str) -> tuple[np.ndarray, int]:
        """:func:`distinct_codes` of ``frame[column]``, found once per column for all the rules.

        Frames are remembered by weak reference only: a context never keeps a frame alive (pandera
        keeps the schema, and so this context, for as long as the frame it validated lives).
        """
        values = frame[column].array
        key = (id(frame), column)
        cached = self._codes.get(key)
        if cached is None or cached[0]() is not frame or cached[1] is not values:  # new, or an id reused
            ref, known = self._known.get(id(frame), (None, None))
            found = known(column) if ref is not None and known is not None and ref() is frame else None
            cached = self._codes[key] = (weakref.ref(frame), values, found or distinct_codes(frame[column]))
        return cached[2]

    def archive_digest(self, relative: str) -> str | None:
        try:
            return hashlib.sha256(self.package.path_of(relative).read_bytes()).hexdigest()
        except Exception:
            return None


def read_archive_text(package: DataPackage, relative: str) -> str | None:
    try:
        return normalise(package.path_of(relative).read_text(encoding="utf-8"))
    except Exception:
        return None


def per_distinct(frame: pd.DataFrame, columns: list[str], judge: Callable[..., bool],
                 context: RuleContext | None = None, optional: tuple[str, ...] = ()) -> pd.Series:
    """``judge(*values)`` once per distinct combination of ``columns``, spread over the rows that hold it.

    Rows with a missing value in any of ``columns`` are never judged (False), except in the
    ``optional`` ones, where missing is one more value (``judge`` then gets ``pd.NA``). Rows repeat
    their texts, so a million-row table is judged in the time of its distinct combinations. With a
    ``context``, each column's distinct values are found once for all the rules.
    """
    import numpy as np
    import pandas as pd

    if not len(frame):
        return pd.Series(False, index=frame.index)
    coded = [context.distinct_codes(frame, c) if context else distinct_codes(frame[c]) for c in columns]
    missing = np.zeros(len(frame), dtype=bool)
    for column, (codes, _) in zip(columns, coded):
        if column not in optional:
            missing |= codes < 0
    rows = np.flatnonzero(~missing)  # only these are judged: the combinations are numbered among them
    combination = np.zeros(len(rows), dtype=np.int64)
    for codes, count in coded:
        combination *= count + 1
        combination += codes[rows]
        combination += 1  # a missing value (-1) is digit 0 of this column
        if combination.max(initial=0) > len(rows):  # renumber densely before the numbers grow too large
            combination = pd.factorize(combination)[0].astype(np.int64)
    combination = pd.factorize(combination)[0]  # numbered in order of first appearance
    seen = np.maximum.accumulate(combination) if len(combination) else combination
    first = np.flatnonzero(np.concatenate(([True], combination[1:] > seen[:-1]))) if len(rows) else rows
    judged = rows[first]  # the row where each combination appears first
    verdict = np.zeros(len(first), dtype=bool)
    said: dict[tuple, bool] = {}  # equal values may come under different numbers (texts kept one per row)
    verdict[:] = [said[values] if values in said else said.setdefault(values, bool(judge(*values)))
                  for values in zip(*(objects(frame[c].iloc[judged]) for c in columns))]
    broken = np.zeros(len(frame), dtype=bool)
    broken[rows] = verdict[combination]
    return pd.Series(broken, index=frame.index)


def objects(values: pd.Series) -> list[object]:
    """``values`` as Python objects (missing: ``pd.NA``), taken from Arrow at once rather than one by one."""
    import pandas as pd

    return values.astype(object).where(values.notna(), pd.NA).tolist()


def holders(codes: np.ndarray, count: int) -> np.ndarray:
    """For each code 0 .. count - 1, a row holding it (row 0 for a code no row holds)."""
    import numpy as np

    rows = np.zeros(count, dtype=np.int64)
    held = np.flatnonzero(codes >= 0)
    rows[codes[held]] = held  # of the rows holding a code, one wins: any of them will do
    return rows


def arrow_strings(values: pd.Series) -> object:
    """``values`` (texts, none missing) as a pyarrow string array when pyarrow is installed, else a list."""
    try:
        import pyarrow as pa
    except ImportError:
        return [str(v) for v in values]
    array = values.array
    if hasattr(array, "__arrow_array__"):
        return pa.array(array)
    return pa.array([str(v) for v in values], type=pa.string())


def distinct_codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """A number per row, equal for equal values (-1: missing), and how many distinct values there are.

    For Python-object strings pandas hashes the whole text of every row; rows that repeat a text
    usually share one object, so rows are first grouped by object and one row per object is hashed.
    """
    import numpy as np
    import pandas as pd

    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "python"):
        codes, distinct = pd.factorize(values)
        return codes, len(distinct)
    objects = values.to_numpy(dtype=object)
    by_object, _ = pd.factorize(np.fromiter(map(id, objects), dtype=np.int64, count=len(objects)))
    holder = np.zeros(len(objects) and int(by_object.max()) + 1, dtype=np.int64)
    holder[by_object] = np.arange(len(objects))  # any row of a group: they all hold the same object
    codes, distinct = pd.factorize(pd.Series(objects[holder], dtype=values.dtype))
    return codes[by_object], len(distinct)
