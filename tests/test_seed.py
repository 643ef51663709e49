"""The seed article's extraction: every figure it gives about people is recorded, and nothing else.

This is the golden list a reviewer checks against the archived article, figure by figure.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import REPO

import idlibstats

SEED = "news-2020-02-10-turkey-russia-idlib-talks"
SEED_FILE = REPO / "seeds" / "000_030452a704b5cc27.txt"

# (table, stated_as, qualifier, value_low, value_best, value_high)
FIGURES = [
    ("casualties", "seven Turkish soldiers", "exact", 7, 7, 7),
    ("casualties", "one civilian contractor", "exact", 1, 1, 1),
    ("casualties", "over a dozen people", "more_than", 12, None, None),
    ("casualties", "76 regime members", "exact", 76, 76, 76),
    ("casualties", "five Turkish soldiers", "exact", 5, 5, 5),
    ("casualties", "more than 100 regime personnel", "more_than", 100, None, None),
    ("casualties", "hundreds", "vague", 200, None, None),
    ("casualties", "more than 1,800 civilians", "more_than", 1800, None, None),
    ("casualties", "More than 400,000 people", "more_than", 400000, None, None),
    ("displacement", "More than 1.7 million Syrians", "more_than", 1700000, None, None),
    ("displacement", "millions", "vague", 2000000, None, None),
    ("refugees", "more than 3.7 million Syrians", "more_than", 3700000, None, None),
]


def seed_rows(table: str):  # type: ignore[no-untyped-def]
    frame = idlibstats.load(table, history=True)
    return frame[frame["source_id"] == SEED]


def as_int(value):  # type: ignore[no-untyped-def]
    return None if pd.isna(value) else int(value)


@pytest.mark.parametrize("figure", FIGURES, ids=[f[1] for f in FIGURES])
def test_each_figure_of_the_article_is_recorded_once(figure) -> None:  # type: ignore[no-untyped-def]
    table, stated_as, qualifier, low, best, high = figure
    rows = seed_rows(table)
    match = rows[rows["stated_as"] == stated_as]
    assert len(match) == 1
    row = match.iloc[0]
    assert row["qualifier"] == qualifier
    assert (as_int(row["value_low"]), as_int(row["value_best"]), as_int(row["value_high"])) == (low, best, high)
    assert stated_as in SEED_FILE.read_text(encoding="utf-8")


def test_nothing_is_recorded_that_the_list_does_not_name() -> None:
    recorded = sorted((t, s) for t in ("casualties", "displacement", "refugees") for s in seed_rows(t)["stated_as"])
    assert recorded == sorted((f[0], f[1]) for f in FIGURES)


def test_article_events_are_dated_from_its_own_context() -> None:
    events = idlibstats.load("events")
    events = events[events["source_id"] == SEED]
    dates = {(e.kind, e.date_start.date().isoformat()) for e in events.itertuples()}
    assert ("talks", "2020-02-08") in dates  # "the first meeting on Saturday"
    assert ("talks", "2020-02-10") in dates  # "on Monday", the article's day
    assert ("attack", "2020-02-03") in dates
    assert ("agreement", "2020-01-12") in dates  # "January 12 this year"
    assert all(isinstance(n, str) and n for n in events["notes"])
