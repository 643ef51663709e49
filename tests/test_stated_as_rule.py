"""The rules stated-as-mismatch and stated-as-unreadable: a row's numbers checked against its own words."""

from __future__ import annotations

import pandas as pd
import pytest
from schema_checks import failing_rows

import idlibstats
from idlibstats.frames.loading import read_typed
from idlibstats.package.folder import DataPackage
from idlibstats.rules.registry import RULES

NA = pd.NA
CORE = ["stated_as", "qualifier", "value_low", "value_best", "value_high"]


def test_both_rules_are_registered_on_stated_as() -> None:
    rules = {rule.type: rule for rule in RULES}
    assert rules["stated-as-mismatch"].field == rules["stated-as-unreadable"].field == "stated_as"


@pytest.mark.parametrize("name", ["casualties", "displacement", "refugees"])
def test_shipped_rows_agree_with_their_words(name: str) -> None:
    frame = idlibstats.load(name, history=True)
    assert failing_rows(name, frame, "stated-as-mismatch") == set()
    assert failing_rows(name, frame, "stated-as-unreadable") == set()


@pytest.mark.parametrize(
    "row",
    [
        ["more than 948,000", "more_than", 984_000, NA, NA],  # digits transposed
        ["nearly 300,000", "exact", 300_000, 300_000, 300_000],  # qualifier dropped
        ["More than 1.7 million Syrians", "more_than", 170_000, NA, NA],  # scale misread
        ["some 586,000", "about", NA, NA, 586_000],  # right number, wrong bound
        ["hundreds", "vague", 100, NA, NA],  # not the package's lower bound
    ],
    ids=["transposed", "qualifier-dropped", "scale-misread", "wrong-bound", "vague-bound"],
)
def test_a_crafted_mismatch_fails_on_its_own_row(row: list[object]) -> None:
    frame = idlibstats.load("casualties").copy()
    frame.loc[3, CORE] = row
    assert failing_rows("casualties", frame, "stated-as-mismatch") == {3}
    assert failing_rows("casualties", frame, "stated-as-unreadable") == set()


def test_the_same_wording_with_the_right_numbers_passes() -> None:
    frame = idlibstats.load("casualties").copy()
    frame.loc[3, CORE] = ["more than 948,000", "more_than", 948_000, NA, NA]
    frame.loc[4, CORE] = ["nearly 300,000", "nearly", NA, 300_000, 300_000]
    assert failing_rows("casualties", frame, "stated-as-mismatch") == set()


def test_unreadable_wording_is_reported_as_such_not_as_a_mismatch() -> None:
    frame = idlibstats.load("casualties").copy()
    frame.loc[2, "stated_as"] = "several hundred"
    frame.loc[6, "stated_as"] = "76 percent"
    assert failing_rows("casualties", frame, "stated-as-unreadable") == {2, 6}
    assert failing_rows("casualties", frame, "stated-as-mismatch") == set()


def test_a_missing_qualifier_or_wording_is_left_to_the_contract() -> None:
    frame = idlibstats.load("casualties").copy()
    frame.loc[1, "qualifier"] = NA
    frame.loc[2, "stated_as"] = NA
    assert failing_rows("casualties", frame, "stated-as-mismatch") == set()
    assert failing_rows("casualties", frame, "stated-as-unreadable") == set()


def test_a_mismatch_in_the_csv_is_found_on_the_row_of_its_line(package_copy: DataPackage) -> None:
    """A transcription slip typed into the file: the failing row is the one on the slip's line."""
    path = package_copy.path_of("data/displacement.csv")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("dis-0001,"))
    assert ",more_than,1700000,,," in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(",more_than,1700000,,,", ",more_than,170000,,,")
    path.write_text("".join(lines), encoding="utf-8")
    frame = read_typed(package_copy, "displacement")
    rows = failing_rows("displacement", frame, "stated-as-mismatch", package_copy)
    assert rows == {line - 2}  # the header is line 1, the first data row line 2 and index 0
    assert frame.loc[line - 2, "claim_id"] == "dis-0001"
