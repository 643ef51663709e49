"""Each cross-field rule rejects a crafted bad frame, and quotes and archives are verified."""

from __future__ import annotations

import csv
import gc
import io
import weakref

import pandas as pd
import pytest
from schema_checks import failing_checks

import idlibstats
from idlibstats.frames import reader as structure
from idlibstats.frames.loading import read_typed
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage
from idlibstats.rules.context import RuleContext, normalise, per_distinct
from idlibstats.rules.registry import RULES, rules_for
from idlibstats.rules.schemas import schema
from idlibstats.validation import checks


def claims() -> pd.DataFrame:
    """Every claim with its history: corrections name superseded claims, which must be there."""
    return idlibstats.load("casualties", history=True).copy()


def test_shipped_data_breaks_no_rule() -> None:
    for name in idlibstats.tables():
        assert failing_checks(name, idlibstats.load(name, history=True)) == set(), name


def test_value_order_rejects_low_above_best() -> None:
    frame = claims()
    frame.loc[0, ["value_low", "value_best", "value_high"]] = [9, 7, 7]
    assert "value-order" in failing_checks("casualties", frame)


def test_value_order_rejects_best_above_high() -> None:
    frame = claims()
    frame.loc[0, ["qualifier", "value_low", "value_best", "value_high"]] = ["about", pd.NA, 8, pd.NA]
    frame.loc[1, ["qualifier", "value_low", "value_best", "value_high"]] = ["nearly", pd.NA, 9, 8]
    assert "value-order" in failing_checks("casualties", frame)


def test_value_missing_rejects_a_claim_without_any_bound() -> None:
    frame = claims()
    frame.loc[0, ["value_low", "value_best", "value_high"]] = [pd.NA, pd.NA, pd.NA]
    assert "value-missing" in failing_checks("casualties", frame)


@pytest.mark.parametrize(
    ("qualifier", "low", "best", "high"),
    [("exact", 7, 7, 8), ("exact", 7, pd.NA, 7), ("about", 7, 7, pd.NA), ("nearly", pd.NA, 7, 9),
     ("more_than", 7, 7, pd.NA), ("up_to", 7, pd.NA, pd.NA), ("range", 7, pd.NA, pd.NA), ("vague", pd.NA, 200, pd.NA)],
    ids=["exact-unequal", "exact-missing-best", "about-with-low", "nearly-best-below-high",
         "more-than-with-best", "up-to-as-low", "range-open", "vague-as-best"],
)
def test_qualifier_bounds_rejects_bounds_the_qualifier_does_not_imply(qualifier, low, best, high) -> None:  # type: ignore[no-untyped-def]
    frame = claims()
    frame.loc[0, ["qualifier", "value_low", "value_best", "value_high"]] = [qualifier, low, best, high]
    assert "qualifier-bounds" in failing_checks("casualties", frame)


def test_period_order_rejects_an_end_before_the_start() -> None:
    frame = claims()
    frame.loc[0, "period_end"] = pd.Timestamp("2019-01-01")
    assert "period-order" in failing_checks("casualties", frame)


def test_period_order_applies_to_events_too() -> None:
    frame = idlibstats.load("events").copy()
    frame.loc[0, "date_end"] = pd.Timestamp("2000-01-01")
    assert "period-order" in failing_checks("events", frame)


def test_quote_not_found_rejects_a_quote_that_is_not_in_the_archived_source() -> None:
    frame = claims()
    frame.loc[0, "quote"] = frame.loc[0, "quote"].replace("seven", "eight")
    assert "quote-not-found" in failing_checks("casualties", frame)


def test_quote_match_forgives_only_whitespace() -> None:
    frame = claims()
    frame.loc[0, "quote"] = "  " + frame.loc[0, "quote"].replace(" ", "\n  ", 3) + " "
    assert failing_checks("casualties", frame) == set()
    frame.loc[0, "quote"] = frame.loc[0, "quote"].replace("Assad", "assad")
    assert "quote-not-found" in failing_checks("casualties", frame)


def test_quote_missing_rejects_an_unquoted_claim_from_an_archived_source() -> None:
    frame = claims()
    frame.loc[0, "quote"] = pd.NA
    assert "quote-missing" in failing_checks("casualties", frame)


def test_quote_unarchived_rejects_a_quote_from_a_document_cited_by_url() -> None:
    frame = claims()
    sources = idlibstats.load("sources").copy()
    frame.loc[0, "source_id"] = "a-document-cited-by-url"
    extra = sources.iloc[[0]].assign(source_id="a-document-cited-by-url", archive_path=pd.NA, sha256=pd.NA)
    context_sources = pd.concat([sources, extra], ignore_index=True)
    from idlibstats.package.contract import table as table_contract
    from idlibstats.rules.provenance import quote_unarchived

    context = RuleContext(DataPackage.shipped(), sources=context_sources)
    broken = quote_unarchived(frame, context, table_contract(DataPackage.shipped(), "casualties"))
    assert broken.tolist() == [True] + [False] * (len(frame) - 1)


def test_source_unlocatable_rejects_a_source_neither_archived_nor_linked() -> None:
    sources = idlibstats.load("sources").copy()
    sources.loc[0, ["archive_path", "sha256", "url"]] = [pd.NA, pd.NA, pd.NA]
    assert "source-unlocatable" in failing_checks("sources", sources)


def test_archive_changed_rejects_an_edited_seed(package_copy: DataPackage) -> None:
    sources = read_typed(package_copy, "sources")
    seed = package_copy.path_of(sources.loc[0, "archive_path"])
    seed.write_bytes(seed.read_bytes() + b"\n")
    assert "archive-changed" in failing_checks("sources", sources, package_copy)


def test_archive_missing_rejects_a_seed_that_is_gone(package_copy: DataPackage) -> None:
    sources = read_typed(package_copy, "sources")
    package_copy.path_of(sources.loc[0, "archive_path"]).unlink()
    assert "archive-missing" in failing_checks("sources", sources, package_copy)


def test_archive_hash_missing_rejects_an_archived_source_without_sha256() -> None:
    sources = idlibstats.load("sources").copy()
    sources.loc[0, "sha256"] = pd.NA
    assert "archive-hash-missing" in failing_checks("sources", sources)


def test_archived_quote_is_checked_against_the_file_not_a_copy(package_copy: DataPackage) -> None:
    """Editing the seed (keeping the quote) must break the quote check, whatever the table says."""
    frame = read_typed(package_copy, "casualties")
    sources = read_typed(package_copy, "sources")
    seed = package_copy.path_of(sources.loc[0, "archive_path"])
    seed.write_text(seed.read_text(encoding="utf-8").replace("seven Turkish soldiers", "Turkish soldiers"), encoding="utf-8")
    assert "quote-not-found" in failing_checks("casualties", frame, package_copy)


def test_every_rule_has_a_distinct_kebab_case_type() -> None:
    types = [rule.type for rule in RULES]
    assert len(types) == len(set(types))
    assert all(t == t.lower() and " " not in t and "_" not in t for t in types)


def test_normalise_collapses_whitespace_only() -> None:
    assert normalise("  a\n\tb  c ") == "a b c"
    assert normalise("Turkey’s") == "Turkey’s"


def test_rule_context_reads_archives_once(shipped: DataPackage) -> None:
    context = RuleContext(shipped)
    assert context.archived_texts() is context.archived_texts()


def test_per_distinct_judges_each_combination_once_and_spreads_the_verdict() -> None:
    frame = pd.DataFrame({"a": pd.array(["x", "y", "x", None, "y", "x"], dtype="string"),
                          "b": pd.array([1, 2, 1, 1, None, 3], dtype="Int64")})
    seen: list[tuple[object, object]] = []

    def judge(a: object, b: object) -> bool:
        seen.append((a, b))
        return a == "x"

    verdicts = per_distinct(frame, ["a", "b"], judge)
    assert seen == [("x", 1), ("y", 2), ("x", 3)]  # once each, in order of first row; rows with a gap never
    assert verdicts.tolist() == [True, False, True, False, False, True]


def test_per_distinct_judges_a_missing_value_of_an_optional_column() -> None:
    frame = pd.DataFrame({"a": pd.array(["x", "y", "x", None, "y"], dtype="string"),
                          "b": pd.array([1, None, 1, 1, None], dtype="Int64")})
    seen: list[tuple[object, object]] = []

    def judge(a: object, b: object) -> bool:
        seen.append((a, b))
        return pd.isna(b)

    verdicts = per_distinct(frame, ["a", "b"], judge, optional=("b",))
    assert [(a, None if pd.isna(b) else b) for a, b in seen] == [("x", 1), ("y", None)]
    assert verdicts.tolist() == [False, True, False, False, True]


def test_per_distinct_on_no_rows() -> None:
    frame = pd.DataFrame({"a": pd.array([], dtype="string")})
    assert per_distinct(frame, ["a"], lambda a: True).tolist() == []


def broken_casualties(package: DataPackage) -> None:
    """Rewrite ``package``'s casualties so rows repeat, differ in one cell, miss cells and fail to cast."""
    path = package.path_of("data/casualties.csv")
    header, *parsed = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    column = {name: j for j, name in enumerate(header)}
    grown = []
    for copy in range(3):
        for number, row in enumerate(parsed):
            row = list(row)
            row[column["claim_id"]] = f"{row[column['claim_id']]}-{copy}"
            if row[column["supersedes"]]:
                row[column["supersedes"]] = f"{row[column['supersedes']]}-{copy}"
            if copy == 1 and number % 5 == 0:
                row[column["value_best"]] = ""  # a missing bound: stated_as then disagrees, or not
            if copy == 1 and number % 7 == 0:
                row[column["qualifier"]] = "roughly"  # outside the enum: missing for the rules
            if copy == 2 and number % 4 == 0:
                row[column["stated_as"]] = row[column["stated_as"]] + " more"
            if copy == 2 and number % 6 == 0:
                row[column["quote"]] = ""
            if copy == 2 and row[column["supersedes"]]:
                row[column["perpetrator"]] = "another perpetrator"  # a correction that changes the measure
            grown.append(row)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *grown])
    path.write_text(out.getvalue(), encoding="utf-8")


def test_rules_judge_the_same_with_the_validators_codes_as_by_hashing(package_copy: DataPackage) -> None:
    """The validator hands the rules the codes it read; they must equal what hashing the frame finds."""
    broken_casualties(package_copy)
    table = table_contract(package_copy, "casualties")
    records = structure.read(package_copy.path_of(table.path), table.name, table.path, table.field_names)
    local = checks.check_table(table, records, None)
    frame = local.frame()
    sources = read_typed(package_copy, "sources")
    told, hashing = RuleContext(package_copy, sources=sources), RuleContext(package_copy, sources=sources)
    told.know_codes(frame, local.distinct_codes)
    flagged = 0
    for rule in rules_for(table):
        expected = rule.violations(frame, hashing, table).tolist()
        assert rule.violations(frame, told, table).tolist() == expected, rule.type
        flagged += sum(expected)
    assert flagged > 0  # the broken rows do break rules


def test_a_validated_frame_is_not_kept_alive(shipped: DataPackage) -> None:
    """pandera keeps a schema for as long as the frame it validated; the schema's rules must not keep the frame."""
    frame = schema("casualties", shipped).validate(idlibstats.load("casualties", history=True))
    gone = weakref.ref(frame)
    del frame
    gc.collect()
    assert gone() is None


def test_every_rule_judges_alike_on_the_frame_of_the_columns_it_reads(package_copy: DataPackage) -> None:
    """``validate`` gives each table's rules a frame of only the columns they read (``Rule.reads``).

    Each rule, on a frame of its own ``reads`` alone, with the validator's codes and values for the
    rest, must flag the rows it flags on the whole frame: a column it reads but does not declare
    raises (a rule-error in ``validate``), and a verdict that changes fails here.
    """
    broken_casualties(package_copy)
    corrected = 0
    for name in ("casualties", "sources", "events"):
        table = table_contract(package_copy, name)
        records = structure.read(package_copy.path_of(table.path), table.name, table.path, table.field_names)
        local = checks.check_table(table, records, None)
        whole = local.frame()
        sources = read_typed(package_copy, "sources")
        for rule in rules_for(table):
            part = local.frame(set(rule.reads(table)))
            assert set(part.columns) == set(rule.reads(table)) & set(table.field_names), rule.type
            told = RuleContext(package_copy, sources=sources)
            told.know_codes(part, local.distinct_codes)
            told.know_values(part, local.values_at)
            expected = rule.violations(whole, RuleContext(package_copy, sources=sources), table).tolist()
            assert rule.violations(part, told, table).tolist() == expected, (name, rule.type)
            corrected += sum(expected) if rule.type == "supersession-quantity" else 0
    assert corrected > 0  # a correction whose measure differs is among the broken rows
