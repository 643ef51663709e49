"""compare(): one quantity is one measure over one period; series; the interval each wording allows; conflicts."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pandas as pd
import pytest

import idlibstats
from idlibstats.claims.phrases import implied, read
from idlibstats.errors import CompareError
from idlibstats.faces.comparison import compare, stated_range
from idlibstats.package.folder import DataPackage

SEED = "news-2020-02-10-turkey-russia-idlib-talks"
CIVILIANS_KILLED = {"outcome": "killed", "victim_group": "civilian", "area_id": "syr-nw"}


def add_claims(package: DataPackage, table: str, rows: list[dict[str, str]], prefix: str) -> None:
    """Append crafted active claims to ``table`` (ids ``<prefix>-9000`` on), each row's own cells over defaults."""
    path = package.path_of(f"data/{table}.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    defaults = {"refugees": {"origin_iso3": "SYR", "asylum_iso3": "ZZA", "population_group": "all"},
                "casualties": {"outcome": "killed", "victim_group": "civilian", "area_id": "syr-nw"}}[table]
    for number, row in enumerate(rows, start=9000):
        base = {column: "" for column in header}
        base.update(claim_id=f"{prefix}-{number}", source_id=SEED, claimant="a claimant", date_precision="day",
                    stated_as="more than 1", qualifier="more_than", value_low="1", locator="p. 1", status="active")
        base.update(defaults)
        base.update(row)
        writer.writerow(base)
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write(buffer.getvalue())


def crafted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["claim_id"].str.contains("-9")]


def quantities(frame: pd.DataFrame) -> list[set[str]]:
    return sorted((set(g) for g in crafted(frame).groupby("quantity")["claim_id"].apply(list)), key=sorted)


def exact(value: int) -> dict[str, str]:
    return {"stated_as": f"{value:,}", "qualifier": "exact", "value_low": str(value), "value_best": str(value),
            "value_high": str(value)}


def test_a_quantity_is_one_measure_over_one_period_and_overlap_never_joins(package_copy: DataPackage) -> None:
    add_claims(package_copy, "refugees", [
        {"period_start": "2020-02-01", "period_end": "2020-02-29"},
        {"period_start": "2020-02-01", "period_end": "2020-02-29", "claimant": "another"},
        {"period_start": "2020-02-10", "period_end": "2020-02-10"},  # inside the month: another quantity
        {"period_start": "2020-02-01", "period_end": "2020-02-29", "asylum_iso3": "ZZB"},  # another measure
    ], "ref")
    frame = compare("refugees", package=package_copy, single=True)
    assert quantities(frame) == [{"ref-9000", "ref-9001"}, {"ref-9002"}, {"ref-9003"}]


def test_within_days_joins_only_when_start_and_end_are_both_near(package_copy: DataPackage) -> None:
    add_claims(package_copy, "refugees", [
        {"period_start": "2020-02-10", "period_end": "2020-02-10"},
        {"period_start": "2020-02-12", "period_end": "2020-02-12"},
        {"period_start": "2020-02-10", "period_end": "2020-03-30"},  # same start, far end
    ], "ref")
    assert quantities(compare("refugees", package=package_copy, single=True)) == [
        {"ref-9000"}, {"ref-9001"}, {"ref-9002"}]
    joined = compare("refugees", package=package_copy, single=True, within_days=2)
    assert quantities(joined) == [{"ref-9000", "ref-9001"}, {"ref-9002"}]


def test_the_issues_conflict_case(package_copy: DataPackage) -> None:
    """'at least 1,750' and '1,500' for one measure and period conflict; 'some 1,800' does not conflict with
    'at least 1,750'; a one-day count in the same months is another quantity."""
    period = {"period_start": "2019-04-29", "period_end": "2020-02-28"}
    add_claims(package_copy, "casualties", [
        {**period, "stated_as": "at least 1,750 civilians", "qualifier": "at_least", "value_low": "1750"},
        {**period, **exact(1500), "claimant": "another"},
        {**period, "stated_as": "some 1,800", "qualifier": "about", "value_low": "", "value_best": "1800",
         "claimant": "a third"},
        {"period_start": "2020-02-03", "period_end": "2020-02-03", **exact(5)},
    ], "cas")
    frame = crafted(compare("casualties", package=package_copy, single=True)).set_index("claim_id")
    assert frame.loc["cas-9000", "conflicts_with"] == "cas-9001"
    assert frame.loc["cas-9001", "conflicts_with"] == "cas-9000, cas-9002"
    assert frame.loc["cas-9002", "conflicts_with"] == "cas-9001"  # 1,620 to 1,980 meets "at least 1,750"
    assert frame.loc["cas-9003", "quantity"] != frame.loc["cas-9000", "quantity"]
    assert frame.loc["cas-9003", "conflicts_with"] == ""
    only = crafted(compare("casualties", package=package_copy, conflicts=True))
    assert set(only["claim_id"]) == {"cas-9000", "cas-9001", "cas-9002"}


def test_a_series_is_one_claimants_counts_from_one_day_and_a_fall_is_marked(package_copy: DataPackage) -> None:
    add_claims(package_copy, "casualties", [
        {"period_start": "2019-12-01", "period_end": "2020-01-10", **exact(100)},
        {"period_start": "2019-12-01", "period_end": "2020-01-20", **exact(150)},
        {"period_start": "2019-12-01", "period_end": "2020-01-30", **exact(120)},  # goes down
        {"period_start": "2020-01-10", "period_end": "2020-01-20", **exact(50)},  # an increment
        {"period_start": "2019-12-01", "period_end": "2020-01-25", **exact(130), "claimant": "another"},
    ], "cas")
    frame = crafted(compare("casualties", package=package_copy)).set_index("claim_id")
    series = frame.groupby("series")
    [(label, ids)] = series.groups.items()
    assert label.startswith("a claimant since 2019-12-01 (S") and set(ids) == {"cas-9000", "cas-9001", "cas-9002"}
    assert frame["series_falls"].to_dict() == {"cas-9000": False, "cas-9001": True, "cas-9002": True}
    assert "cas-9003" not in frame.index and "cas-9004" not in frame.index  # alone: no quantity, no series


@pytest.mark.parametrize(("wording", "allowed"), [
    ("3.6 million", (3_550_000, 3_650_000)),
    ("1,089", (1089, 1089)),
    ("more than 948,000", (948_001, None)),
    ("nearly 1 million", (900_000, 1_000_000)),
    ("some 586,000", (527_400, 644_600)),
    ("at least 1,750", (1750, None)),
    ("up to 50", (0, 50)),
    ("fewer than 10", (0, 9)),
    ("between 10 and 15", (10, 15)),
    ("hundreds", (200, None)),
], ids=lambda v: str(v))
def test_the_interval_each_wording_allows(wording: str, allowed: tuple[int | None, int | None]) -> None:
    reading = read(wording)
    assert implied(reading.qualifier, *reading.bounds, precision=reading.precision) == allowed


def test_the_margin_of_about_is_a_parameter(package_copy: DataPackage) -> None:
    period = {"period_start": "2020-01-01", "period_end": "2020-01-31"}
    add_claims(package_copy, "casualties", [
        {**period, "stated_as": "some 1,800", "qualifier": "about", "value_low": "", "value_best": "1800"},
        {**period, **exact(1650), "claimant": "another"},
    ], "cas")
    wide = crafted(compare("casualties", package=package_copy)).set_index("claim_id")
    narrow = crafted(compare("casualties", package=package_copy, margin=0.05)).set_index("claim_id")
    assert wide.loc["cas-9000", "conflicts_with"] == "" and narrow.loc["cas-9000", "conflicts_with"] == "cas-9001"
    assert (narrow.loc["cas-9000", "implied_low"], narrow.loc["cas-9000", "implied_high"]) == (1710, 1890)


def test_on_the_shipped_data_no_quantity_joins_periods_further_apart_than_within_days() -> None:
    for table in ("casualties", "displacement", "refugees"):
        fields = next(r for r in idlibstats.descriptor()["resources"] if r["name"] == table)["idlibstats"]["measure"]
        for days in (0, 3):
            frame = compare(table, single=True, within_days=days)
            assert len(frame) == len(idlibstats.load(table))
            for _, group in frame.groupby("quantity"):
                assert len(group[fields].astype("string").fillna("").drop_duplicates()) == 1
                for column in ("period_start", "period_end"):
                    assert (group[column].max() - group[column].min()).days <= 2 * days


def test_ochas_since_december_claims_form_one_series_without_an_increment() -> None:
    frame = compare("displacement", claimant="OCHA", origin_area_id="syr-nw", metric="flow", unit="persons")
    whole = frame[frame["destination"].isna() & frame["subgroup"].isna()]
    labels = {s for s in whole["series"].dropna() if s.startswith("OCHA since 2019-12-01 ")}
    assert len(labels) == 1
    since = whole[whole["series"] == labels.pop()]
    assert {"dis-0008", "dis-0010", "dis-0011", "dis-0013", "dis-0014", "dis-0018", "dis-0020", "dis-0021",
            "dis-0024", "dis-0029"} <= set(since["claim_id"])
    assert (since["period_start"] == pd.Timestamp("2019-12-01")).all()
    assert since["period_end"].is_monotonic_increasing
    assert "dis-0015" not in set(since["claim_id"])  # 26 January to 2 February: an increment
    assert not since["series_falls"].any()


def test_the_articles_turkey_figure_and_unhcrs_of_the_same_month_conflict() -> None:
    """The disagreement the package exists to show: 'more than 3.7 million' beside UNHCR's 'almost 3.6 million'."""
    frame = compare("refugees", asylum_iso3="TUR", within_days=31).set_index("claim_id")
    quantity = frame.loc["ref-0001", "quantity"]
    claimants = set(frame.loc[frame["quantity"] == quantity, "claimant"])
    assert {"the article", "UNHCR"} <= claimants
    assert frame.loc["ref-0001", "conflicts_with"]


def test_filters_answer_questions(package_copy: DataPackage) -> None:
    window = compare("displacement", date_from="2019-12-01", date_to="2020-02-29", single=True)
    assert (window["period_start"] >= pd.Timestamp("2019-12-01")).all()
    assert (window["period_end"] <= pd.Timestamp("2020-02-29")).all() and len(window)
    north_west = set(compare("casualties", area="syr-nw", single=True)["area_id"])
    assert {"syr-nw", "syr-idleb"} <= north_west and "syr-aleppo" not in north_west and "syr" not in north_west
    assert set(compare("casualties", claimant="OHCHR", single=True)["claimant"]) == {"OHCHR"}
    assert len(compare("casualties", path=package_copy.root, single=True)) == len(idlibstats.load("casualties"))


@pytest.mark.parametrize(("arguments", "match"), [
    ({"table": "areas"}, "not a claims table"),
    ({"colour": "red"}, "no column 'colour'"),
    ({"victim_group": "soldiers"}, "victim_group cannot be 'soldiers'; it is one of civilian, combatant"),
    ({"date_from": "01/12/2019"}, "takes a date written YYYY-MM-DD"),
    ({"within_days": -1}, "must be 0 or more"),
    ({"area": "atlantis"}, "no area 'atlantis'; areas: "),
    ({"claimant": "nobody"}, "no claim of casualties by 'nobody'; claimants: "),
], ids=["table", "column", "enum", "date", "days", "area", "claimant"])
def test_impossible_comparisons_are_refused_with_what_is_allowed(arguments: dict[str, object], match: str) -> None:
    table = str(arguments.pop("table", "casualties"))
    with pytest.raises(CompareError, match=match):
        compare(table, **arguments)  # type: ignore[arg-type]


def test_stated_range_reports_open_bounds() -> None:
    group = pd.DataFrame({"value_low": pd.array([3700000, pd.NA], dtype="Int64"),
                          "value_best": pd.array([pd.NA, 3600000], dtype="Int64"),
                          "value_high": pd.array([pd.NA, 3600000], dtype="Int64")})
    assert stated_range(group) == (3600000, 3700000, True)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idlibstats", "compare", *args], capture_output=True, text=True,
                          check=False)


def test_cli_compare_formats() -> None:
    text = run("casualties", "--conflicts")
    assert text.returncode == 0 and "SOURCES CONFLICT" in text.stdout and "CONFLICTS WITH" in text.stdout
    assert "quantities with two or more claims" in text.stdout.splitlines()[0]
    records = json.loads(run("casualties", "--single", "--format", "json").stdout)
    assert {r["claim_id"] for r in records} == set(idlibstats.load("casualties")["claim_id"])
    assert all(len(r["period_start"]) == 10 and r["period_start"][4] == "-" for r in records)
    rows = list(csv.DictReader(io.StringIO(run("casualties", "--format", "csv").stdout)))
    assert rows and {"quantity", "series", "implied_low", "implied_high", "conflicts_with"} <= set(rows[0])
    for bad in (["--where", "nonsense"], ["--where", "outcome=maimed"], ["--from", "2020-02-30"]):
        result = run("casualties", *bad)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, bad
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_help_documents_every_option_with_an_example() -> None:
    from idlibstats.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._subparsers._group_actions if hasattr(a, "choices")).choices["compare"]  # type: ignore[union-attr]
    for action in sub._actions:
        if action.option_strings and action.dest not in ("help", "single", "conflicts"):
            assert "e.g." in (action.help or ""), action.option_strings
    help_text = run("--help").stdout
    for option in ("--where", "--from", "--to", "--area", "--claimant", "--within-days", "--about-margin",
                   "--conflicts", "--single", "--package", "--format"):
        assert option in help_text, option
    assert "example:" in help_text
