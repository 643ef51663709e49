"""Read an English figure phrase ("more than 1.7 million Syrians") as a qualifier and bounds.

Every claim keeps the source's own wording of its figure in ``stated_as``; this module reads
that wording back, so the package can check a row's numbers against its words and propose
candidate rows from a new document. The bounds follow the documented mapping
(:func:`idlibstats.claims.qualifiers.bounds`), and vague words take their lower bound from the
package's own table (``idlibstats.vagueLowerBounds`` in ``datapackage.json``).

The grammar (case is ignored; ``|`` separates alternatives, ``[...]`` is optional)::

    phrase    := figure [words saying what is counted]
    figure    := [qualifier [ellipsis]] quantity          -> the qualifier's, or exact without one
               | "between" quantity "and" quantity          -> range
               | quantity "to" quantity                     -> range
               | numeral ("-" | "–" | "—") numeral          -> range
               | vague                                      -> vague
    qualifier := "more than" | "over" | "well over" | "just over" | "in excess of" | "upwards of"  -> more_than
               | "at least" | "no fewer than" | "no less than" | "a minimum of"                    -> at_least
               | "nearly" | "almost" | "close to" | "just under"                                   -> nearly
               | "some" | "about" | "around" | "approximately" | "roughly"
               | "an estimated" | "estimated"                                                      -> about
               | "up to" | "as many as"                                                            -> up_to
               | "fewer than" | "less than"                                                        -> fewer_than
    quantity  := numeral                                    "1,800", "948000", "1.7 million", "400 thousand"
               | number-words                               "seven", "twenty-five", "two hundred and ten",
                                                            "two dozen"
               | "a" scale {scale}                          "a dozen", "a hundred thousand"
               | [whole "and"] ["a"] fraction ["of"] ["a"] scale
                                                            "half a million", "a quarter of a million",
                                                            "one and a half million"
    numeral   := digits [scale {scale}]
    digits    := 1-3 digits then groups of ",ddd", or plain digits; a decimal part only before a scale
    scale     := "dozen" | "hundred" | "thousand" | "million" | "billion"
    fraction  := "half" | "quarter"
    vague     := a word of the package's table (``idlibstats.vagueLowerBounds``): "dozens", "hundreds",
                 "thousands", "tens of thousands", "hundreds of thousands", "millions"
    ellipsis  := "…" | "...", joining a qualifier that governs two figures to the second ("at least … 31")

**Precision.** A reading also says how precisely the wording states its figure
(:attr:`Reading.precision`, the unit of its last stated digit): digits written out ("1,089",
"948,000") and number words ("seven", "two hundred") are exact to the person (precision 1); a
numeral with a scale word is precise to its last digit ("3.6 million": 100,000; "2 million":
1,000,000; "400 thousand": 1,000); a fraction of a scale to a quarter of it ("half a million":
250,000). :func:`implied` turns a claim's qualifier, bounds and precision into the lowest and
highest values its words allow (see there); the stored bounds are never changed by it.

What follows the figure is the thing counted and is not read, but it may not hold a second
figure, and a figure directly followed by a unit (``%``, ``percent``, a hyphen as in
"nine-year") is no count. A range takes the upper bound's scale word when only that bound
has one and the lower coefficient is smaller ("2 to 3 million": 2,000,000 to 3,000,000).

>>> reading = read("More than 1.7 million Syrians")
>>> reading.qualifier, reading.bounds
('more_than', Bounds(low=1700000, best=None, high=None))
>>> read("some 586,000").bounds
Bounds(low=None, best=586000, high=None)
>>> read("almost 900,000").bounds
Bounds(low=None, best=900000, high=900000)
>>> read("over a dozen people").bounds
Bounds(low=12, best=None, high=None)
>>> read("half a million").bounds
Bounds(low=500000, best=500000, high=500000)
>>> read("between 10 and 15").bounds
Bounds(low=10, best=None, high=15)
>>> read("tens of thousands").qualifier, read("tens of thousands").bounds.low
('vague', 20000)
>>> read("at least … 31").bounds
Bounds(low=31, best=None, high=None)
>>> read("3.6 million").precision, read("1,089").precision, read("more than 948,000").precision
(100000, 1, 1)
>>> read("several hundred").reason
'no figure at the start of the wording'
>>> parse("76 percent")
Traceback (most recent call last):
...
idlibstats.errors.UnreadablePhrase: cannot read '76 percent' as a figure: a percentage, not a count of people
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

from idlibstats.claims.qualifiers import Bounds, bounds
from idlibstats.errors import UnreadablePhrase

if TYPE_CHECKING:
    from idlibstats.package.folder import DataPackage

QUALIFIER_WORDS: dict[str, str] = {
    "more than": "more_than", "over": "more_than", "well over": "more_than", "just over": "more_than",
    "in excess of": "more_than", "upwards of": "more_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least", "a minimum of": "at_least",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "some": "about", "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "an estimated": "about", "estimated": "about",
    "up to": "up_to", "as many as": "up_to",
    "fewer than": "fewer_than", "less than": "fewer_than",
}
ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
SMALL_WORDS: dict[str, int] = {word: n for n, word in enumerate(ONES)} | {w: 20 + 10 * i for i, w in enumerate(TENS)}
SCALES: dict[str, int] = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000,
                          "billion": 1_000_000_000}
FRACTIONS: dict[str, Fraction] = {"half": Fraction(1, 2), "quarter": Fraction(1, 4)}
ELLIPSIS = r"(?:…|\.\.\.)"
ABOUT_MARGIN = 0.1  # how far "about N" and "nearly N" may lie from N, relative to N (see implied())
PERCENT = re.compile(r"\s*(?:%|per\s*cent\b|percent\b|pc\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """What a phrase says: its ``qualifier`` and ``bounds``, or the ``reason`` it could not be read.

    ``figure`` is the part of the phrase that states the figure (``"more than 1,800"`` in
    ``"more than 1,800 civilians"``); ``rest`` is what follows it.
    """

    phrase: str
    qualifier: str | None = None
    bounds: Bounds | None = None
    figure: str = ""
    rest: str = ""
    reason: str | None = None
    precision: int = 1

    @property
    def readable(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class Found:
    """A figure found in running text: its span in the text and its reading."""

    start: int
    end: int
    reading: Reading


def alternatives(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any whitespace, whole words only."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered) + r")\b"


def figure_pattern(vague_words: list[str]) -> re.Pattern[str]:
    """The compiled grammar of a figure (module docstring), with the package's vague words (compiled once)."""
    return compiled_figure_pattern(tuple(vague_words))


@lru_cache(maxsize=8)
def compiled_figure_pattern(vague_words: tuple[str, ...]) -> re.Pattern[str]:
    vague_words = list(vague_words)  # type: ignore[assignment]
    small = alternatives(list(SMALL_WORDS))
    digit_word = alternatives(list(ONES[1:10]))
    small_word = rf"(?:{alternatives(list(TENS))}(?:[-\s]{digit_word})?|{small})"
    scale = alternatives(list(SCALES))
    big_scale = alternatives(["hundred", "thousand", "million", "billion"])
    # "and" only after a scale word ("two hundred and ten"), so "between five and six" stays a range.
    words = rf"{small_word}(?:\s+{big_scale}(?:\s+and(?=\s+{small_word}))?(?:\s+{small_word})?)*(?:\s+dozen\b)?"
    a_scale = rf"a\s+{scale}(?:\s+{big_scale})*"
    digits = r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w]|[.,]\d)"
    fraction = (rf"(?:(?:{small_word}|\d+)\s+and\s+)?(?:a\s+)?{alternatives(list(FRACTIONS))}\s+(?:of\s+)?"
                rf"(?:a\s+)?{big_scale}")
    numeral = rf"{digits}(?:\s+{scale}(?:\s+{big_scale})*)?"
    quantity = rf"(?:{fraction}|{numeral}|{a_scale}|{words})"
    qualifier = alternatives(list(QUALIFIER_WORDS))
    vague = alternatives(vague_words) if vague_words else r"(?!)"
    pattern = (
        rf"(?<![\w-])(?:(?P<qualifier>{qualifier})\s*(?:{ELLIPSIS})?\s*)?"
        rf"(?:(?P<vague>{vague})"
        rf"|between\s+(?P<between_low>{quantity})\s+and\s+(?P<between_high>{quantity})"
        rf"|(?P<range_low>{quantity})\s+to\s+(?P<range_high>{quantity})"
        rf"|(?P<dash_low>{numeral})\s*[-–—]\s*(?P<dash_high>{numeral})"
        rf"|(?P<single>{quantity}))"
    )
    return re.compile(pattern, re.IGNORECASE)


class Reader:
    """Reads figure phrases with one package's table of vague words (build once, read many).

    >>> reader = Reader({"hundreds": 200})
    >>> reader.read("hundreds").bounds
    Bounds(low=200, best=None, high=None)
    >>> reader.read("millions").reason
    'no figure at the start of the wording'
    """

    def __init__(self, vague_bounds: Mapping[str, int]) -> None:
        self.vague_bounds = {normalise_words(word): int(value) for word, value in vague_bounds.items()}
        self.pattern = figure_pattern(list(vague_bounds))
        self._readings: dict[str, Reading] = {}

    @classmethod
    def for_package(cls, package: DataPackage | None = None) -> Reader:
        """A reader with ``package``'s vague lower bounds (default: the shipped package)."""
        from idlibstats.package.contract import vague_lower_bounds
        from idlibstats.package.folder import DataPackage

        return cls(vague_lower_bounds(package or DataPackage.shipped()))

    def read(self, phrase: str) -> Reading:
        """The reading of ``phrase``; never raises for wording it cannot read (see ``reason``)."""
        if phrase not in self._readings:
            self._readings[phrase] = self._read(phrase)
        return self._readings[phrase]

    def _read(self, phrase: str) -> Reading:
        text = phrase.strip()
        match = self.pattern.match(text)
        if match is None:
            return Reading(phrase, reason="no figure at the start of the wording")
        reading = self.reading_of(match, phrase)
        if not reading.readable:
            return reading
        figure, rest = match.group(0), text[match.end():]
        if (unit := unit_after(rest)) is not None:
            return Reading(phrase, figure=figure, rest=rest.strip(), reason=f"{unit}, not a count of people")
        if self.pattern.search(rest):
            return Reading(phrase, figure=figure, rest=rest.strip(),
                           reason="the wording holds more than one figure; keep only the one recorded")
        return Reading(phrase, reading.qualifier, reading.bounds, figure, rest.strip(), precision=reading.precision)

    def find(self, text: str) -> Iterator[Found]:
        """Every figure in running ``text``, readable or not, in order, with its span."""
        for match in self.pattern.finditer(text):
            yield Found(match.start(), match.end(), self.reading_of(match, match.group(0)))

    def reading_of(self, match: re.Match[str], phrase: str) -> Reading:
        """The qualifier and bounds a match of :func:`figure_pattern` states."""
        groups = match.groupdict()
        figure = match.group(0)
        qualifier = QUALIFIER_WORDS[normalise_words(groups["qualifier"])] if groups["qualifier"] else None
        if groups["vague"]:
            if qualifier is not None:
                return Reading(phrase, figure=figure,
                               reason="a qualifier before a vague word; the contract gives such wording no bounds")
            return Reading(phrase, "vague", bounds("vague", self.vague_bounds[normalise_words(groups["vague"])]),
                           figure)
        low_text = groups["between_low"] or groups["range_low"] or groups["dash_low"]
        if low_text is not None:
            if qualifier is not None:
                return Reading(phrase, figure=figure, reason="a qualifier before a range")
            high_text = groups["between_high"] or groups["range_high"] or groups["dash_high"]
            low, high = range_values(low_text, high_text)
            if low is None or high is None:
                return Reading(phrase, figure=figure, reason="a range bound that is not a whole number")
            if high < low:
                return Reading(phrase, figure=figure, reason=f"a range that runs backwards ({low} to {high})")
            precision = max(precision_of(low_text), precision_of(high_text))
            return Reading(phrase, "range", bounds("range", low, high), figure, precision=precision)
        value = quantity_value(groups["single"])
        if value is None:
            return Reading(phrase, figure=figure, reason="a number that is not a whole count")
        qualifier = qualifier or "exact"
        return Reading(phrase, qualifier, bounds(qualifier, value), figure, precision=precision_of(groups["single"]))


def read(phrase: str, package: DataPackage | None = None) -> Reading:
    """Read ``phrase`` with ``package``'s vague words (default: the shipped package); see ``reason``."""
    return Reader.for_package(package).read(phrase)


def parse(phrase: str, package: DataPackage | None = None) -> Reading:
    """Like :func:`read`, but raise :class:`UnreadablePhrase` for wording it cannot read."""
    reading = read(phrase, package)
    if reading.reason is not None:
        raise UnreadablePhrase(phrase, reading.reason)
    return reading


def unit_after(rest: str) -> str | None:
    """What the text right after a figure makes it instead of a count (``None``: nothing).

    >>> unit_after(" per cent of them"), unit_after("-year war"), unit_after(" people")
    ('a percentage', "a figure joined to a unit by a hyphen (as in 'nine-year')", None)
    """
    if PERCENT.match(rest):
        return "a percentage"
    if re.match(r"-[A-Za-z]", rest):
        return "a figure joined to a unit by a hyphen (as in 'nine-year')"
    return None


FOLDED = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})  # letters the grammar's case-blind matching takes for ASCII


def normalise_words(text: str) -> str:
    """Lower case, one space between words; the four letters case-blind matching reads as ASCII ones become them.

    >>> normalise_words("More  than"), normalise_words("ſome")
    ('more than', 'some')
    """
    return " ".join(text.translate(FOLDED).lower().split())


def range_values(low_text: str, high_text: str) -> tuple[int | None, int | None]:
    """Both bounds of a range; a lower bound without a scale word takes the upper one's ("2 to 3 million")."""
    low_words, high_words = words_of(low_text), words_of(high_text)
    high = whole_or_none(value_of(high_words))
    trailing = 0
    while trailing < len(high_words) - 1 and high_words[-1 - trailing] in SCALES:
        trailing += 1
    if trailing and not any(w in SCALES or w in FRACTIONS for w in low_words + high_words[:-trailing]):
        low_coefficient, high_coefficient = value_of(low_words), value_of(high_words[:-trailing])
        if low_coefficient is not None and high_coefficient is not None and low_coefficient < high_coefficient:
            return whole_or_none(low_coefficient * scale_of(high_words[-trailing:])), high
    return whole_or_none(value_of(low_words)), high


def precision_of(text: str) -> int:
    """The unit of the last digit a quantity states: 1 for digits written out and number words.

    >>> precision_of("3.6 million"), precision_of("2 million"), precision_of("1,089"), precision_of("half a million")
    (100000, 1000000, 1, 250000)
    """
    words = words_of(text)
    if any(w in FRACTIONS for w in words):
        return int(Fraction(1, 4) * SCALES[words[-1]])
    if not words[0][0].isdigit():
        return 1
    scale = scale_of(words[1:])
    token = words[0].replace(",", "")
    decimals = len(token.split(".", 1)[1]) if "." in token else 0
    return max(1, scale // 10**decimals)


def implied(qualifier: str, low: int | None, best: int | None, high: int | None, precision: int = 1,
            margin: float = ABOUT_MARGIN) -> tuple[int | None, int | None]:
    """The lowest and highest values a claim's words allow (``None``: unbounded that way).

    A figure stated exactly allows itself to within half its precision ("3.6 million": 3,550,000
    to 3,650,000; "1,089": 1,089 only). "more than N" allows N + 1 and up, "at least N" N and up,
    "fewer than N" up to N - 1, "up to N" up to N, a range its two ends (each to within half its
    precision), a vague word its lower bound and up. "about N" and "some N" allow N within a
    relative ``margin`` either side, "nearly N" within ``margin`` below N and at most N: the
    margin (default :data:`ABOUT_MARGIN`, 10%) is wider than the rounding of any figure stated
    to two significant digits, so rounding alone never sets two sources against each other.

    >>> implied("exact", 3600000, 3600000, 3600000, precision=100000)
    (3550000, 3650000)
    >>> implied("more_than", 948000, None, None), implied("nearly", None, 1000000, 1000000)
    ((948001, None), (900000, 1000000))
    >>> implied("about", None, 1800, None)
    (1620, 1980)
    """
    half = precision // 2
    if qualifier == "exact" and best is not None:
        return max(0, best - half), best + half
    if qualifier == "about" and best is not None:
        spread = max(int(best * margin), half)
        return max(0, best - spread), best + spread
    if qualifier == "nearly" and best is not None:
        return max(0, best - int(best * margin)), best  # "nearly" already says: a little below N
    if qualifier == "more_than" and low is not None:
        return low + 1, None
    if qualifier in ("at_least", "vague") and low is not None:
        return low, None
    if qualifier == "fewer_than" and high is not None:
        return 0, max(0, high - 1)
    if qualifier == "up_to" and high is not None:
        return 0, high
    if qualifier == "range" and low is not None and high is not None:
        return max(0, low - half), high + half
    return low, high


def quantity_value(text: str) -> int | None:
    """The whole number a quantity states (``None``: not a whole number, e.g. a bare "1.7")."""
    return whole_or_none(value_of(words_of(text)))


def words_of(text: str) -> list[str]:
    return normalise_words(text.replace("-", " ")).split()


def value_of(words: list[str]) -> Fraction | None:
    """The number a quantity's words state, as an exact fraction."""
    if any(w in FRACTIONS for w in words):
        return fraction_value(words)
    if words[0][0].isdigit():
        number = number_value(words[0])
        return None if number is None else number * scale_of(words[1:])
    return words_value(words)


def number_value(token: str) -> Fraction | None:
    try:
        return Fraction(Decimal(token.replace(",", "")))
    except (InvalidOperation, ValueError):
        return None


def scale_of(words: list[str]) -> int:
    product = 1
    for word in words:
        product *= SCALES[word]
    return product


def fraction_value(words: list[str]) -> Fraction | None:
    """ "half a million", "a quarter of a million", "one and a half million", "2 and a half million"."""
    part = next(FRACTIONS[w] for w in words if w in FRACTIONS)
    whole_part: Fraction | None = Fraction(0)
    if "and" in words:
        whole_part = value_of(words[:words.index("and")])
    return None if whole_part is None else (whole_part + part) * SCALES[words[-1]]


def words_value(words: list[str]) -> Fraction:
    """An English cardinal in words: "seven", "twenty five", "two hundred and ten", "a dozen", "a hundred thousand"."""
    total, current = Fraction(0), Fraction(0)
    for word in words:
        if word == "and":
            continue
        if word == "a":
            current = Fraction(1)
        elif word in SMALL_WORDS:
            current += SMALL_WORDS[word]
        elif word in ("dozen", "hundred"):
            current = Fraction(current or 1) * SCALES[word]
        else:
            total += (current or 1) * SCALES[word]
            current = Fraction(0)
    return total + current


def whole_or_none(value: Fraction | None) -> int | None:
    return int(value) if value is not None and value.denominator == 1 else None
