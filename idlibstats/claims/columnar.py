"""Read many wordings at once: the common forms column-wise with pyarrow, the rest with the phrase parser.

:func:`read_many` gives, for each of a list of wordings, what
:meth:`idlibstats.claims.phrases.Reader.read` gives (readable or not, the qualifier, the bounds and
the precision), as arrays. A table of a million contributed claims holds hundreds of thousands of
distinct wordings; reading each with the Python parser takes over a minute, so the forms sources
write most are read column-wise with pyarrow's regular expressions (RE2) and integer arithmetic:

1. **Shapes.** A wording's *shape* is the wording with every digit written as 0 and its ASCII
   capitals in lower case ("More than 1,800 civilians" -> "more than 0,000 civilians"). Whether a
   wording is plain (below), where its run ends and how its run is read depend on its shape
   alone, and wordings of one shape have their digits at the same bytes. Sources word their
   figures alike ("more than N civilians"), so far fewer shapes than wordings are judged, each
   once; when every shape differs, the shapes cost one more pass over the texts.
2. **Split.** Each shape is split into its leading *run* (a qualifier, numbers, number and scale
   words, "between", "to", "and", "of", "a", dashes) and the *rest*, the words saying what is
   counted. The rest is *plain* when it starts with a space or punctuation and holds no digit, no
   word that can begin a figure (a number, scale, fraction or vague word) and no percent sign
   after the figure. Then the parser's reading of the wording is its reading of the run alone: the
   figure lies inside the run, and nothing in the rest can extend it, make it a percentage or be a
   second figure. A wording whose rest is not plain, that starts otherwise, or that holds a
   character the parser folds to an ASCII letter (``İ ı ſ K``) goes to the parser whole.
3. **Runs of digits** (``"more than 1,800"``, ``"3.6 million"``, ``"10 to 15"``,
   ``"between 1,000 and 2,000"``, ``"2-3 million"``): each distinct run shape is matched once, in
   Python, against the column-wise grammar, which gives its qualifier, precision and what each of
   its digits is worth; each wording's bounds are then summed from its own digits with exact
   integer arithmetic (numpy). A range that runs backwards, or a lower bound that takes the upper
   one's scale word only when smaller ("2 to 3 million"), is judged per wording. A run whose figure
   would not be a whole number, that could pass 64 bits or that the grammar does not cover goes to
   the parser.
4. **Runs of words** (``"about two hundred and ten"``) take their qualifier column-wise and the
   value of the number words from the parser, once per distinct figure; vague words and the
   other runs are read by the parser once per distinct run.

The two readings agree on every wording (a property test holds them to it); without pyarrow every
wording is read by the parser.
"""

from __future__ import annotations

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
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
ONCE_ROWS = 10_000  # from this many runs of words on, repeats are found first and each distinct run read once
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


def read_many(reader: Reader, wordings: Sequence[str] | Any, threads: int | None = None) -> Readings:
    """The readings of ``wordings`` (a list, or a pyarrow string or chunked array; no missing values), as :class:`Readings`.

    Slices of the wordings are read by ``threads`` threads (default: as many as there are cores); a
    caller with work of its own to do meanwhile leaves it a core. Wordings are read one per row:
    callers pass distinct ones where they can (the validator passes a column's distinct texts, or its
    texts per row where nearly all differ), and each distinct shape and run of words is judged once.
    """
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
        return grammar.read(reader, part.combine_chunks() if isinstance(part, pa.ChunkedArray) else part)

    starts = range(0, len(texts), SLICE_ROWS)
    if len(starts) < 2:
        return read_slice(0) if len(starts) else Readings.empty(0)
    # a slice at a time per thread keeps what the reading holds small (pyarrow's compute functions let go of the GIL)
    workers = min(threads or os.cpu_count() or 1, len(starts))
    if workers < 2:
        parts = [read_slice(start) for start in starts]
    else:
        with ThreadPoolExecutor(workers) as pool:
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
    shapes: ShapeTable = field(default_factory=lambda: ShapeTable(), compare=False, repr=False)  # each shape's, once

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

    def read(self, reader: Reader, texts: Any) -> Readings:
        """Readings of ``texts``, split and judged once per distinct shape (:func:`shape_array`), read per row."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        readings = Readings.empty(len(texts))
        offsets, data = text_buffers(texts)
        encoded = pc.dictionary_encode(shape_array(texts, offsets, data, WORDING_SHAPE))
        shape, shapes = encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary
        run_bytes, plain = self.split(shapes)
        whole = np.flatnonzero(~plain[shape])
        if len(whole):
            readings.put(whole, parsed(reader, texts.take(pa.array(whole)).to_pylist()))
        run_code, runs = run_shapes(shapes, run_bytes, plain)
        run = run_code[shape]  # per text, its run's shape (-1: none)
        layouts, position = self.layouts(runs)
        run = position[run]  # per text, its run's shape among all those seen
        rows = np.flatnonzero(layouts.known[run])
        hit, got = digit_readings(layouts.take(run[rows]), offsets[rows], data)
        readings.put(rows[hit], got)
        left = plain[shape]
        left[rows[hit]] = False
        digits = np.array(["0" in one for one in runs] + [False], dtype=bool)[run_code[shape]]
        for spare, read in ((left & ~digits, self.read_word_runs), (left & digits, self.read_runs)):
            if len(rows := np.flatnonzero(spare)):  # runs of words; runs of digits read otherwise or spaced otherwise
                readings.put(rows, each_once(lambda distinct, read=read: read(reader, distinct),  # type: ignore[misc]
                                             self.runs_of(texts, rows, run_bytes[shape[rows]])))
        readings.columnar[np.flatnonzero(plain[shape])] = True
        return readings

    @staticmethod
    def runs_of(texts: Any, rows: np.ndarray, run_bytes: np.ndarray) -> Any:
        """The runs of ``texts[rows]`` (``run_bytes`` long), in lower case, with single spaces."""
        import pyarrow as pa
        import pyarrow.compute as pc

        runs = pc.utf8_lower(heads(texts.take(pa.array(rows)), run_bytes))
        if b"\t" in (run_body := body(runs)) or b"  " in run_body:  # two spaces may straddle runs: then only slower
            runs = pc.replace_substring_regex(runs, r"[ \t]+", " ")
        return runs

    def split(self, texts: Any) -> tuple[np.ndarray, np.ndarray]:
        """Per text, the bytes of its leading run, and whether the parser's reading of the text is that of its run alone."""
        import numpy as np
        import pyarrow.compute as pc

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
        return run_bytes, (run_bytes > 0) & ~folded & ~unplain

    def read_runs(self, reader: Reader, runs: Any) -> Readings:
        """Readings of normalised runs: digits by their shape (:func:`digit_runs`), the rest once per distinct run."""
        import numpy as np
        import pyarrow as pa

        readings = Readings.empty(len(runs))
        hit, got = digit_runs(self, runs)
        readings.put(np.flatnonzero(hit), got)
        left = np.flatnonzero(~hit)
        if len(left):
            readings.put(left, each_once(lambda distinct: self.read_word_runs(reader, distinct),
                                         runs.take(pa.array(left))))
        return readings

    def read_word_runs(self, reader: Reader, runs: Any) -> Readings:
        """Readings of runs that are no digit form: number words through their figure, the rest parsed."""
        import numpy as np
        import pyarrow as pa

        readings = Readings.empty(len(runs))
        left = np.ones(len(runs), dtype=bool)
        found = extracted(runs, self.word_single)
        if found is not None:
            hit, got = single_words(found, reader)
            readings.put(np.flatnonzero(hit), got)
            left &= ~hit
        rows = np.flatnonzero(left)
        if len(rows):
            readings.put(rows, parsed(reader, runs.take(pa.array(rows)).to_pylist()))  # the parser remembers each
        return readings

    def layouts(self, shapes: list[str]) -> tuple[Layouts, np.ndarray]:
        """The layouts of all the run shapes seen, and the position among them of each of ``shapes`` and, last, of a
        shape of none (see :class:`Layouts`). Each shape is matched once, for all the slices."""
        return self.shapes.layouts(shapes, self)


class ShapeTable:
    """The layout of every run shape a grammar has seen, each matched once, and their :class:`Layouts`."""

    def __init__(self) -> None:
        self.position: dict[str, int] = {"": 0}  # "": no run (no layout)
        self.found: list[Layout | None] = [None]
        self.built: Layouts | None = None
        self.lock = threading.Lock()

    def layouts(self, shapes: list[str], grammar: Grammar) -> tuple[Layouts, np.ndarray]:
        import numpy as np

        with self.lock:
            fresh = [shape for shape in shapes if shape not in self.position and "0" in shape]  # others: no layout
            if fresh:
                single, ranges = re.compile(grammar.number_single), [re.compile(p) for p in grammar.ranges]
                for shape in fresh:
                    self.position[shape] = len(self.found)
                    self.found.append(layout(shape, single, ranges))
            if self.built is None or fresh:
                self.built = Layouts.of(self.found)
            code = np.array([self.position.get(shape, 0) for shape in shapes] + [0], dtype=np.int64)
            return self.built, code


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


# --- runs of digits, read by their shape ------------------------------------------------------------
#
# A run's *shape* is the run with every digit written as 0 ("more than 0,000", "0.0 million",
# "between 0,000 and 0,000"). Whether the grammar takes a run as a figure, its qualifier, which
# digits belong to which number and what each digit is worth depend on its shape alone; runs of one
# shape have their digits at the same bytes. So each distinct shape is matched once, and every
# run's numbers are summed from its digits column-wise. What depends on the digits themselves (a
# range that runs backwards; a lower bound that takes the upper one's scale word only when smaller)
# is judged per run, as the parser judges it (:func:`idlibstats.claims.phrases.range_values`).

DIGIT = ord("0")
RUN_SHAPE = bytes(DIGIT if 0x30 <= b <= 0x39 else b for b in range(256))  # every digit written as 0
# and every ASCII capital in lower case: what the run's pattern and the plain test ignore (both ignore case; the
# letters folded to ASCII only from other letters are found in the shapes as in the texts)
WORDING_SHAPE = bytes(DIGIT if 0x30 <= b <= 0x39 else b + 32 if 0x41 <= b <= 0x5A else b for b in range(256))


@dataclass(frozen=True)
class Digit:
    """One digit of a shape: its byte in the run, what it adds to its number's value, and to the number's whole
    coefficient (the number without decimals and scale)."""

    byte: int
    value: int
    coefficient: int


@dataclass(frozen=True)
class Layout:
    """How one shape is read: its qualifier (position in QUALIFIERS), precision and digits; for a range,
    whether its lower bound may take the upper one's scale (``borrows``: then with ``exponent``, the upper
    scale's power of ten, and ``fits``: the lower coefficient times that scale stays within MAX_DIGITS)."""

    qualifier: int
    precision: int
    digits: tuple[Digit, ...]  # the low (or only) number's, then the high one's
    low: int  # how many of them are the low (or only) number's
    is_range: bool = False
    borrows: bool = False
    exponent: int = 0
    fits: bool = True


def layout(shape: str, single: re.Pattern[str], ranges: list[re.Pattern[str]]) -> Layout | None:
    """The :class:`Layout` of ``shape`` (a run with its digits as 0), or ``None``: no digit form, or one left to the parser."""
    at = byte_positions(shape)
    if (match := single.fullmatch(shape)) is not None:
        number = shape_number(shape, match, "n", at)
        if number is None:
            return None
        qualifier = QUALIFIERS.index(QUALIFIER_WORDS[match["q"]] if match["q"] else "exact")
        return Layout(qualifier, number.precision, number.digits, len(number.digits))
    for pattern in ranges:
        if (match := pattern.fullmatch(shape)) is not None:
            return range_layout(shape, match, at)
    return None


def range_layout(shape: str, match: re.Match[str], at: list[int]) -> Layout | None:
    """A range's layout, or ``None`` where its shape sends it to the parser (a lower bound that may take the upper one's
    scale word while either has decimals)."""
    low, high = shape_number(shape, match, "low", at), shape_number(shape, match, "high", at)
    if low is None or high is None:
        return None
    borrows = low.exponent == 0 and high.exponent > 0
    if borrows and (low.places or high.places):
        return None
    return Layout(QUALIFIERS.index("range"), max(low.precision, high.precision), low.digits + high.digits,
                  len(low.digits), is_range=True, borrows=borrows, exponent=high.exponent,
                  fits=low.count + high.exponent <= MAX_DIGITS)


@dataclass(frozen=True)
class ShapeNumber:
    digits: tuple[Digit, ...]
    exponent: int
    places: int
    count: int  # digits before the decimal point

    @property
    def precision(self) -> int:
        return 10 ** max(self.exponent - self.places, 0)


def shape_number(shape: str, match: re.Match[str], name: str, at: list[int]) -> ShapeNumber | None:
    """Group ``name`` of a match in ``shape`` as digits (with ``name_decimals``, ``name_scale``), or ``None`` when the
    number would not be whole or could pass 64 bits (the parser reads it)."""
    start, end = match.span(name)
    whole = [i for i in range(start, end) if shape[i] == "0"]
    decimals = range(*match.span(f"{name}_decimals")) if match[f"{name}_decimals"] else range(0)
    exponent = EXPONENTS[match[f"{name}_scale"]] if match[f"{name}_scale"] else 0
    if not whole or len(whole) + exponent > MAX_DIGITS or len(decimals) > exponent:
        return None
    digits = [Digit(at[i], 10 ** (len(whole) - 1 - k + exponent), 10 ** (len(whole) - 1 - k))
              for k, i in enumerate(whole)]
    digits += [Digit(at[i], 10 ** (exponent - 1 - k), 0) for k, i in enumerate(decimals)]
    return ShapeNumber(tuple(digits), exponent, len(decimals), len(whole))


def byte_positions(shape: str) -> list[int]:
    """The byte at which each character of ``shape`` starts in its UTF-8 (and its length, last)."""
    if shape.isascii():
        return list(range(len(shape) + 1))
    at = [0]
    for character in shape:
        at.append(at[-1] + len(character.encode()))
    return at


@dataclass
class Layouts:
    """The layouts of the distinct shapes, as arrays: per shape (``known`` false: no layout), and per digit
    of all the shapes end to end (``first[k]`` is where shape k's digits start; ``count[k]`` how many)."""

    known: np.ndarray
    qualifier: np.ndarray
    precision: np.ndarray
    is_range: np.ndarray
    borrows: np.ndarray
    exponent: np.ndarray
    fits: np.ndarray
    first: np.ndarray
    count: np.ndarray
    low: np.ndarray
    byte: np.ndarray
    value: np.ndarray
    coefficient: np.ndarray

    @classmethod
    def of(cls, layouts: list[Layout | None]) -> Layouts:
        import numpy as np

        rows = [i for i, one in enumerate(layouts) if one is not None]
        known = [one for one in layouts if one is not None]

        def per_shape(name: str, dtype: Any, blank: Any) -> np.ndarray:
            values = np.full(len(layouts), blank, dtype=dtype)
            values[rows] = [getattr(one, name) for one in known]
            return values

        present = np.zeros(len(layouts), dtype=bool)
        present[rows] = True
        count = np.zeros(len(layouts), dtype=np.int64)
        count[rows] = [len(one.digits) for one in known]
        first = np.zeros(len(layouts), dtype=np.int64)
        np.cumsum(count[:-1], out=first[1:])
        digits = [digit for one in known for digit in one.digits]

        def per_digit(name: str, dtype: Any = np.int64) -> np.ndarray:
            return np.array([getattr(digit, name) for digit in digits], dtype=dtype)

        return cls(present, per_shape("qualifier", np.int8, -1), per_shape("precision", np.int64, 1),
                   per_shape("is_range", bool, False), per_shape("borrows", bool, False),
                   per_shape("exponent", np.int64, 0), per_shape("fits", bool, True), first, count,
                   per_shape("low", np.int64, 0), per_digit("byte", np.int32), per_digit("value"),
                   per_digit("coefficient"))

    def take(self, code: np.ndarray) -> Layouts:
        """The layouts of shapes ``code`` (positions among these), sharing their digits."""
        return Layouts(*(getattr(self, name)[code] if name in PER_SHAPE else getattr(self, name)
                         for name in (*PER_SHAPE, "byte", "value", "coefficient")))


PER_SHAPE = ("known", "qualifier", "precision", "is_range", "borrows", "exponent", "fits", "first", "count", "low")


def digit_runs(grammar: Grammar, runs: Any) -> tuple[np.ndarray, Readings]:
    """Which of ``runs`` (normalised, lowercase) are digit forms read by their shape, and their readings."""
    import numpy as np
    import pyarrow.compute as pc

    offsets, data = text_buffers(runs)
    shapes = pc.dictionary_encode(shape_array(runs, offsets, data, RUN_SHAPE))
    layouts, position = grammar.layouts(shapes.dictionary.to_pylist())
    code = position[shapes.indices.to_numpy(zero_copy_only=False)]
    rows = np.flatnonzero(layouts.known[code])
    found, readings = digit_readings(layouts.take(code[rows]), offsets[rows], data)
    hit = np.zeros(len(runs), dtype=bool)
    hit[rows[found]] = True
    return hit, readings


def digit_readings(layouts: Layouts, starts: np.ndarray, data: np.ndarray) -> tuple[np.ndarray, Readings]:
    """The readings of texts of ``layouts`` (one per text, all known) starting at bytes ``starts`` of ``data``, and
    which were read (the others go to the parser: a range that runs backwards, a scale that cannot be borrowed)."""
    import numpy as np

    if not len(starts):
        return np.zeros(0, dtype=bool), Readings.empty(0)
    low, high = summed(layouts, starts, data)
    ranged = layouts.is_range
    takes = ranged & layouts.borrows & (low[1] < high[1])
    grown = takes & layouts.fits
    low_value = np.where(grown, low[1] * 10 ** np.where(grown, layouts.exponent, 0), low[0])
    hit = (~takes | grown) & (~ranged | (high[0] >= low_value))  # a range that runs backwards: the parser says so
    readings = bounded(hit, layouts.qualifier, low_value, layouts.precision)
    ranged = ranged[hit]
    readings.values[ranged, HIGH] = high[0][hit][ranged]
    return hit, readings


def text_buffers(texts: Any) -> tuple[np.ndarray, np.ndarray]:
    """The offsets (one past the last text too) and bytes of a pyarrow string array, read in place."""
    import numpy as np

    _, offsets, data = texts.buffers()
    starts = np.frombuffer(offsets, dtype=np.int32)[texts.offset:texts.offset + len(texts) + 1].astype(np.int64)
    return starts, (np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8))


def shape_array(texts: Any, offsets: np.ndarray, data: np.ndarray, table: bytes) -> Any:
    """Each of ``texts`` with its bytes mapped through ``table`` (:data:`RUN_SHAPE`, :data:`WORDING_SHAPE`)."""
    import pyarrow as pa

    shaped = data[offsets[0]:offsets[-1]].tobytes().translate(table)
    return pa.StringArray.from_buffers(len(texts), pa.py_buffer((offsets - offsets[0]).astype("int32")),
                                       pa.py_buffer(shaped))


def run_shapes(shapes: Any, run_bytes: np.ndarray, plain: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The distinct runs of the shapes whose run is plain, and per shape the position of its run among them (-1: none)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = np.flatnonzero(plain)
    encoded = pc.dictionary_encode(heads(shapes.take(pa.array(rows)), run_bytes[rows]))
    code = np.full(len(shapes), -1, dtype=np.int64)
    code[rows] = encoded.indices.to_numpy(zero_copy_only=False)
    return code, encoded.dictionary.to_pylist()


def summed(layouts: Layouts, starts: np.ndarray, data: np.ndarray) -> tuple[tuple, tuple]:
    """Per text (of ``layouts``, starting at bytes ``starts``): ``(value, coefficient)`` of its low (or only)
    number and of its high number (0 when it has none), each the sum of what its digits are worth."""
    import numpy as np

    count = layouts.count
    ends = np.cumsum(count)
    begins = ends - count
    which = np.repeat((layouts.first - begins).astype(np.int32), count)  # each digit of each text, in order
    which += np.arange(int(ends[-1]), dtype=np.int32)
    at = np.repeat(starts.astype(np.int32), count)
    at += layouts.byte[which]
    digit = data[at].astype(np.int64)
    digit -= DIGIT
    del at
    groups = np.empty(2 * len(count), dtype=np.int64)  # a text's low digits, then its high ones (maybe none)
    groups[0::2], groups[1::2] = begins, begins + layouts.low
    has_high = layouts.low < count
    part = np.zeros(len(digit) + 1, dtype=np.int64)  # the last 0: where the last text has no high digits
    sums = []
    for worth in (layouts.value, layouts.coefficient):
        np.multiply(digit, worth[which], out=part[:-1])
        total = np.add.reduceat(part, groups)
        sums.append((total[0::2], np.where(has_high, total[1::2], 0)))
    (low_value, high_value), (low_coefficient, high_coefficient) = sums
    return (low_value, low_coefficient), (high_value, high_coefficient)
