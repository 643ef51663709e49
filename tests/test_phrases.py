"""The figure-phrase parser: the wording of the sources, every stated_as shipped, and a round trip property."""

from __future__ import annotations

import json
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import idlibstats
from idlibstats.claims.phrases import Reader, UnreadablePhrase, parse, read
from idlibstats.claims.qualifiers import Bounds, bounds
from idlibstats.package.folder import DataPackage

N = None
CLAIMS = ["casualties", "displacement", "refugees"]

# (phrase, qualifier, low, best, high): the seed's wording, and the kind UN agencies and news use.
PHRASES = [
    ("over a dozen people", "more_than", 12, N, N),
    ("76 regime members", "exact", 76, 76, 76),
    ("More than 1.7 million Syrians", "more_than", 1_700_000, N, N),
    ("seven Turkish soldiers", "exact", 7, 7, 7),
    ("one civilian contractor", "exact", 1, 1, 1),
    ("hundreds", "vague", 200, N, N),
    ("millions", "vague", 2_000_000, N, N),
    ("dozens", "vague", 24, N, N),
    ("thousands", "vague", 2_000, N, N),
    ("tens of thousands", "vague", 20_000, N, N),
    ("hundreds of thousands", "vague", 200_000, N, N),
    ("hundreds of civilians", "vague", 200, N, N),
    ("some 586,000", "about", N, 586_000, N),
    ("Some 752,131", "about", N, 752_131, N),
    ("almost 900,000", "nearly", N, 900_000, 900_000),
    ("more than 948,000", "more_than", 948_000, N, N),
    ("at least 1,710", "at_least", 1_710, N, N),
    ("an estimated 3,075", "about", N, 3_075, N),
    ("nearly 1 million", "nearly", N, 1_000_000, 1_000_000),
    ("3,576,370", "exact", 3_576_370, 3_576_370, 3_576_370),
    ("over 150,000", "more_than", 150_000, N, N),
    ("approximately 180,000", "about", N, 180_000, N),
    ("Approximately 180,000", "about", N, 180_000, N),
    ("half a million", "exact", 500_000, 500_000, 500_000),
    ("a quarter of a million", "exact", 250_000, 250_000, 250_000),
    ("one and a half million", "exact", 1_500_000, 1_500_000, 1_500_000),
    ("3.6 million", "exact", 3_600_000, 3_600_000, 3_600_000),
    ("almost 3.6 million", "nearly", N, 3_600_000, 3_600_000),
    ("around 16,000", "about", N, 16_000, N),
    ("about 400", "about", N, 400, N),
    ("close to 300,000", "nearly", N, 300_000, 300_000),
    ("up to 50", "up_to", N, N, 50),
    ("as many as 50", "up_to", N, N, 50),
    ("fewer than 50", "fewer_than", N, N, 50),
    ("less than 50", "fewer_than", N, N, 50),
    ("a minimum of 103", "at_least", 103, N, N),
    ("at least … 31", "at_least", 31, N, N),
    ("at least ... 31", "at_least", 31, N, N),
    ("10 to 15", "range", 10, N, 15),
    ("between 10 and 15", "range", 10, N, 15),
    ("between 10,000 and 15,000 people", "range", 10_000, N, 15_000),
    ("5,000-6,000", "range", 5_000, N, 6_000),
    ("5,000–6,000", "range", 5_000, N, 6_000),
    ("2 to 3 million", "range", 2_000_000, N, 3_000_000),
    ("between five and six", "range", 5, N, 6),
    ("five to six hundred", "range", 500, N, 600),
    ("500 to 1 million", "range", 500, N, 1_000_000),
    ("a dozen", "exact", 12, 12, 12),
    ("two dozen", "exact", 24, 24, 24),
    ("twenty-five", "exact", 25, 25, 25),
    ("two hundred and ten", "exact", 210, 210, 210),
    ("a hundred thousand", "exact", 100_000, 100_000, 100_000),
    ("Nine", "exact", 9, 9, 9),
    ("zero", "exact", 0, 0, 0),
    ("1234", "exact", 1234, 1234, 1234),
    ("  more   than\n1,800 civilians ", "more_than", 1_800, N, N),
]


@pytest.mark.parametrize(("phrase", "qualifier", "low", "best", "high"), PHRASES, ids=[p[0] for p in PHRASES])
def test_phrase_reads_as_the_contract_maps_it(phrase, qualifier, low, best, high) -> None:  # type: ignore[no-untyped-def]
    reading = read(phrase)
    assert reading.reason is None
    assert (reading.qualifier, reading.bounds) == (qualifier, Bounds(low, best, high))


def shipped_claims() -> list[tuple[str, str, str, int | None, int | None, int | None]]:
    rows = []
    for name in CLAIMS:
        frame = idlibstats.load(name, history=True)
        for row in frame.itertuples():
            values = [None if pd.isna(v) else int(v) for v in (row.value_low, row.value_best, row.value_high)]
            rows.append((row.claim_id, row.stated_as, str(row.qualifier), *values))
    return rows


SHIPPED = shipped_claims()


@pytest.mark.parametrize(("claim_id", "stated_as", "qualifier", "low", "best", "high"), SHIPPED,
                         ids=[f"{r[0]}:{r[1]}" for r in SHIPPED])
def test_every_shipped_stated_as_reads_as_its_row_records_it(claim_id, stated_as, qualifier, low, best, high) -> None:  # type: ignore[no-untyped-def]
    reading = read(stated_as)
    assert reading.reason is None, f"{claim_id}: {reading.reason}"
    assert (reading.qualifier, reading.bounds) == (qualifier, Bounds(low, best, high)), claim_id


def test_the_shipped_tables_hold_claims() -> None:
    assert len(SHIPPED) >= 12


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("several hundred", "no figure at the start"),
        ("76 percent", "a percentage"),
        ("12%", "a percentage"),
        ("nine-year", "hyphen"),
        ("1.7", "not a whole count"),
        ("1,80", "no figure at the start"),
        ("over hundreds", "a qualifier before a vague word"),
        ("some 10 to 15", "a qualifier before a range"),
        ("15 to 10", "runs backwards"),
        ("seven soldiers and 1 contractor", "more than one figure"),
        ("… 31", "no figure at the start"),
        ("", "no figure at the start"),
    ],
    ids=lambda v: v or "empty",
)
def test_unreadable_wording_says_why(phrase: str, reason: str) -> None:
    reading = read(phrase)
    assert not reading.readable
    assert reading.qualifier is None and reading.bounds is None
    assert reason in reading.reason  # type: ignore[operator]
    with pytest.raises(UnreadablePhrase, match=reason):
        parse(phrase)


def test_reading_splits_the_figure_from_what_it_counts() -> None:
    reading = read("More than 1.7 million Syrians")
    assert (reading.figure, reading.rest) == ("More than 1.7 million", "Syrians")


def test_vague_words_and_their_bounds_come_from_the_descriptor(package_copy: DataPackage) -> None:
    path = package_copy.root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["idlibstats"]["vagueLowerBounds"] |= {"hundreds": 101, "scores": 40}
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    reader = Reader.for_package(DataPackage.open(package_copy.root))
    assert reader.read("hundreds").bounds == Bounds(101, None, None)
    assert reader.read("scores of people").bounds == Bounds(40, None, None)
    assert not read("scores of people").readable  # the shipped table has no "scores"


def test_a_reader_reads_each_wording_once() -> None:
    reader = Reader({"hundreds": 200})
    assert reader.read("some 586,000") is reader.read("some 586,000")


def test_find_gives_every_figure_with_its_span() -> None:
    text = "Turkey struck over 50 targets and eliminated 76 regime members."
    found = list(Reader({}).find(text))
    assert [text[f.start:f.end] for f in found] == ["over 50", "76"]
    assert [f.reading.bounds for f in found] == [Bounds(50, None, None), Bounds(76, 76, 76)]


# The round trip: integers formatted in the styles the sources use, read back.
ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
QUALIFIER_WORDING = [("", "exact"), ("more than", "more_than"), ("over", "more_than"), ("at least", "at_least"),
                     ("nearly", "nearly"), ("almost", "nearly"), ("close to", "nearly"), ("some", "about"),
                     ("about", "about"), ("around", "about"), ("an estimated", "about"), ("approximately", "about"),
                     ("up to", "up_to"), ("fewer than", "fewer_than"), ("less than", "fewer_than")]


def in_words(n: int) -> str:
    """English words for 0 <= n < 1,000,000, written as the sources write them."""
    def below_hundred(k: int) -> str:
        return ONES[k] if k < 20 else TENS[k // 10] + (f"-{ONES[k % 10]}" if k % 10 else "")

    def below_thousand(k: int) -> str:
        hundreds, rest = divmod(k, 100)
        head = f"{ONES[hundreds]} hundred" if hundreds else ""
        tail = below_hundred(rest) if rest else ""
        return " and ".join(p for p in (head, tail) if p) or "zero"

    thousands, rest = divmod(n, 1000)
    if not thousands:
        return below_thousand(rest)
    head = f"{below_thousand(thousands)} thousand"
    if not rest:
        return head
    return f"{head} {'and ' if rest < 100 else ''}{below_thousand(rest)}"


def in_millions(n: int) -> str:
    return f"{(Decimal(n) / 1_000_000).normalize():f} million"


STYLES = {
    "grouped": lambda n: f"{n:,}",
    "plain": str,
    "words": in_words,
}


@settings(max_examples=300)
@given(n=st.integers(0, 10**9), style=st.sampled_from(sorted(STYLES)), wording=st.sampled_from(QUALIFIER_WORDING),
       noun=st.sampled_from(["", " people", " civilians", " Syrians"]), capital=st.booleans())
def test_formatted_integers_read_back(n: int, style: str, wording: tuple[str, str], noun: str, capital: bool) -> None:
    if style == "words":
        n %= 1_000_000
    words, qualifier = wording
    phrase = f"{words} {STYLES[style](n)}{noun}".strip()
    if capital:
        phrase = phrase[0].upper() + phrase[1:]
    assert parse(phrase).bounds == bounds(qualifier, n), phrase
    assert parse(phrase).qualifier == qualifier


@given(tenths=st.integers(1, 99_999), wording=st.sampled_from(QUALIFIER_WORDING))
def test_millions_with_a_decimal_read_back_when_exact(tenths: int, wording: tuple[str, str]) -> None:
    n = tenths * 100_000
    words, qualifier = wording
    phrase = f"{words} {in_millions(n)}".strip()
    assert parse(phrase).bounds == bounds(qualifier, n), phrase


@given(a=st.integers(0, 10**7), b=st.integers(0, 10**7),
       form=st.sampled_from(["between {} and {}", "{} to {}", "{}-{}", "{} – {}"]))
def test_ranges_read_back(a: int, b: int, form: str) -> None:
    low, high = sorted((a, b))
    phrase = form.format(f"{low:,}", f"{high:,}")
    assert parse(phrase).bounds == bounds("range", low, high), phrase


@given(st.text(max_size=60))
def test_any_text_gives_a_reading_or_a_reason_never_an_exception(text: str) -> None:
    reading = read(text)
    assert reading.readable == (reading.bounds is not None)
    assert reading.readable or reading.reason


def test_readme_examples_of_the_parser_run() -> None:
    import doctest

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Checking numbers against their words", 1)[1].split("\n## ", 1)[0]
    section = "\n".join("" if line.startswith("```") else line for line in section.splitlines())
    test = doctest.DocTestParser().get_doctest(section, {}, "README", "README.md", 0)
    assert test.examples
    result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(test)
    assert result.failed == 0
