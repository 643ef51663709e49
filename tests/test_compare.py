"""compare(): claims about the same quantity (same measure, overlapping periods) line up."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pandas as pd
import pytest

import idlibstats
from idlibstats.faces.comparison import CompareError, compare, stated_range
from idlibstats.package.folder import DataPackage

SEED = "news-2020-02-10-turkey-russia-idlib-talks"


def add_refugee_claims(package: DataPackage, rows: list[dict[str, str]]) -> None:
    path = package.path_of("data/refugees.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    for number, row in enumerate(rows, start=900):
        base = {column: "" for column in header}
        base.update(claim_id=f"ref-{number}", source_id=SEED, claimant="a claimant", origin_iso3="SYR",
                    asylum_iso3="ZZA", population_group="all", date_precision="day", stated_as="x",
                    qualifier="more_than", value_low="1", locator="p. 1", status="active")
        base.update(row)
        writer.writerow(base)
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write(buffer.getvalue())


def crafted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["claim_id"].str.startswith("ref-9")]


def test_overlapping_claims_on_the_same_measure_share_a_group(package_copy: DataPackage) -> None:
    add_refugee_claims(package_copy, [
        {"period_start": "2020-02-01", "period_end": "2020-02-29", "value_low": "3600000"},
        {"period_start": "2020-02-10", "period_end": "2020-02-10", "value_low": "3700000"},
        {"period_start": "2020-03-15", "period_end": "2020-03-15", "value_low": "3500000"},
        {"period_start": "2020-02-05", "period_end": "2020-02-05", "value_low": "3550000", "asylum_iso3": "ZZB"},
    ])
    frame = crafted(compare("refugees", package=package_copy, single=True))
    groups = frame.groupby("group")["claim_id"].apply(set).tolist()
    assert sorted(groups, key=sorted) == [{"ref-900", "ref-901"}, {"ref-902"}, {"ref-903"}]


def test_single_claims_are_left_out_by_default(package_copy: DataPackage) -> None:
    add_refugee_claims(package_copy, [{"period_start": "2020-02-01", "period_end": "2020-02-29"},
                                      {"period_start": "2020-02-03", "period_end": "2020-02-03"},
                                      {"period_start": "2021-01-01", "period_end": "2021-01-01"}])
    frame = compare("refugees", package=package_copy, asylum_iso3="ZZA")
    assert set(frame["claim_id"]) == {"ref-900", "ref-901"}
    assert list(frame["group"].unique()) == [1]


def test_within_days_joins_nearby_stocks(package_copy: DataPackage) -> None:
    add_refugee_claims(package_copy, [{"period_start": "2020-02-10", "period_end": "2020-02-10"},
                                      {"period_start": "2020-02-27", "period_end": "2020-02-27"}])
    assert compare("refugees", package=package_copy, asylum_iso3="ZZA").empty
    joined = compare("refugees", package=package_copy, asylum_iso3="ZZA", within_days=31)
    assert set(joined["claim_id"]) == {"ref-900", "ref-901"}


def test_filters_keep_matching_rows(package_copy: DataPackage) -> None:
    add_refugee_claims(package_copy, [{"period_start": "2020-02-01", "period_end": "2020-02-29"},
                                      {"period_start": "2020-02-01", "period_end": "2020-02-29", "asylum_iso3": "ZZB"},
                                      {"period_start": "2020-02-02", "period_end": "2020-02-28", "asylum_iso3": "ZZB"}])
    frame = compare("refugees", package=package_copy, asylum_iso3="ZZB")
    assert set(frame["claim_id"]) == {"ref-901", "ref-902"}
    only = compare("refugees", package=package_copy, asylum_iso3="ZZB", period_end="2020-02-28", single=True)
    assert only["claim_id"].tolist() == ["ref-902"]


def test_the_articles_turkey_figure_meets_unhcrs_of_the_same_month() -> None:
    """The disagreement the package exists to show: 'more than 3.7 million' beside UNHCR's 'almost 3.6 million'."""
    frame = compare("refugees", asylum_iso3="TUR")
    group = frame.loc[frame["claim_id"] == "ref-0001", "group"].item()
    claimants = set(frame.loc[frame["group"] == group, "claimant"])
    assert {"the article", "UNHCR"} <= claimants


def test_every_group_of_the_shipped_data_shares_its_measure_and_chains_its_periods() -> None:
    for table in ("casualties", "displacement", "refugees"):
        measure = idlibstats.descriptor()["resources"]
        fields = next(r for r in measure if r["name"] == table)["idlibstats"]["measure"]
        frame = compare(table, single=True)
        assert len(frame) == len(idlibstats.load(table))
        for _, group in frame.groupby("group"):
            assert len(group[fields].astype("string").fillna("").drop_duplicates()) == 1
            ordered = group.sort_values("period_start")
            reach = ordered["period_end"].cummax().shift()
            assert (ordered["period_start"].iloc[1:] <= reach.iloc[1:]).all()


def test_stated_range_reports_open_bounds() -> None:
    group = pd.DataFrame({"value_low": pd.array([3700000, pd.NA], dtype="Int64"),
                          "value_best": pd.array([pd.NA, 3600000], dtype="Int64"),
                          "value_high": pd.array([pd.NA, 3600000], dtype="Int64")})
    assert stated_range(group) == (3600000, 3700000, True)


@pytest.mark.parametrize(("table", "filters", "match"), [("areas", {}, "not a claims table"),
                                                         ("refugees", {"colour": "red"}, "no column 'colour'")])
def test_impossible_comparisons_are_refused(table: str, filters: dict[str, str], match: str) -> None:
    with pytest.raises(CompareError, match=match):
        compare(table, **filters)


def test_cli_compare_formats() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "idlibstats", "compare", *args], capture_output=True, text=True)

    text = run("casualties", "--single")
    assert text.returncode == 0 and "group(s) of claims" in text.stdout
    records = json.loads(run("casualties", "--single", "--format", "json").stdout)
    assert {r["claim_id"] for r in records} == set(idlibstats.load("casualties")["claim_id"])
    bad = run("casualties", "--where", "nonsense")
    assert bad.returncode == 2 and "COLUMN=VALUE" in bad.stderr and "Traceback" not in bad.stderr
