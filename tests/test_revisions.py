"""`diff` between crafted before/after package folders, and published claims changed without a revision row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from csvrows import Table, line_of

from idlibstats.cli.main import main
from idlibstats.frames.loading import load
from idlibstats.history import revisions
from idlibstats.package.folder import DataPackage


def revise(after: DataPackage) -> Table:
    """Every kind of difference at once: added, corrected, withdrawn, edited in place, deleted."""
    table = Table(after, "casualties")
    table.copy("cas-0001", "cas-9010", notes="A new claim\nwhose notes span two lines.")
    table.correct("cas-0003", "cas-9011", value_low="13", stated_as="over a dozen")
    table.withdraw("cas-0004", "the figure counts another attack.")
    table.row("cas-0005")["value_low"] = "6"
    table.delete("cas-0006")
    table.save()
    return table


def test_identical_packages_differ_in_nothing(before: DataPackage, after: DataPackage) -> None:
    result = revisions.compare(before, after)
    assert not result.differs
    assert [t.name for t in result.tables] == before.resource_names()
    assert revisions.published_changes(result) == []


def test_diff_sorts_every_kind_of_revision(before: DataPackage, after: DataPackage) -> None:
    table = revise(after)
    result = revisions.compare(before, after)
    casualties = result.table("casualties")
    line = lambda key: line_of(table.path, key)  # noqa: E731
    assert line("cas-9011") == line("cas-9010") + 2  # the two-line note shifts the lines after it
    assert casualties.added == [revisions.Added("cas-9010", line("cas-9010")),
                                revisions.Added("cas-9011", line("cas-9011"), "cas-0003")]
    [superseded] = casualties.superseded
    assert (superseded.key, superseded.line, superseded.by) == ("cas-0003", line("cas-0003"), ("cas-9011",))
    assert {c.field: (c.old, c.new) for c in superseded.changes} == {
        "value_low": ("12", "13"), "stated_as": ("over a dozen people", "over a dozen")}
    assert superseded.reason == "Correction: cas-9011 fixes cas-0003."
    assert casualties.withdrawn == [revisions.Withdrawn("cas-0004", line("cas-0004"),
                                                        "Withdrawn: the figure counts another attack.")]
    assert casualties.changed == [revisions.Edited("cas-0005", line("cas-0005"),
                                                   (revisions.Change("value_low", "5", "6"),))]
    assert casualties.removed == [revisions.Removed("cas-0006", 7)]
    assert not casualties.schema
    assert [t.name for t in result.tables if t.differs] == ["casualties"]


def test_published_changes_are_findings_on_the_new_line(before: DataPackage, after: DataPackage) -> None:
    table = revise(after)
    problems = revisions.published_changes(revisions.compare(before, after))
    assert [(p.type, p.resource, p.path, p.line, p.field, p.value) for p in problems] == [
        ("claim-changed-in-place", "casualties", "data/casualties.csv", line_of(table.path, "cas-0005"), "value_low", "6"),
        ("claim-removed", "casualties", "data/casualties.csv", None, "claim_id", "cas-0006"),
    ]
    assert set(problems[0].to_dict()) == {"type", "resource", "path", "line", "field", "value", "message"}
    assert "supersedes" in problems[0].message and "withdrawn" in problems[1].message


def test_revisions_by_the_protocol_are_no_problem(before: DataPackage, after: DataPackage) -> None:
    table = Table(after, "casualties")
    table.copy("cas-0001", "cas-9010")
    table.correct("cas-0003", "cas-9011", value_low="13")
    table.withdraw("cas-0004")
    table.save()
    assert revisions.published_changes(revisions.compare(before, after)) == []


@pytest.mark.parametrize(
    ("edit", "field"),
    [(lambda row: row.update(status="withdrawn", notes="Withdrawn: rewritten instead of appended."), "notes"),
     (lambda row: row.update(status="superseded", value_low="9"), "value_low"),
     (lambda row: row.update(supersedes="cas-0001"), "supersedes"),
     (lambda row: row.update(quote=row["quote"] + " "), "quote")],
    ids=["withdrawal-rewrites-notes", "superseded-and-edited", "supersedes-added-to-a-published-row",
         "whitespace-in-the-quote"],
)
def test_edits_beyond_the_protocol_are_changes_in_place(before: DataPackage, after: DataPackage, edit, field) -> None:  # type: ignore[no-untyped-def]
    table = Table(after, "casualties")
    edit(table.row("cas-0003"))
    table.save()
    problems = revisions.published_changes(revisions.compare(before, after))
    assert [(p.type, p.field, p.line) for p in problems] == [("claim-changed-in-place", field, 4)]


@pytest.mark.parametrize(("was", "now"), [("superseded", "active"), ("withdrawn", "active"),
                                          ("withdrawn", "superseded")])
def test_a_revision_is_never_undone_in_place(before: DataPackage, after: DataPackage, was: str, now: str) -> None:
    published = Table(before, "casualties")
    published.row("cas-0004").update(status=was, notes="Withdrawn: x.")
    published.save()
    table = Table(after, "casualties")
    table.row("cas-0004").update(status=now, notes="Withdrawn: x.")
    table.save()
    problems = revisions.published_changes(revisions.compare(before, after))
    assert [(p.type, p.field, p.value) for p in problems] == [("claim-changed-in-place", "status", now)]


def test_reference_tables_report_rows_added_changed_and_removed(before: DataPackage, after: DataPackage) -> None:
    areas = Table(after, "areas")
    areas.copy("syr", "lbn", name="Lebanon", iso3="LBN", pcode="LB")
    areas.row("tur")["name"] = "Turkey"
    areas.save()
    result = revisions.compare(before, after)
    diff = result.table("areas")
    assert [a.key for a in diff.added] == ["lbn"]
    assert [(e.key, e.changes) for e in diff.changed] == [("tur", (revisions.Change("name", "Türkiye", "Turkey"),))]
    assert revisions.published_changes(result) == []  # only claims are never edited in place


def test_a_removed_claims_table_loses_every_claim(before: DataPackage, after: DataPackage) -> None:
    descriptor = json.loads((after.root / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "refugees"]
    (after.root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = revisions.compare(before, DataPackage.open(after.root))
    assert result.table("refugees").schema[0].aspect == "resource-removed"
    published = list(load("refugees", package=before, history=True)["claim_id"])
    assert [(p.type, p.value) for p in revisions.published_changes(result)] == [("claim-removed", c) for c in published]


def test_a_crlf_file_with_a_bom_is_not_a_change(before: DataPackage, after: DataPackage) -> None:
    path = after.path_of("data/casualties.csv")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert not revisions.compare(before, after).differs


def test_diff_command_text_and_exit_codes(before: DataPackage, after: DataPackage,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(before.root), str(after.root), "--exit-code"]) == 0
    assert "no differences" in capsys.readouterr().out
    revise(after)
    assert main(["diff", str(before.root), str(after.root)]) == 0
    out = capsys.readouterr().out
    assert "casualties (data/casualties.csv): 2 added, 1 superseded, 1 withdrawn, 1 changed in place, 1 removed" in out
    assert "REMOVED     cas-0006" in out and "why: Correction: cas-9011 fixes cas-0003." in out
    assert main(["diff", str(before.root), str(after.root), "--exit-code"]) == 1


def test_diff_command_json_is_the_library_diff(before: DataPackage, after: DataPackage,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    revise(after)
    assert main(["diff", str(before.root), str(after.root), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == json.loads(json.dumps(revisions.diff(before.root, after.root).to_dict()))
    casualties = next(t for t in report["tables"] if t["name"] == "casualties")
    assert casualties["counts"] == {"added": 2, "superseded": 1, "withdrawn": 1, "changed": 1, "removed": 1}
    assert casualties["changed"][0]["changes"] == [{"field": "value_low", "old": "5", "new": "6"}]


def test_diff_command_refuses_a_missing_folder_with_exit_2(before: DataPackage, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(before.root), str(tmp_path / "no-such-folder")]) == 2
    assert "error [" in capsys.readouterr().err
