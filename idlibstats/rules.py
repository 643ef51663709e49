"""Rules a Table Schema cannot express, each named, each a pure function over a typed frame.

A rule returns a boolean mask of the rows that break it. Cells that are missing (or did
not cast) never break a rule: the contract's own checks report those. The same functions
back the pandera schemas (:mod:`idlibstats.schemas`) and ``idlibstats validate``.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from idlibstats import phrases, qualifiers, supersession

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from idlibstats.contract import Table
    from idlibstats.package import DataPackage

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

    def sources_frame(self) -> pd.DataFrame:
        if self.sources is None:
            from idlibstats.loading import read_typed

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

    def know_codes(self, frame: pd.DataFrame, codes: Callable[[str], tuple[np.ndarray, int] | None]) -> None:
        """Let the rules take the :func:`distinct_codes` of ``frame``'s columns from ``codes`` (``None``: unknown).

        The validator knows them from reading the file (equal texts share a code), so rules on a
        million rows need not hash a million texts again. ``frame`` must not change afterwards.
        """
        self._known[id(frame)] = (weakref.ref(frame), codes)

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


@dataclass(frozen=True)
class Rule:
    """A named cross-field rule: finding ``type``, the ``field`` it points at, and what it expects."""

    type: str
    field: str
    expected: str
    applies: Callable[[Table], bool]
    violations: Callable[[pd.DataFrame, RuleContext, Table], pd.Series]


def is_claims(table: Table) -> bool:
    return table.is_claims


def has_period(table: Table) -> bool:
    return table.period is not None and table.period[0] != table.period[1]


def is_sources(table: Table) -> bool:
    return table.name == "sources"


def value_missing(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return frame[list(VALUES)].isna().all(axis=1)


def value_order(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    low, best, high = (frame[c] for c in VALUES)
    broken = (low > best).fillna(False) | (best > high).fillna(False) | (low > high).fillna(False)
    return broken.astype(bool)


def qualifier_bounds(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return qualifiers.mismatches(frame)


def period_order(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    start, end = table.period  # type: ignore[misc]
    return (frame[end] < frame[start]).fillna(False).astype(bool)


def archived_source(frame: pd.DataFrame, context: RuleContext) -> pd.Series:
    texts = context.archived_texts()
    return frame["source_id"].isin(list(texts)).fillna(False).astype(bool)


def quote_missing(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return archived_source(frame, context) & frame["quote"].isna()


def quote_unarchived(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return (~archived_source(frame, context) & frame["quote"].notna()).astype(bool)


def quote_not_found(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    texts = context.archived_texts()

    def absent(source_id: str, quote: str) -> bool:
        text = texts.get(source_id)
        return text is None or normalise(quote) not in text

    return archived_source(frame, context) & per_distinct(frame, ["source_id", "quote"], absent, context)


def stated_not_in_quote(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return per_distinct(frame, ["stated_as", "quote"],
                        lambda stated, quote: normalise(stated) not in normalise(quote), context)


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
    combination = np.zeros(len(frame), dtype=np.int64)
    missing = np.zeros(len(frame), dtype=bool)
    for column in columns:
        codes, count = context.distinct_codes(frame, column) if context else distinct_codes(frame[column])
        if column not in optional:
            missing |= codes < 0
        combination *= count + 1
        combination += codes
        combination += 1  # a missing value (-1) is digit 0 of this column
        if combination.max(initial=0) > len(frame):  # renumber densely before the numbers grow too large
            combination = pd.factorize(combination)[0].astype(np.int64)
    combination = pd.factorize(combination)[0]  # numbered in order of first appearance
    seen = np.maximum.accumulate(combination)
    first = np.flatnonzero(np.concatenate(([True], combination[1:] > seen[:-1])))  # the row where each appears
    judged = first[~missing[first]]  # missing is the same for all rows of a combination
    verdict = np.zeros(len(first), dtype=bool)
    verdict[combination[judged]] = [bool(judge(*values)) for values in zip(*(frame[c].iloc[judged] for c in columns))]
    return pd.Series(verdict[combination], index=frame.index)


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


def source_unlocatable(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return (frame["archive_path"].isna() & frame["url"].isna()).astype(bool)


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


def archive_unreadable(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    paths = frame["archive_path"]
    return paths.map(lambda p: isinstance(p, str) and read_archive_text(context.package, p) is None).astype(bool)


def archive_hash_missing(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return (frame["archive_path"].notna() & frame["sha256"].isna()).astype(bool)


def archive_changed(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    rows = frame["archive_path"].notna() & frame["sha256"].notna()
    digests = {p: context.archive_digest(p) for p in frame.loc[rows, "archive_path"].unique()}
    actual = frame["archive_path"].map(lambda p: digests.get(p) if isinstance(p, str) else None)
    readable = actual.notna()
    return (rows & readable & (actual.astype("string") != frame["sha256"].astype("string"))).fillna(False).astype(bool)


RULES: tuple[Rule, ...] = (
    Rule("value-missing", "value_best", "at least one of value_low, value_best, value_high", is_claims, value_missing),
    Rule("value-order", "value_best", "value_low <= value_best <= value_high", is_claims, value_order),
    Rule("qualifier-bounds", "qualifier", "bounds set as the qualifier implies (see README, Qualifiers)",
         is_claims, qualifier_bounds),
    Rule("period-order", "", "the period to end on or after the day it starts", has_period, period_order),
    Rule("quote-missing", "quote", "a verbatim quote, because the source is archived in seeds/", is_claims, quote_missing),
    Rule("quote-unarchived", "quote", "no quote: only documents archived in seeds/ are quoted; record stated_as and locator",
         is_claims, quote_unarchived),
    Rule("quote-not-found", "quote", "the quote word for word (whitespace aside) in the archived source",
         is_claims, quote_not_found),
    Rule("stated-not-in-quote", "stated_as", "stated_as to be the quote's own words for the figure",
         is_claims, stated_not_in_quote),
    Rule("source-unlocatable", "url", "a url for every source that is not archived in seeds/", is_sources,
         source_unlocatable),
    Rule("stated-as-unreadable", "stated_as",
         "wording the figure parser reads (see idlibstats.phrases; if the wording is the source's, teach the parser)",
         is_claims, stated_as_unreadable),
    Rule("stated-as-mismatch", "stated_as",
         "qualifier, value_low, value_best and value_high as stated_as says them (read by idlibstats.phrases)",
         is_claims, stated_as_mismatch),
    Rule("archive-missing", "archive_path", "a readable UTF-8 file at archive_path", is_sources, archive_unreadable),
    Rule("archive-hash-missing", "sha256", "a sha256 for every archived source", is_sources, archive_hash_missing),
    Rule("archive-changed", "sha256", "the archived file's sha256 to equal the recorded one", is_sources, archive_changed),
    Rule("supersession-cycle", "supersedes", "a chain of corrections that never leads back to the same claim",
         is_claims, supersession.cycle),
    Rule("supersession-successors", "supersedes", "each claim superseded by exactly one row, never two",
         is_claims, supersession.successors),
    Rule("supersession-status", "status", "status superseded exactly when another row names the claim in supersedes",
         is_claims, supersession.status),
    Rule("supersession-quantity", "supersedes",
         "a correction to count the same quantity (equal measure fields) as the claim it supersedes",
         is_claims, supersession.quantity),
    Rule("correction-reason", "notes", "a correction's notes to say why ('Correction: ...')",
         is_claims, supersession.correction_reason),
    Rule("withdrawn-reason", "notes", "a withdrawn claim's notes to say why ('Withdrawn: ...')",
         is_claims, supersession.withdrawn_reason),
)


def rules_for(table: Table) -> list[Rule]:
    """The rules that apply to ``table``."""
    return [rule for rule in RULES if rule.applies(table)]


def rule_field(rule: Rule, table: Table) -> str:
    """The field a finding of ``rule`` points at in ``table``."""
    if rule.type == "period-order" and table.period:
        return table.period[1]
    return rule.field
