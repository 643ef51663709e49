"""``extract``: candidate rows from a document, checked on the archived seed article against its shipped rows."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import idlibstats
from idlibstats.cli.main import main
from idlibstats.faces.extract import (
    COLUMNS,
    CUES,
    Candidate,
    extract,
    read_document,
    sentences,
    to_csv,
)
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage
from idlibstats.rules.context import normalise

SEED = "news-2020-02-10-turkey-russia-idlib-talks"
CLAIMS = ["casualties", "displacement", "refugees"]


def seed_path(package: DataPackage) -> Path:
    sources = idlibstats.load("sources")
    return package.path_of(sources.loc[sources["source_id"] == SEED, "archive_path"].iloc[0])


@pytest.fixture(scope="module")
def seed_text() -> str:
    return read_document(seed_path(DataPackage.shipped()))


@pytest.fixture(scope="module")
def candidates(seed_text: str) -> list[Candidate]:
    return extract(seed_text)


def as_int(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[arg-type, call-overload]


def seed_rows() -> list[tuple[str, pd.Series]]:
    rows = []
    for name in CLAIMS:
        frame = idlibstats.load(name, history=True)
        rows += [(name, row) for _, row in frame[frame["source_id"] == SEED].iterrows()]
    return rows


SEED_ROWS = seed_rows()


@pytest.mark.parametrize(("table", "row"), SEED_ROWS, ids=[f"{r['claim_id']}:{r['stated_as']}" for _, r in SEED_ROWS])
def test_each_seed_row_matches_one_candidate(candidates: list[Candidate], table: str, row: pd.Series) -> None:
    bounds = (as_int(row["value_low"]), as_int(row["value_best"]), as_int(row["value_high"]))
    matches = [c for c in candidates if row["stated_as"] in c.stated_as and c.qualifier == row["qualifier"]
               and (c.value_low, c.value_best, c.value_high) == bounds]
    assert len(matches) == 1, [c.stated_as for c in candidates]
    match = matches[0]
    assert row["locator"].startswith(match.locator + " ")
    assert normalise(match.quote) == normalise(row["quote"])
    assert match.table == table
    if table == "casualties":
        assert match.measure == row["outcome"]


def test_extract_finds_every_figure_the_seed_rows_record_and_nothing_else(candidates: list[Candidate]) -> None:
    assert len(candidates) == len(SEED_ROWS) == 12
    assert all(c.about_people and c.guess.startswith("guessed from '") for c in candidates)


def test_quotes_are_verbatim_and_hold_their_stated_as(seed_text: str, candidates: list[Candidate]) -> None:
    archived = normalise(seed_text)
    for candidate in extract(seed_text, everything=True):
        assert normalise(candidate.quote) in archived
        assert candidate.stated_as in candidate.quote


def test_numbers_not_about_people_are_marked_with_the_reason(seed_text: str) -> None:
    marked = [c for c in extract(seed_text, everything=True) if not c.about_people]
    assert all(c.table == c.measure == "" for c in marked)
    hyphen = "a figure joined to a unit by a hyphen (as in 'nine-year')"
    assert [(c.locator, c.stated_as, c.guess.removeprefix("not about people: ")) for c in marked] == [
        ("line 9", "three", hyphen),  # a three-hour-long meeting
        ("line 10", "3", "a day of a month"),  # On February 3
        ("line 11", "over 50 targets", "counts 'targets'"),
        ("line 15", "2011", "a year"),
        ("line 16", "2018", "a year"),  # In September 2018
        ("line 17", "2018", "a year"),  # the 2018 ceasefire
        ("line 17", "12", "a day of a month"),  # January 12 this year
        ("line 20", "nearly nine", hyphen),  # the nearly nine-year war
    ]


@pytest.mark.parametrize(
    ("sentence", "stated_as", "why"),
    [
        ("Prices rose by 12% in a week.", "12", "a percentage"),
        ("Donors pledged $1.7 million for shelter.", "1.7 million", "an amount of money"),
        ("The convoy carried 300 trucks of aid.", "300 trucks", "counts 'trucks'"),
        ("The siege lasted 40 days.", "40 days", "counts 'days'"),
        ("No one was hurt.", "one", "'one' with no word for people"),
        ("One of the roads was cut.", "One", "'one' with no word for people"),
        ("The 2019-2020 offensive ended.", "2019-2020", "a year"),
    ],
    ids=["percent", "money", "things", "time", "no-one", "one-of", "year-range"],
)
def test_other_numbers_are_left_out(sentence: str, stated_as: str, why: str) -> None:
    assert extract(sentence) == []
    marked = extract(sentence, everything=True)
    assert [c.stated_as for c in marked] == [stated_as]
    assert why in marked[0].guess


def test_a_figure_with_a_word_for_people_but_no_cue_is_kept_unguessed() -> None:
    [candidate] = extract("Some 4,000 children attend the schools.")
    assert (candidate.stated_as, candidate.table, candidate.measure) == ("Some 4,000 children", "", "")
    assert "not guessed" in candidate.guess


@pytest.mark.parametrize(
    ("sentence", "table", "measure"),
    [
        ("At least 27 civilians were killed in the strikes.", "casualties", "killed"),
        ("The shelling injured 31 people.", "casualties", "injured"),
        ("Over 150,000 people fled towards the border.", "displacement", "displaced"),
        ("Turkey hosts 3.6 million refugees.", "refugees", "refugees"),
        ("Tens of thousands of people were displaced.", "displacement", "displaced"),
    ],
)
def test_the_nearest_cue_word_guesses_table_and_measure(sentence: str, table: str, measure: str) -> None:
    [candidate] = extract(sentence)
    assert (candidate.table, candidate.measure) == (table, measure)


def test_wrapped_lines_join_and_abbreviations_do_not_end_a_sentence() -> None:
    text = "Heading\nThe U.S. envoy said some 586,000 people\nhad fled. More than 1.7 million remain.\n\nNext.\n"
    found = sentences(text)
    assert [(s.text, s.locator) for s in found] == [
        ("Heading", "line 1"),
        ("The U.S. envoy said some 586,000 people had fled.", "lines 2-3"),
        ("More than 1.7 million remain.", "line 3"),
        ("Next.", "line 5"),
    ]


def test_candidate_columns_are_the_claim_cores_plus_table_measure_and_guess(shipped: DataPackage) -> None:
    assert COLUMNS[:3] == ("table", "measure", "guess")
    for name in CLAIMS:
        assert set(COLUMNS[3:]) <= set(table_contract(shipped, name).field_names)


def test_guessed_tables_and_measures_exist_in_the_contract(shipped: DataPackage) -> None:
    outcomes = table_contract(shipped, "casualties").field("outcome").enum
    for table, measure in CUES.values():
        assert table_contract(shipped, table).is_claims
        if table == "casualties":
            assert measure in outcomes  # type: ignore[operator]


def test_to_csv_writes_empty_cells_for_missing_bounds(candidates: list[Candidate]) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(candidates))))
    assert tuple(rows[0]) == COLUMNS
    over_a_dozen = next(r for r in rows if r["stated_as"] == "over a dozen people")
    assert (over_a_dozen["value_low"], over_a_dozen["value_best"], over_a_dozen["value_high"]) == ("12", "", "")


def test_cli_prints_the_candidates_without_out(shipped: DataPackage, candidates: list[Candidate],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(seed_path(shipped))]) == 0
    assert capsys.readouterr().out == to_csv(candidates)


def test_cli_writes_the_candidates_to_out(shipped: DataPackage, candidates: list[Candidate], tmp_path: Path) -> None:
    out = tmp_path / "candidates.csv"
    assert main(["extract", str(seed_path(shipped)), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == to_csv(candidates)


def test_cli_all_adds_the_marked_numbers(shipped: DataPackage, seed_text: str, tmp_path: Path) -> None:
    out = tmp_path / "candidates.csv"
    assert main(["extract", str(seed_path(shipped)), "--out", str(out), "--all"]) == 0
    assert out.read_text(encoding="utf-8") == to_csv(extract(seed_text, everything=True))


def test_cli_never_writes_into_data(package_copy: DataPackage) -> None:
    target = package_copy.root / "data" / "candidates.csv"
    before = sorted(p.name for p in (package_copy.root / "data").iterdir())
    result = subprocess.run([sys.executable, "-m", "idlibstats", "extract", str(seed_path(package_copy)),
                             "--out", str(target)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "output-refused" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (package_copy.root / "data").iterdir()) == before


@pytest.mark.parametrize("content", [None, b"\xff\xfe\x00binary"], ids=["missing", "not-utf8"])
def test_cli_refuses_an_unreadable_document_in_one_line(tmp_path: Path, content: bytes | None) -> None:
    document = tmp_path / "document.txt"
    if content is not None:
        document.write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "idlibstats", "extract", str(document)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("idlibstats: error [document-unreadable]")
    assert len(result.stderr.strip().splitlines()) == 1
