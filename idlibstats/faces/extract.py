"""Propose candidate claim rows from a plain-text document: one per figure phrase about people.

The document is split into sentences; every figure the grammar of :mod:`idlibstats.claims.phrases`
finds in a sentence is read (qualifier and bounds) and judged:

- **not about people**, and left out unless asked for (then marked in ``guess``): years
  ("in 2011", "2019-2020"), days of a month ("February 3"), percentages, money, figures
  joined to a unit by a hyphen ("nine-year", "three-hour-long"), figures followed by a
  word for things or time ("over 50 targets", "ten days"), and a bare "one" with no word
  for people after it ("one of the", "no one");
- **about people** when the words after it name people ("seven Turkish soldiers", "More
  than 1.7 million Syrians"), or when none follow and a cue word stands next to it
  ("killing hundreds", "millions displaced").

Each candidate carries the claim core's own columns, ready to review and copy:
``stated_as`` (the figure and the words for whom it counts, verbatim), ``qualifier``,
``value_low``, ``value_best``, ``value_high``, ``quote`` (the whole sentence, verbatim) and
``locator`` (``line N`` of the document). ``table`` and ``measure`` are a **guess** from the
cue word nearest the figure in its sentence (killed, wounded, injured, displaced, fled,
refugees, hosted, and their forms), and the ``guess`` column says which word it came from,
or why a row is not about people. ``measure`` is ``killed`` or ``injured`` (the
``casualties`` table's ``outcome``), ``displaced`` or ``refugees``. Nothing here writes into
a package: the curator reviews the candidates and copies the rows that hold.

>>> rows = extract("Shelling killed 12 civilians on 3 May 2020. Some 50,000 people fled.")
>>> [(c.stated_as, c.qualifier, c.value_low, c.value_best, c.value_high) for c in rows]
[('12 civilians', 'exact', 12, 12, 12), ('Some 50,000 people', 'about', None, 50000, None)]
>>> [(c.table, c.measure) for c in rows]
[('casualties', 'killed'), ('displacement', 'displaced')]
>>> rows[1].guess
"guessed from 'fled'"
>>> [(c.stated_as, c.guess) for c in extract("Turkey struck over 50 targets in 2020.", everything=True)]
[('over 50 targets', "not about people: counts 'targets'"), ('2020', 'not about people: a year')]
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from idlibstats.claims.phrases import Found, Reader, unit_after
from idlibstats.errors import DocumentUnreadable

if TYPE_CHECKING:
    from idlibstats.package.folder import DataPackage

# Cue word -> (table, measure). Matched as whole words, case ignored; the nearest one to a figure wins.
CUES: dict[str, tuple[str, str]] = {
    r"kill(?:s|ed|ing)?|dead|died|dies|deaths?|death\s+toll|slain|fatalities|perished|lost\s+their\s+lives"
    r"|eliminated": ("casualties", "killed"),
    r"wound(?:s|ed|ing)?|injur(?:e|es|ed|ing|y|ies)": ("casualties", "injured"),
    r"displac(?:e|es|ed|ing|ement)|fled|flee(?:s|ing)?|uprooted|moved|evacuated|idps?": ("displacement", "displaced"),
    r"refugees?|host(?:s|ed|ing)?|asylum(?:-seekers?)?": ("refugees", "refugees"),
}
PEOPLE = frozenset("""
    people persons person individuals civilians civilian soldiers soldier troops servicemen fighters militants
    combatants members personnel refugees refugee idps children child women woman men man girls boys minors
    residents families households contractors contractor workers worker staff volunteers patients inhabitants
    victims casualties deaths dead lives bodies migrants asylum-seekers nationals citizens infants babies adults
    elderly teachers doctors nurses journalists police officers officials rebels insurgents jihadists detainees
    prisoners students pupils syrians turks russians iranians kurds
""".split())
THINGS = frozenset("""
    targets target trucks vehicles tanks aircraft jets helicopters drones missiles rockets shells bombs airstrikes
    strikes attacks raids incidents villages towns cities communities locations sites schools hospitals facilities
    camps shelters tents houses homes buildings points posts positions countries provinces districts meetings
    rounds sessions agreements projects kits beds items tons tonnes litres liters km kilometres kilometers miles
    metres meters hours days weeks months years minutes times dollars euros pounds lira liras usd
""".split())
STOP = frozenset("""
    and or but nor in on at by for from to with without since during across into near after before as than while
    including mostly who which that whom whose have has had were was are is be been being will would could should
    may might must said say says this these those their its his her per of also each every among amid according
    whereas where when there here then now yet so not
""".split())
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December"
          "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
ABBREVIATIONS = frozenset("""
    mr mrs ms dr prof gen lt col maj capt sgt st no nos vs e.g i.e approx jan feb mar apr jun jul aug sep sept oct
    nov dec u.s u.n u.k inc ltd co corp fig para art
""".split())
SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
WORD = re.compile(r"[^\s,.;:!?()\[\]\"“”‘]+(?:’s|'s)?")
CURRENCY_BEFORE = re.compile(r"(?:\$|US\$|USD|€|£|EUR|TL)\s*$", re.IGNORECASE)
CURRENCY_AFTER = re.compile(r"\s+(?:US\s+)?(?:dollars|euros|pounds|lira|liras|USD|EUR)\b", re.IGNORECASE)
MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s+$", re.IGNORECASE)
MONTH_AFTER = re.compile(rf"^(?:\s+of)?\s+(?:{MONTHS})\b", re.IGNORECASE)
YEAR = re.compile(r"(?:1[89]|20|21)\d\d")
WINDOW = 5  # words after a figure that may say whom it counts


@dataclass(frozen=True)
class Candidate:
    """A proposed claim row: ``table``, ``measure`` and ``guess`` then the claim core's columns."""

    table: str
    measure: str
    guess: str
    stated_as: str
    qualifier: str
    value_low: int | None
    value_best: int | None
    value_high: int | None
    quote: str
    locator: str

    @property
    def about_people(self) -> bool:
        return not self.guess.startswith(NOT_PEOPLE)


NOT_PEOPLE = "not about people"
COLUMNS = tuple(f.name for f in fields(Candidate))


@dataclass(frozen=True)
class Sentence:
    """A sentence of the document, verbatim, with the lines it spans (1-based)."""

    text: str
    first_line: int
    last_line: int

    @property
    def locator(self) -> str:
        if self.first_line == self.last_line:
            return f"line {self.first_line}"
        return f"lines {self.first_line}-{self.last_line}"


def read_document(path: str | Path) -> str:
    """The text of the document at ``path`` (UTF-8, a leading byte-order mark dropped)."""
    try:
        return Path(path).read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise DocumentUnreadable(f"cannot read the document: {reason}; expected a UTF-8 text file",
                                 path=str(path)) from None


def extract(text: str, package: DataPackage | None = None, *, everything: bool = False) -> list[Candidate]:
    """The candidate rows in ``text``: figures about people, or every figure found if ``everything``."""
    reader = Reader.for_package(package)
    candidates = [candidate for sentence in sentences(text) for candidate in candidates_in(sentence, reader)]
    return candidates if everything else [c for c in candidates if c.about_people]


def to_csv(candidates: Iterable[Candidate]) -> str:
    """The candidates as CSV text: a header of :data:`COLUMNS`, empty cells for missing values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for candidate in candidates:
        writer.writerow(["" if value is None else value for value in astuple(candidate)])
    return buffer.getvalue()


def paragraphs(text: str) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Paragraphs with, for each line in them, (line number, offset in the paragraph).

    A line is a paragraph of its own unless it ends mid-sentence (no closing punctuation) and
    the next line begins in lower case, as hard-wrapped text does; then the lines are joined
    with a space.
    """
    lines = [line.rstrip("\r") for line in text.split("\n")]
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if current:
                yield join(current)
                current = []
            continue
        if current and not continues(current[-1][1], line):
            yield join(current)
            current = []
        current.append((number, line))
    if current:
        yield join(current)


def continues(previous: str, line: str) -> bool:
    stripped = line.lstrip()
    return not re.search(r"[.!?:\"”’)]\s*$", previous) and bool(stripped) and stripped[0].islower()


def join(lines: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    offsets, parts, position = [], [], 0
    for number, line in lines:
        offsets.append((number, position))
        parts.append(line)
        position += len(line) + 1
    return " ".join(parts), offsets


def sentences(text: str) -> list[Sentence]:
    """The document's sentences in order, each with its line span."""
    found = []
    for paragraph, offsets in paragraphs(text):
        start = 0
        for end in sentence_ends(paragraph):
            found += sentence_at(paragraph, offsets, start, end)
            start = end
        found += sentence_at(paragraph, offsets, start, len(paragraph))
    return found


def sentence_ends(paragraph: str) -> Iterator[int]:
    for match in SENTENCE_END.finditer(paragraph):
        before = re.search(r"(\S+)$", paragraph[: match.start()])
        word = before.group(1).lower().lstrip("(\"“‘") if before else ""
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        yield match.end()


def sentence_at(paragraph: str, offsets: list[tuple[int, int]], start: int, end: int) -> list[Sentence]:
    raw = paragraph[start:end]
    text = raw.strip()
    if not text:
        return []
    first = start + (len(raw) - len(raw.lstrip()))
    last = first + len(text) - 1
    return [Sentence(text, line_at(offsets, first), line_at(offsets, last))]


def line_at(offsets: list[tuple[int, int]], position: int) -> int:
    return [number for number, offset in offsets if offset <= position][-1]


@dataclass(frozen=True)
class Cue:
    """A cue word in a sentence, and the table and measure it suggests."""

    start: int
    end: int
    word: str
    table: str
    measure: str


def cues_in(text: str) -> list[Cue]:
    return [Cue(m.start(), m.end(), m.group(0), *CUES[pattern]) for pattern in CUES
            for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", text, re.IGNORECASE)]


def candidates_in(sentence: Sentence, reader: Reader) -> Iterator[Candidate]:
    """One candidate per figure in ``sentence``, judged and guessed."""
    text = sentence.text
    cues = cues_in(text)
    for found in reader.find(text):
        end, noun_words, people = noun_phrase(text, found)
        table, measure, guess = judge(text, found, end, noun_words, people, cues)
        reading = found.reading
        if not reading.readable:
            guess += f"; wording not read: {reading.reason}"
        low, best, high = reading.bounds or (None, None, None)
        yield Candidate(table, measure, guess, text[found.start:end], reading.qualifier or "", low, best, high,
                        text, sentence.locator)


def judge(text: str, found: Found, end: int, noun_words: list[str], people: bool,
          cues: list[Cue]) -> tuple[str, str, str]:
    """``(table, measure, guess)`` for the figure at ``found`` whose ``stated_as`` ends at ``end``."""
    if (reason := not_about_people(text, found, noun_words, people)) is not None:
        return "", "", f"{NOT_PEOPLE}: {reason}"
    cue = nearest_cue(found.start, end, cues, text)
    if cue is None:
        if people:
            return "", "", "no cue word in the sentence: table and measure not guessed"
        return "", "", f"{NOT_PEOPLE}: no word for people and no cue word near it"
    if not people and words_between(text, found.start, end, cue) > 2:
        return "", "", f"{NOT_PEOPLE}: no word for people, and the nearest cue '{cue.word}' stands apart"
    return cue.table, cue.measure, f"guessed from '{cue.word}'"


def noun_phrase(text: str, found: Found) -> tuple[int, list[str], bool]:
    """Where ``stated_as`` ends, the words after the figure it takes, and whether one of them names people.

    Up to :data:`WINDOW` words are read, stopping at punctuation, a function word or a digit; the
    phrase runs to the last word for people among them, else to the first word for things or time
    ("50 targets", "30 days"), else it is the figure alone. A vague word or a scale may take "of"
    ("tens of thousands of people").
    """
    position = found.end
    words: list[tuple[str, int]] = []
    allow_of = found.reading.qualifier == "vague" or text[found.start:found.end].lower().endswith(
        ("hundred", "thousand", "million", "billion", "dozen"))
    while len(words) < WINDOW:
        match = re.match(r"[ \t]+", text[position:])
        gap = match.end() if match else 0
        word = WORD.match(text, position + gap)
        if word is None or gap == 0:
            break
        token = word.group(0)
        lower = token.lower().removesuffix("’s").removesuffix("'s")
        if lower == "of" and allow_of and not words:
            position = word.end()
            words.append((lower, position))
            continue
        if lower in STOP or any(ch.isdigit() for ch in token):
            break
        position = word.end()
        words.append((lower, position))
    people_at = [i for i, (w, _) in enumerate(words) if w in PEOPLE]
    things_at = [i for i, (w, _) in enumerate(words) if w in THINGS]
    last = people_at[-1] if people_at else things_at[0] if things_at else -1
    kept = words[: last + 1]
    end = kept[-1][1] if kept else found.end
    return end, [w for w, _ in kept], bool(people_at)


def not_about_people(text: str, found: Found, noun_words: list[str], people: bool) -> str | None:
    """Why the figure at ``found`` counts something other than people (``None``: it may count people)."""
    figure = text[found.start:found.end]
    after, before = text[found.end:], text[:found.start]
    reading = found.reading
    if (unit := unit_after(after)) is not None:
        return unit
    if CURRENCY_BEFORE.search(before) or CURRENCY_AFTER.match(after):
        return "an amount of money"
    if not people and reading.qualifier in ("exact", "range") and all(
            YEAR.fullmatch(part) for part in re.split(r"\s*[-–—]\s*|\s+to\s+", figure)):
        return "a year"
    if reading.qualifier == "exact" and figure.isdigit() and int(figure) <= 31 and (
            MONTH_BEFORE.search(before) or MONTH_AFTER.match(after)):
        return "a day of a month"
    things = [w for w in noun_words if w in THINGS]
    if things and not people:
        return f"counts '{things[-1]}'"
    if not people and reading.qualifier == "exact" and figure.lower() == "one":
        return "'one' with no word for people after it"
    return None


def nearest_cue(start: int, end: int, cues: list[Cue], text: str) -> Cue | None:
    """The cue with the fewest words between it and the span ``start:end`` (ties: the one before)."""
    if not cues:
        return None
    return min(cues, key=lambda cue: (words_between(text, start, end, cue), cue.start > start))


def words_between(text: str, start: int, end: int, cue: Cue) -> int:
    """How many words stand between the span ``start:end`` and ``cue`` (0: the cue is inside the span)."""
    if start <= cue.start < end:
        return 0
    between = text[cue.end:start] if cue.end <= start else text[end:cue.start]
    return len(between.split())
