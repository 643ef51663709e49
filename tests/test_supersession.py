"""Chains of corrections: valid chains pass, and each broken chain is caught on the rows that break it."""

from __future__ import annotations

import pytest
from csvrows import Table
from schema_checks import failing_checks

from idlibstats.frames.loading import load, read_typed
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage
from idlibstats.rules.context import RuleContext
from idlibstats.rules.registry import RULES
from idlibstats.rules.supersession import on_cycles

SUPERSESSION = {"supersession-cycle", "supersession-successors", "supersession-status", "supersession-quantity",
                "correction-reason", "withdrawn-reason"}


def flagged(package: DataPackage, rule_type: str, name: str = "casualties") -> list[str]:
    """The claim ids whose rows break rule ``rule_type``."""
    rule = next(r for r in RULES if r.type == rule_type)
    frame = read_typed(package, name)
    mask = rule.violations(frame, RuleContext(package), table_contract(package, name))
    return sorted(frame.loc[mask, "claim_id"])


@pytest.fixture
def casualties(package_copy: DataPackage) -> Table:
    return Table(package_copy, "casualties")


def test_the_supersession_rules_are_registered_for_claims_tables() -> None:
    assert SUPERSESSION <= {rule.type for rule in RULES}


def test_a_valid_chain_and_a_withdrawal_pass_every_check(package_copy: DataPackage, casualties: Table) -> None:
    casualties.correct("cas-0003", "cas-9010", date_precision="week")
    casualties.correct("cas-9010", "cas-9011", period_start="2020-02-02")
    casualties.withdraw("cas-0004")
    casualties.save()
    assert failing_checks("casualties", package=package_copy) == set()
    active = set(load("casualties", package=package_copy)["claim_id"])
    assert "cas-9011" in active and not active & {"cas-0003", "cas-9010", "cas-0004"}
    history = load("casualties", package=package_copy, history=True).set_index("claim_id")["status"]
    assert (history["cas-0003"], history["cas-9010"], history["cas-0004"]) == ("superseded", "superseded", "withdrawn")


def test_a_correction_of_a_correction_across_tables_is_independent(package_copy: DataPackage) -> None:
    displacement = Table(package_copy, "displacement")
    displacement.correct("dis-0001", "dis-9003", period_start="2019-03-01")
    displacement.save()
    assert failing_checks("displacement", package=package_copy) == set()


@pytest.mark.parametrize(
    ("links", "expected"),
    [({"a": "b", "b": "a"}, {"a", "b"}), ({"a": "a"}, {"a"}), ({"a": "b", "b": "c"}, set()),
     ({"x": "a", "a": "b", "b": "c", "c": "a"}, {"a", "b", "c"}), ({"a": "b", "c": "b"}, set())],
    ids=["two-claims", "self", "straight-chain", "tail-into-a-cycle", "fork"],
)
def test_on_cycles_finds_exactly_the_claims_on_a_cycle(links: dict[str, str], expected: set[str]) -> None:
    assert on_cycles(links) == expected


def test_a_cycle_is_caught_on_every_row_of_it(package_copy: DataPackage, casualties: Table) -> None:
    casualties.copy("cas-0003", "cas-9010", supersedes="cas-9011", status="superseded", notes="Correction: a.")
    casualties.copy("cas-0003", "cas-9011", supersedes="cas-9010", status="superseded", notes="Correction: b.")
    casualties.save()
    assert "supersession-cycle" in failing_checks("casualties", package=package_copy)
    assert flagged(package_copy, "supersession-cycle") == ["cas-9010", "cas-9011"]


def test_a_claim_superseding_itself_is_a_cycle(package_copy: DataPackage, casualties: Table) -> None:
    casualties.row("cas-0003").update(supersedes="cas-0003", status="superseded", notes="Correction: self.")
    casualties.save()
    assert flagged(package_copy, "supersession-cycle") == ["cas-0003"]


def test_two_successors_of_one_claim_are_both_flagged(package_copy: DataPackage, casualties: Table) -> None:
    casualties.correct("cas-0003", "cas-9010")
    casualties.correct("cas-0003", "cas-9011")
    casualties.save()
    assert "supersession-successors" in failing_checks("casualties", package=package_copy)
    assert flagged(package_copy, "supersession-successors") == ["cas-9010", "cas-9011"]


def test_a_superseded_claim_without_a_successor_is_caught(package_copy: DataPackage, casualties: Table) -> None:
    casualties.row("cas-0003")["status"] = "superseded"
    casualties.save()
    assert "supersession-status" in failing_checks("casualties", package=package_copy)
    assert flagged(package_copy, "supersession-status") == ["cas-0003"]


@pytest.mark.parametrize("status", ["active", "withdrawn"])
def test_a_claim_named_in_supersedes_must_be_superseded(package_copy: DataPackage, casualties: Table,
                                                        status: str) -> None:
    casualties.correct("cas-0003", "cas-9010")
    casualties.row("cas-0003").update(status=status, notes="Withdrawn: wrong.")
    casualties.save()
    assert "supersession-status" in failing_checks("casualties", package=package_copy)
    assert flagged(package_copy, "supersession-status") == ["cas-0003"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("outcome", "killed"), ("victim_group", "civilian"), ("victim_affiliation", "Syrian civilians"),
     ("area_id", "syr")],
    ids=["outcome", "victim-group", "affiliation-added-where-empty", "area"],
)
def test_a_correction_must_keep_the_quantity_it_corrects(package_copy: DataPackage, casualties: Table,
                                                         field: str, value: str) -> None:
    assert casualties.row("cas-0003")[field] != value
    casualties.correct("cas-0003", "cas-9010", **{field: value})
    casualties.save()
    assert "supersession-quantity" in failing_checks("casualties", package=package_copy)
    assert flagged(package_copy, "supersession-quantity") == ["cas-9010"]


def test_a_correction_may_change_bounds_wording_period_and_source_fields(package_copy: DataPackage,
                                                                        casualties: Table) -> None:
    casualties.correct("cas-0003", "cas-9010", value_low="13", period_end="2020-02-04", claimant="Government of Turkey")
    casualties.save()
    assert flagged(package_copy, "supersession-quantity") == []


def test_a_withdrawn_claim_needs_its_reason_in_notes(package_copy: DataPackage, casualties: Table) -> None:
    casualties.row("cas-0004")["status"] = "withdrawn"  # notes keep the curator's text, with no reason
    casualties.save()
    assert "withdrawn-reason" in failing_checks("casualties", package=package_copy)
    assert flagged(package_copy, "withdrawn-reason") == ["cas-0004"]


def test_a_correction_needs_its_reason_in_notes(package_copy: DataPackage, casualties: Table) -> None:
    casualties.correct("cas-0003", "cas-9010", notes="Resolved the date again.")
    casualties.save()
    assert "correction-reason" in failing_checks("casualties", package=package_copy)
    assert flagged(package_copy, "correction-reason") == ["cas-9010"]


def test_supersedes_must_name_a_claim_of_the_same_table(package_copy: DataPackage, casualties: Table) -> None:
    casualties.correct("cas-0003", "cas-9010", supersedes="dis-0001")
    casualties.save()
    assert "foreign-key:supersedes->casualties" in failing_checks("casualties", package=package_copy)


def test_readme_names_every_supersession_rule() -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert all(f"`{rule_type}`" in readme for rule_type in SUPERSESSION)
