"""The column-wise reading of wordings (idlibstats.claims.columnar) says what the phrase parser says.

Every field of every reading is compared with the parser's reading of the same wording: on
generated wordings of every form (qualifiers in any case and spacing, numbers with and without
separators, decimals and scale words, number words, ranges, vague words) followed by rests that
are plain or that try to mislead a column-wise reader (a percent sign, a hyphenated unit, a
second figure, digits of other scripts, letters that fold to ASCII, odd spaces), on free text,
and on every wording the package ships.
"""

from __future__ import annotations

import numpy as np
import pytest
import shipped_tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idlibstats.claims import columnar
from idlibstats.claims.phrases import ONES, QUALIFIER_WORDS, SCALES, TENS, Reader

pytest.importorskip("pyarrow")

VAGUE = {"dozens": 24, "hundreds": 200, "thousands": 2000, "tens of thousands": 20000,
         "hundreds of thousands": 200000, "millions": 2000000}
RESTS = ("", " people", " civilians, mostly children", " displaced people in Idlib", " per cent", "%", " %",
         "\u00a0%", " \u00a0per cent", "-year-old", "-strong", " and 5 more", " one of them", " of whom 12 children",
         "\u00a0people", " ſome", " \u212a", " ٣ people", "٣", ".", ",", ", mostly women", " (estimated)", "s", "km",
         " to date", " dozens", " hundreds of them", "\tpeople", " thousand", " million people", "…", " ... 31",
         " killed.", "; UN figures", "'s families", " - a record", " -10", "/day", " people\n(second wave)",
         " people\u2028more", " in 2019", " half of them", " a quarter of them", " No-one", " someone", " pc",
         " perished", " a dozen", " twenty", " Twenty-one families", " between them")


def number_words(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    small = ONES[rest] if rest < 20 else TENS[rest // 10 - 2] + (f"-{ONES[rest % 10]}" if rest % 10 else "")
    if not hundreds:
        return small
    return f"{ONES[hundreds]} hundred" + (f" and {small}" if rest else "")


def cased(text: str, choice: int) -> str:
    return (text, text.upper(), text.title(), text.capitalize())[choice % 4]


@st.composite
def numeral(draw: st.DrawFn) -> str:
    n = draw(st.integers(0, 10**12))
    form = draw(st.integers(0, 7))
    if form == 0:
        return f"{n:,}"
    if form == 1:
        return f"{n % 100}.{draw(st.integers(0, 999))}"
    if form == 2:
        return f"{n % 1000:,}".replace(",", draw(st.sampled_from([",", ".", ""])))
    if form == 3:
        return f"{n}"[:draw(st.integers(1, 25))] + draw(st.sampled_from(["", ",5", ",12", ".0", ".", ",123,4"]))
    return str(n % 10**draw(st.integers(1, 9)))


@st.composite
def figure(draw: st.DrawFn) -> str:
    space = draw(st.sampled_from([" ", " ", " ", "  ", "\t", "\u00a0"]))
    form = draw(st.integers(0, 9))
    if form <= 3:
        text = draw(numeral())
        if draw(st.booleans()):
            scales = draw(st.lists(st.sampled_from(list(SCALES)), min_size=1, max_size=2))
            text += space + space.join(scales)
        return text
    if form == 4:
        return number_words(draw(st.integers(0, 999)))
    if form == 5:
        return draw(st.sampled_from(["a dozen", "two dozen", "a hundred thousand", "half a million",
                                     "a quarter of a million", "one and a half million", "2 and a half million"]))
    if form == 6:
        return draw(st.sampled_from(sorted(VAGUE)))
    low, high = draw(numeral()), draw(numeral())
    scale = draw(st.sampled_from(["", " million", " thousand", " hundred", " dozen"]))
    shape = draw(st.sampled_from(["{a} to {b}", "between {a} and {b}", "{a}-{b}", "{a} – {b}", "{a}—{b}",
                                  "{a}{s} to {b}{s}", "between {a}{s} and {b}{s}", "{a}{s}-{b}{s}"]))
    if draw(st.booleans()):
        low, high = number_words(draw(st.integers(1, 99))), number_words(draw(st.integers(1, 99)))
    return shape.format(a=low, b=high + scale, s=scale)


@st.composite
def wording(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 19)) == 0:
        return draw(st.text(max_size=40))
    lead = draw(st.sampled_from(["", "", "", "", " ", "\u00a0"]))
    qualifier = ""
    if draw(st.booleans()):
        words = draw(st.sampled_from(sorted(QUALIFIER_WORDS))).split()
        glue = draw(st.sampled_from([" ", " ", "  ", "\t", "\u00a0"]))
        qualifier = cased(glue.join(words), draw(st.integers(0, 3))) + draw(st.sampled_from(
            [" ", " ", " ", " … ", "...", " ", ""]))
    text = cased(draw(figure()), draw(st.integers(0, 3)))
    return lead + qualifier + text + draw(st.sampled_from(RESTS))


def agree(wordings: list[str]) -> columnar.Readings:
    """The column-wise readings of ``wordings``, after checking each field against the parser's."""
    fast = columnar.read_many(Reader(VAGUE), wordings)
    slow = columnar.parsed(Reader(VAGUE), wordings)
    for name in ("readable", "qualifier", "values", "stated", "precision", "huge"):
        ours, theirs = getattr(fast, name), getattr(slow, name)
        differ = (ours != theirs) if ours.ndim == 1 else (ours != theirs).any(axis=1)
        assert not differ.any(), (name, [(wordings[i], ours[i], theirs[i]) for i in np.flatnonzero(differ)[:5]])
    return fast


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(wording(), min_size=1, max_size=60))
def test_column_wise_readings_agree_with_the_parser(wordings: list[str]) -> None:
    agree(wordings)


def test_the_common_forms_are_read_column_wise() -> None:
    """Not a vacuous agreement: the forms sources write most never reach the parser one by one."""
    common = ["1,234 people", "more than 1.7 million Syrians", "about 950,000 displaced", "nearly 900 thousand",
              "at least 31 civilians", "between 1,000 and 2,000 families", "2-3 million", "10 to 15 children",
              "fewer than 100", "up to 80,000 people", "Over 500 civilians, mostly children", "some 586,000",
              "an estimated 3.6 million refugees", "seven", "about two hundred and ten people", "hundreds of people"]
    readings = agree(common)
    assert readings.readable.all()
    assert readings.columnar.all(), [w for w, c in zip(common, readings.columnar) if not c]


def test_misleading_rests_go_to_the_parser() -> None:
    tricky = ["5 per cent", "9-year-old", "12 people and 5 more", "1,000\u00a0%", "ſome 5 people", "5 ٣", "5km"]
    readings = agree(tricky)
    assert not readings.columnar.any()


def test_every_shipped_wording_agrees() -> None:
    wordings = sorted({str(w) for name in ("casualties", "displacement", "refugees")
                       for w in shipped_tables.table(name, history=True)["stated_as"].dropna()})
    reader = Reader.for_package()
    fast = columnar.read_many(reader, wordings)
    slow = columnar.parsed(Reader.for_package(), wordings)
    for name in ("readable", "qualifier", "values", "stated", "precision", "huge"):
        assert (getattr(fast, name) == getattr(slow, name)).all(), name


def test_many_wordings_are_read_in_slices_that_agree() -> None:
    """Above one slice, the wordings are read by several threads, a slice at a time, and joined in order."""
    count = 2 * columnar.SLICE_ROWS + 1
    wordings = [f"about {n:,} people" for n in range(1, count + 1)] + ["hundreds of them", "5 per cent"]
    readings = columnar.read_many(Reader(VAGUE), wordings)
    assert readings.readable[:-1].all() and not readings.readable[-1]
    assert (readings.values[:count, 1] == np.arange(1, count + 1)).all()
    assert readings.values[count, 0] == 200
    assert readings.columnar[:-1].all()


def test_wordings_and_runs_repeated_across_slices_read_as_the_parser_reads_each() -> None:
    """Wordings repeat within and across slices, and their runs across slices: each is still read as alone."""
    count = 2 * columnar.SLICE_ROWS + 1
    qualifiers = ("about ", "more than ", "", "between 10 and ", "nearly ")
    rests = (" people", " civilians killed", "", " per cent", " children, 40 of them girls")
    wordings = [f"{qualifiers[i % 5]}{(i * 7919) % 3001:,}{rests[(i // 5) % 5]}" for i in range(count)]
    wordings[::997] = ["hundreds of families"] * len(wordings[::997])
    fast = columnar.read_many(Reader(VAGUE), wordings)
    distinct = sorted(set(wordings))
    slow = columnar.parsed(Reader(VAGUE), distinct)
    position = {wording: k for k, wording in enumerate(distinct)}
    at = np.array([position[wording] for wording in wordings])
    for name in ("readable", "qualifier", "values", "stated", "precision", "huge"):
        assert (getattr(fast, name) == getattr(slow, name)[at]).all(), name
    assert fast.readable.sum() > count // 2 and not fast.readable.all()  # some are not read: "per cent", two figures


def test_wordings_of_one_shape_are_each_read_by_their_own_digits() -> None:
    """Wordings alike but for their digits share a shape, matched once; what the digits decide is judged per wording."""
    shared = ["more than 1,234 people", "More than 9,876 people", "MORE THAN 5,000 people",  # one shape, any case
              "5 to 10 children", "10 to 5 children",  # the second runs backwards: the parser says so
              "2 to 3 million", "5 to 3 million", "9 to 9 million",  # a lower bound takes the scale only when smaller
              "1.5 million", "1.5 people", "0.25 million", "0.255 million",  # decimals a scale makes whole, or not
              "between 1,000 and 2,000", "between 2,000 and 1,000", "12-15", "15–12", "007 people",
              "more than  1,800", "more than\t1,800 people", "about 900,000,000,000,000,000", "about 9,000,000,000,000,000,000"]
    readings = agree(shared)
    assert readings.readable[[0, 1, 2, 3, 5, 6, 7, 8, 10, 12, 14, 16, 17, 18]].all()
    assert not readings.readable[[4, 13, 15]].any()
    assert (readings.values[[0, 1, 2], 0] == [1234, 9876, 5000]).all()
    assert tuple(readings.values[5]) == (2_000_000, 0, 3_000_000) and readings.values[6, 0] == 5
    assert readings.columnar[[0, 1, 2, 3, 5, 6, 8, 12, 14]].all()


def test_one_thread_and_several_read_alike() -> None:
    wordings = [f"{('about ', 'up to ', '')[n % 3]}{n * 37:,} {('people', 'families')[n % 2]}"
                for n in range(2 * columnar.SLICE_ROWS + 5)]
    one, several = columnar.read_many(Reader(VAGUE), wordings, 1), columnar.read_many(Reader(VAGUE), wordings, 2)
    for name in columnar.FIELDS:
        assert (getattr(one, name) == getattr(several, name)).all(), name
    assert one.readable.all() and (one.values[2::3, 1] == np.arange(2, 2 * columnar.SLICE_ROWS + 5, 3) * 37).all()
