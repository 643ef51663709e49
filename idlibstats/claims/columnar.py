"""Read many wordings at once: the common forms column-wise with pyarrow, the rest with the phrase parser.

:func:`read_many` gives, for each of a list of distinct wordings, what
:meth:`idlibstats.claims.phrases.Reader.read` gives (readable or not, the qualifier, the bounds and
the precision), as arrays. A table of a million contributed claims holds hundreds of thousands of
distinct wordings; reading each with the Python parser takes over a minute, so the forms sources
write most are read column-wise with pyarrow's regular expressions (RE2) and integer arithmetic:

1. **Split.** Each wording is split into its leading *run* (a qualifier, numbers, number and scale
   words, "between", "to", "and", "of", "a", dashes) and the *rest*, the words saying what is
   counted. The rest is *plain* when it starts with a space or punctuation and holds no digit, no
   word that can begin a figure (a number, scale, fraction or vague word) and no percent sign
   after the figure. Then the parser's reading of the wording is its reading of the run alone: the
   figure lies inside the run, and nothing in the rest can extend it, make it a percentage or be a
   second figure. A wording whose rest is not plain, that starts otherwise, or that holds a
   character the parser folds to an ASCII letter (``İ ı ſ K``) goes to the parser whole.
2. **Runs of digits** (``"more than 1,800"``, ``"3.6 million"``, ``"10 to 15"``,
   ``"between 1,000 and 2,000"``, ``"2-3 million"``) are computed column-wise, with exact integer
   arithmetic; a run whose figure would not be a whole number, that overflows 64 bits or that the
   column-wise grammar does not cover goes to the parser.
3. **Runs of words** (``"about two hundred and ten"``) take their qualifier column-wise and the
   value of the number words from the parser, once per distinct figure; vague words and the
   other runs are read by the parser once per distinct run.

The two readings agree on every wording (a property test holds them to it); without pyarrow every
wording is read by the parser.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from idlibstats.claims.phrases import (
    FOLDED,
    FRACTIONS,
    ONES,
    QUALIFIER_WORDS,
    SCALES,
    TENS,
    Reader,
    normalise_words,
)
from idlibstats.claims.qualifiers import QUALIFIERS, SET_BOUNDS

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import numpy as np

LOW, BEST, HIGH = 0, 1, 2
MAX_DIGITS = 18  # digits of a figure times its scale: beyond this, int64 could overflow; the parser reads it
FOLDS_TO_ASCII = "".join(map(chr, FOLDED))  # the non-ASCII letters Python's case-blind matching takes for ASCII ones
FOLDS_LEAD = min(letter.encode()[0] for letter in FOLDS_TO_ASCII)  # the lowest first byte of their UTF-8
# Python's whitespace beyond RE2's ASCII \s, for an RE2 character class (every such character is below U+3001)
PYTHON_SPACE = "".join(f"\\x{{{ord(c):x}}}" for c in map(chr, range(0x3001)) if c.isspace() and c not in " \t\n\r")
WHOLE = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"  # the parser's digits; a decimal part may follow
SLICE_ROWS = 100_000  # wordings read at once by one thread
ONCE_ROWS = 10_000  # from this many wordings on, repeats are found first and each distinct wording read once
# the scale words read after digits, with the power of ten each stands for ("dozen" is left to the parser)
EXPONENTS = {word: len(str(value)) - 1 for word, value in SCALES.items() if str(value).strip("0") == "1"}
COLUMN_SCALES = tuple(EXPONENTS)


@dataclass
class Readings:
    """What :meth:`Reader.read` says of each wording, as arrays parallel to the wordings.

    ``qualifier`` holds the position of the qualifier in :data:`QUALIFIERS` (-1: none);
    ``values[:, k]`` holds bound k (low, best, high) where ``stated[:, k]``; ``huge`` marks
    wordings whose figure does not fit in 64 bits (no recorded bound can equal it; ``values`` holds
    0 there); ``columnar`` says which wordings were read column-wise (their run of digits computed,
    or their run read by the parser once for all the wordings that share it); the parser read the
    others one by one.
    """

    readable: np.ndarray
    qualifier: np.ndarray
    values: np.ndarray
    stated: np.ndarray
    precision: np.ndarray
    huge: np.ndarray
    columnar: np.ndarray

    @classmethod
    def empty(cls, count: int) -> Readings:
        import numpy as np

        return cls(np.zeros(count, dtype=bool), np.full(count, -1, dtype=np.int8), np.zeros((count, 3), dtype=np.int64),
                   np.zeros((count, 3), dtype=bool), np.ones(count, dtype=np.int64), np.zeros(count, dtype=bool),
                   np.zeros(count, dtype=bool))

    def take(self, rows: np.ndarray) -> Readings:
        return Readings(*(getattr(self, name)[rows] for name in FIELDS))

    def put(self, rows: np.ndarray, other: Readings) -> None:
        for name in FIELDS:
            getattr(self, name)[rows] = getattr(other, name)

    @classmethod
    def joined(cls, parts: list[Readings]) -> Readings:
        import numpy as np

        return cls(*(np.concatenate([getattr(part, name) for part in parts]) for name in FIELDS))


FIELDS = ("readable", "qualifier", "values", "stated", "precision", "huge", "columnar")
INT64_MAX = 2**63 - 1


def read_many(reader: Reader, wordings: Sequence[str] | Any) -> Readings:
    """The readings of ``wordings`` (a list, or a pyarrow string or chunked array; no missing values), as :class:`Readings`."""
    try:
        import pyarrow as pa
    except ImportError:
        return parsed(reader, list(wordings))
    texts = wordings if isinstance(wordings, (pa.Array, pa.ChunkedArray)) else pa.array(list(wordings), pa.string())
    grammar = Grammar.of(reader)
    if grammar is None or texts.null_count:
        return parsed(reader, texts.to_pylist())
    if texts.type != pa.string():
        texts = texts.cast(pa.string())

    def read_slice(start: int) -> Readings:
        part = texts.slice(start, SLICE_ROWS)  # one array of its own (chunks are joined a slice at a time)
        return grammar.read_once(reader, part.combine_chunks() if isinstance(part, pa.ChunkedArray) else part)

    starts = range(0, len(texts), SLICE_ROWS)
    if len(starts) < 2:
        return read_slice(0) if len(starts) else Readings.empty(0)
    # slices of the wordings, read by as many threads as there are cores (pyarrow's compute functions let go
    # of the GIL); a slice at a time per thread keeps what the reading holds small
    with ThreadPoolExecutor(min(os.cpu_count() or 1, len(starts))) as pool:
        parts = list(pool.map(read_slice, starts))
    pa.default_memory_pool().release_unused()
    return Readings.joined(parts)


def parsed(reader: Reader, wordings: list[str]) -> Readings:
    """Readings of ``wordings`` by the parser, one at a time."""

    readings = Readings.empty(len(wordings))
    for i, wording in enumerate(wordings):
        reading = reader.read(wording)
        if not reading.readable or reading.bounds is None or reading.qualifier not in QUALIFIERS:
            continue
        readings.readable[i] = True
        readings.qualifier[i] = QUALIFIERS.index(reading.qualifier)
        readings.precision[i] = min(reading.precision, INT64_MAX)
        for k, value in enumerate(reading.bounds):
            if value is not None:
                readings.stated[i, k] = True
                if value > INT64_MAX:
                    readings.huge[i] = True
                else:
                    readings.values[i, k] = value
    return readings


def words(items: Sequence[str]) -> str:
    """An RE2 alternation of ``items``, longest first."""
    return "|".join(re.escape(item) for item in sorted(set(items), key=len, reverse=True))


@dataclass(frozen=True)
class Grammar:
    """The column-wise patterns for one reader's vocabulary (its vague words)."""

    run: str
    unplain: str
    number_single: str
    ranges: tuple[str, ...]
    word_single: str

    @classmethod
    def of(cls, reader: Reader) -> Grammar | None:
        """The patterns, or ``None`` when a vague word is not plain lowercase words (the parser reads all)."""
        vague = list(reader.vague_bounds)
        if not all(re.fullmatch(r"[a-z]+(?: [a-z]+)*", word) for word in vague):
            return None
        vague_tokens = {token for word in vague for token in word.split()}
        qualifier_tokens = {token for phrase in QUALIFIER_WORDS for token in phrase.split()}
        vocabulary = (qualifier_tokens | set(ONES) | set(TENS) | set(SCALES) | set(FRACTIONS) | vague_tokens
                      | {"a", "and", "of", "between", "to"})
        token = rf"(?:[0-9]+(?:[,.][0-9]+)*|(?:{words(list(vocabulary))})\b|…|\.\.\.)"
        run = rf"(?i)^{token}(?:(?:[ \t]+|[ \t]*[-–—][ \t]*){token})*"
        starters = set(ONES) | set(TENS) | set(SCALES) | set(FRACTIONS) | {word.split()[0] for word in vague}
        unplain = (rf"(?i)\p{{Nd}}|\b(?:{words(list(starters))})\b"
                   rf"|^[^ \t\r\n,;:!?()\[\]\"'/.]|^[\s{PYTHON_SPACE}]*(?:%|per|pc)")
        qualifier = rf"(?:(?P<q>{words(list(QUALIFIER_WORDS))}) )?"
        scale = words(list(COLUMN_SCALES))

        def bound(name: str) -> str:
            return rf"(?P<{name}>{WHOLE})(?:\.(?P<{name}_decimals>[0-9]+))?(?: (?P<{name}_scale>{scale}))?"

        ranges = (rf"^between {bound('low')} and {bound('high')}$", rf"^{bound('low')} to {bound('high')}$",
                  rf"^{bound('low')} ?[-–—] ?{bound('high')}$")
        return cls(run, unplain, rf"^{qualifier}{bound('n')}$", ranges, rf"^{qualifier}(?P<figure>[a-z][a-z -]*)$")

    def read_once(self, reader: Reader, texts: Any) -> Readings:
        """:meth:`read`, each distinct wording once (wordings repeat)."""
        return each_once(lambda distinct: self.read(reader, distinct), texts)

    def read(self, reader: Reader, texts: Any) -> Readings:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        readings = Readings.empty(len(texts))
        rest = pc.replace_substring_regex(texts, self.run, "")  # what follows the run (all of it: no run)
        lengths = pc.binary_length(texts).to_numpy(zero_copy_only=False).astype(np.int64)
        run_bytes = lengths - pc.binary_length(rest).to_numpy(zero_copy_only=False).astype(np.int64)
        folded = np.zeros(len(texts), dtype=bool)
        everything = body(texts)
        if everything and np.frombuffer(everything, dtype=np.uint8).max() >= FOLDS_LEAD:  # else no text holds one
            for letter in FOLDS_TO_ASCII:
                if letter.encode() in everything:  # rare: each text is searched only when some text holds one
                    folded |= pc.match_substring(texts, letter).to_numpy(zero_copy_only=False)
        del everything
        unplain = pc.match_substring_regex(rest, self.unplain).to_numpy(zero_copy_only=False)
        plain = (run_bytes > 0) & ~folded & ~unplain
        whole = np.flatnonzero(~plain)
        if len(whole):
            readings.put(whole, parsed(reader, texts.take(pa.array(whole)).to_pylist()))
        rows = np.flatnonzero(plain)
        if not len(rows):
            return readings
        runs = pc.utf8_lower(heads(texts.take(pa.array(rows)), run_bytes[rows]))
        if b"\t" in (run_body := body(runs)) or b"  " in run_body:  # two spaces may straddle runs: then only slower
            runs = pc.replace_substring_regex(runs, r"[ \t]+", " ")
        readings.put(rows, each_once(lambda distinct: self.read_runs(reader, distinct), runs))  # runs repeat more
        readings.columnar[rows] = True
        return readings

    def read_runs(self, reader: Reader, runs: Any) -> Readings:
        """Readings of normalised runs: digits column-wise, words through their figure, the rest parsed (once each)."""
        import numpy as np
        import pyarrow as pa

        readings = Readings.empty(len(runs))
        left = np.ones(len(runs), dtype=bool)
        for pattern, reading in ((self.number_single, single_numbers), *((p, ranges_of) for p in self.ranges),
                                 (self.word_single, lambda found: single_words(found, reader))):
            rows = np.flatnonzero(left)
            if not len(rows):
                break
            found = extracted(runs.take(pa.array(rows)), pattern)
            if found is None:
                continue
            hit, got = reading(found)
            readings.put(rows[hit], got)
            left[rows[hit]] = False
        rows = np.flatnonzero(left)
        if len(rows):
            readings.put(rows, parsed(reader, runs.take(pa.array(rows)).to_pylist()))  # the parser remembers each
        return readings


def each_once(read: Callable[[Any], Readings], texts: Any) -> Readings:
    """``read(texts)`` (a pyarrow string array without nulls), each distinct text read once when enough repeat."""
    import pyarrow.compute as pc

    if len(texts) < ONCE_ROWS:
        return read(texts)
    encoded = pc.dictionary_encode(texts)
    if len(encoded.dictionary) > 0.9 * len(texts):  # nearly all differ: finding the repeats saves nothing
        return read(texts)
    return read(encoded.dictionary).take(encoded.indices.to_numpy(zero_copy_only=False))


def body(texts: Any) -> bytes:
    """The bytes of all of ``texts`` (a pyarrow string array), end to end: one search finds a part in any.

    A whole UTF-8 character found there lies inside one text (the texts end at character
    boundaries); a longer part may straddle two, so it only tells that a text may hold it.
    """
    import numpy as np

    _, offsets, data = texts.buffers()
    if data is None or not len(texts):
        return b""
    start, end = (int(i) for i in np.frombuffer(offsets, dtype=np.int32)[[texts.offset, texts.offset + len(texts)]])
    return memoryview(data)[start:end].tobytes()


def heads(texts: Any, lengths: np.ndarray) -> Any:
    """The first ``lengths[i]`` bytes of each of ``texts`` (a pyarrow string array without nulls)."""
    import numpy as np
    import pyarrow as pa

    _, offsets_buffer, data_buffer = texts.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[texts.offset:texts.offset + len(texts) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, dtype=np.uint8)
    ends = np.zeros(len(texts) + 1, dtype=np.int32)
    np.cumsum(lengths, out=ends[1:])
    index = np.repeat(offsets[:-1].astype(np.int64) - ends[:-1], lengths) + np.arange(int(ends[-1]))
    return pa.StringArray.from_buffers(len(texts), pa.py_buffer(ends), pa.py_buffer(data[index].tobytes()))


def extracted(texts: Any, pattern: str) -> dict[str, Any] | None:
    """The named groups of ``pattern`` in ``texts`` (pyarrow arrays, null where it does not match)."""
    import pyarrow.compute as pc

    struct = pc.extract_regex(texts, pattern)
    if not struct.null_count < len(struct):
        return None
    groups = {struct.type.field(i).name: struct.field(i) for i in range(struct.type.num_fields)}
    groups["matched"] = pc.is_valid(struct).to_numpy(zero_copy_only=False)
    return groups


@dataclass
class Numbers:
    """A group of digits (``"1,234"``, ``"3.6"``) and its optional scale word, per run, as integers.

    ``value`` is the number times its scale, exact where ``ok``: the decimal places are no more
    than the scale's zeros (so the value is whole) and the value fits in 64 bits.
    """

    integer: np.ndarray
    places: np.ndarray
    exponent: np.ndarray
    digits: np.ndarray
    value: np.ndarray
    ok: np.ndarray

    @property
    def precision(self) -> np.ndarray:
        """The unit of the last stated digit (as :func:`idlibstats.claims.phrases.precision_of`)."""
        import numpy as np

        return 10 ** np.maximum(self.exponent - self.places, 0)

    @property
    def scaled(self) -> np.ndarray:
        return self.exponent > 0


def numbers(found: dict[str, Any], name: str) -> Numbers:
    """Group ``name`` of ``found``, its decimals and its scale word (groups ``name_decimals``, ``name_scale``)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    def ints(strings: Any) -> np.ndarray:
        return pc.cast(strings, pa.int64()).to_numpy(zero_copy_only=False)

    integer = pc.replace_substring(pc.fill_null(found[name], "0"), ",", "")
    decimals = pc.fill_null(found[f"{name}_decimals"], "")
    places = pc.utf8_length(decimals).to_numpy(zero_copy_only=False).astype(np.int64)
    digits = pc.utf8_length(integer).to_numpy(zero_copy_only=False).astype(np.int64)
    position = pc.index_in(pc.fill_null(found[f"{name}_scale"], ""), value_set=pa.array(list(COLUMN_SCALES)))
    exponent = np.array([0, *EXPONENTS.values()], dtype=np.int64)[
        pc.fill_null(pc.add(position, 1), 0).to_numpy(zero_copy_only=False)]
    ok = found["matched"] & (digits > 0) & (digits + exponent <= MAX_DIGITS) & (places <= exponent)
    whole_part = ints(pc.if_else(pa.array(ok), integer, "0"))
    decimal_part = ints(pc.if_else(pa.array(ok & (places > 0)), decimals, "0"))
    shift = np.where(ok, exponent - places, 0)
    value = np.where(ok, whole_part * 10 ** np.where(ok, exponent, 0) + decimal_part * 10 ** shift, 0)
    return Numbers(whole_part, places, exponent, digits, value, ok)


def single_numbers(found: dict[str, Any]) -> tuple[np.ndarray, Readings]:
    """``[qualifier] N [scale]`` runs: exact unless a qualifier says otherwise."""

    number = numbers(found, "n")
    hit = found["matched"] & number.ok
    return hit, bounded(hit, qualifiers_of(found["q"]), number.value, number.precision)


def qualifiers_of(words_: Any) -> np.ndarray:
    """The qualifier each qualifier word names, as its position in QUALIFIERS (no word: exact)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    named = [QUALIFIERS.index(QUALIFIER_WORDS[w]) for w in QUALIFIER_WORDS] + [QUALIFIERS.index("exact")]
    position = pc.fill_null(pc.index_in(words_, value_set=pa.array(list(QUALIFIER_WORDS))), len(QUALIFIER_WORDS))
    return np.array(named, dtype=np.int8)[position.to_numpy(zero_copy_only=False)]


def bounded(hit: np.ndarray, qualifier: np.ndarray, value: np.ndarray, precision: np.ndarray) -> Readings:
    """Readings of single figures ``value`` under ``qualifier`` (positions in QUALIFIERS), for the ``hit`` rows."""
    import numpy as np

    rows = np.flatnonzero(hit)
    readings = Readings.empty(len(rows))
    readings.readable[:] = True
    readings.qualifier[:] = qualifier[rows]
    readings.precision[:] = precision[rows]
    pattern = np.array([SET_BOUNDS[q] for q in QUALIFIERS], dtype=bool)
    readings.stated[:] = pattern[qualifier[rows]]
    readings.values[:] = np.where(readings.stated, value[rows][:, None], 0)
    return readings


def ranges_of(found: dict[str, Any]) -> tuple[np.ndarray, Readings]:
    """``N [scale] to N [scale]`` and the like (as :func:`idlibstats.claims.phrases.range_values`).

    A lower bound without a scale word takes the upper one's when its number is smaller ("2 to 3
    million": 2,000,000 to 3,000,000); ranges with decimals there go to the parser.
    """
    import numpy as np

    low, high = numbers(found, "low"), numbers(found, "high")
    borrows = ~low.scaled & high.scaled
    plain = (low.places == 0) & (high.places == 0)
    hit = found["matched"] & low.ok & high.ok & (~borrows | plain)
    coefficient = high.integer  # the upper number without its scale word (whole: no decimals here)
    takes = borrows & (low.integer < coefficient)
    fits = low.digits + high.exponent <= MAX_DIGITS
    hit &= ~takes | fits
    low_value = np.where(takes & fits, low.integer * 10 ** np.where(takes & fits, high.exponent, 0), low.value)
    hit &= high.value >= low_value  # a range that runs backwards: the parser says so
    rows = np.flatnonzero(hit)
    readings = Readings.empty(len(rows))
    readings.readable[:] = True
    readings.qualifier[:] = QUALIFIERS.index("range")
    readings.precision[:] = np.maximum(low.precision, high.precision)[rows]
    readings.stated[:, LOW] = readings.stated[:, HIGH] = True
    readings.values[:, LOW], readings.values[:, HIGH] = low_value[rows], high.value[rows]
    return hit, readings


def single_words(found: dict[str, Any], reader: Reader) -> tuple[np.ndarray, Readings]:
    """``[qualifier] number-words`` runs: the parser reads each distinct figure once, alone; exact ones take the qualifier."""
    import numpy as np
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(pc.fill_null(found["figure"], ""))
    figures = encoded.dictionary.to_pylist()
    value = np.zeros(len(figures), dtype=np.int64)
    precision = np.ones(len(figures), dtype=np.int64)
    exact = np.zeros(len(figures), dtype=bool)
    for i, figure in enumerate(figures):
        reading = reader.read(figure) if figure else None
        if reading is None or reading.qualifier != "exact" or reading.rest or reading.bounds is None \
                or normalise_words(reading.figure) != figure or reading.bounds.best is None:
            continue
        exact[i], value[i], precision[i] = True, reading.bounds.best, reading.precision
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    hit = found["matched"] & exact[codes]
    return hit, bounded(hit, qualifiers_of(found["q"]), value[codes], precision[codes])
