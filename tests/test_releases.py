"""Release rules: which bump each kind of change requires, what a version may follow, what CHANGELOG.md needs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable

import pytest
from csvrows import Table, read, write

from idlibstats.cli.main import main
from idlibstats.history import releases, revisions
from idlibstats.package.folder import DataPackage

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [{version}] - 2026-12-01\n\n### Added\n\n- Something.\n\n" \
            "## [0.1.0] - 2026-11-26\n\n- The first release.\n"


def edit_descriptor(package: DataPackage, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    path = package.root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def before(package_copy: DataPackage) -> DataPackage:
    """The shipped data published as a first release 0.1.0, whatever the shipped version: each test's bump is known."""
    edit_descriptor(package_copy, lambda d: d.update(version="0.1.0"))
    return DataPackage.open(package_copy.root)


def resource(descriptor: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(r for r in descriptor["resources"] if r["name"] == name)


def field_of(descriptor: dict, table: str, name: str) -> dict:  # type: ignore[type-arg]
    return next(f for f in resource(descriptor, table)["schema"]["fields"] if f["name"] == name)


def rename_column(package: DataPackage, path: str, old: str, new: str | None) -> None:
    """Rename (or with ``new`` None, drop) a CSV column."""
    header, rows = read(package.path_of(path))
    for row in rows:
        value = row.pop(old)
        if new:
            row[new] = value
    header = [new if h == old else h for h in header if new or h != old]
    write(package.path_of(path), header, rows)


def add_claim(p: DataPackage) -> None:
    t = Table(p, "casualties"); t.copy("cas-0001", "cas-9010"); t.save()  # noqa: E702


def add_correction(p: DataPackage) -> None:
    t = Table(p, "casualties"); t.correct("cas-0003", "cas-9010", value_low="13"); t.save()  # noqa: E702


def withdraw(p: DataPackage) -> None:
    t = Table(p, "casualties"); t.withdraw("cas-0004"); t.save()  # noqa: E702


def edit_claim_in_place(p: DataPackage) -> None:
    t = Table(p, "casualties"); t.row("cas-0005")["value_low"] = "6"; t.save()  # noqa: E702


def correct_a_source(p: DataPackage) -> None:
    t = Table(p, "sources"); t.rows[0]["notes"] += " Checked again."; t.save()  # noqa: E702


def delete_claim(p: DataPackage) -> None:
    t = Table(p, "casualties"); t.delete("cas-0006"); t.save()  # noqa: E702


def move_table_file(p: DataPackage) -> None:
    shutil.move(p.path_of("data/areas.csv"), p.root / "data" / "places.csv")
    edit_descriptor(p, lambda d: resource(d, "areas").update(path="data/places.csv"))


def add_table(p: DataPackage) -> None:
    shutil.copy(p.path_of("data/areas.csv"), p.root / "data" / "areas2.csv")
    edit_descriptor(p, lambda d: d["resources"].append(dict(resource(d, "areas"), name="areas2", path="data/areas2.csv")))


def remove_table(p: DataPackage) -> None:
    # events, to which no table refers: the package stays usable without it
    edit_descriptor(p, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "events"]))


def add_field(p: DataPackage) -> None:
    edit_descriptor(p, lambda d: resource(d, "areas")["schema"]["fields"].append({"name": "note", "type": "string"}))
    header, rows = read(p.path_of("data/areas.csv"))
    write(p.path_of("data/areas.csv"), header + ["note"], [dict(r, note="") for r in rows])


def remove_field(p: DataPackage) -> None:
    fields = lambda d: resource(d, "areas")["schema"]["fields"]  # noqa: E731
    edit_descriptor(p, lambda d: fields(d).remove(field_of(d, "areas", "pcode")))
    rename_column(p, "data/areas.csv", "pcode", None)


def rename_field(p: DataPackage) -> None:
    edit_descriptor(p, lambda d: field_of(d, "areas", "pcode").update(name="p_code"))
    rename_column(p, "data/areas.csv", "pcode", "p_code")


def retype_field(p: DataPackage) -> None:
    edit_descriptor(p, lambda d: field_of(d, "casualties", "value_low").update(type="number"))


def reorder_fields(p: DataPackage) -> None:
    def swap(d: dict) -> None:  # type: ignore[type-arg]
        fields = resource(d, "areas")["schema"]["fields"]
        fields[1], fields[2] = fields[2], fields[1]
    edit_descriptor(p, swap)


def describe_field(p: DataPackage) -> None:
    edit_descriptor(p, lambda d: field_of(d, "areas", "name").update(description="The area's English name."))


def widen_enum(p: DataPackage) -> None:
    edit_descriptor(p, lambda d: field_of(d, "areas", "level")["constraints"]["enum"].append("admin3"))


def narrow_enum(p: DataPackage) -> None:
    edit_descriptor(p, lambda d: field_of(d, "areas", "level")["constraints"]["enum"].remove("region"))


def require_field(p: DataPackage) -> None:
    edit_descriptor(p, lambda d: field_of(d, "areas", "pcode").setdefault("constraints", {}).update(required=True))


def drop_pattern(p: DataPackage) -> None:
    edit_descriptor(p, lambda d: field_of(d, "areas", "pcode")["constraints"].pop("pattern"))


def rename_package(p: DataPackage) -> None:
    edit_descriptor(p, lambda d: d.update(name="idlib-stats"))


def retitle_package(p: DataPackage) -> None:
    edit_descriptor(p, lambda d: d.update(title="Another title"))


CASES = [
    (lambda p: None, "none", "nothing-changed"),
    (add_claim, "minor", "claim-added"),
    (add_correction, "patch", "correction-added"),
    (withdraw, "patch", "claim-withdrawn"),
    (edit_claim_in_place, "patch", "claim-edited-in-place"),
    (correct_a_source, "patch", "source-row-corrected"),
    (delete_claim, "major", "claim-deleted"),
    (move_table_file, "none", "table-file-moved"),
    (add_table, "minor", "table-added"),
    (remove_table, "major", "table-removed"),
    (add_field, "major", "field-added"),
    (remove_field, "major", "field-removed"),
    (rename_field, "major", "field-renamed"),
    (retype_field, "major", "field-retyped"),
    (reorder_fields, "major", "fields-reordered"),
    (describe_field, "patch", "field-description"),
    (widen_enum, "minor", "enum-widened"),
    (narrow_enum, "major", "enum-narrowed"),
    (require_field, "major", "field-made-required"),
    (drop_pattern, "minor", "pattern-dropped"),
    (rename_package, "major", "package-renamed"),
    (retitle_package, "patch", "package-retitled"),
]


@pytest.mark.parametrize(("change", "level"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_each_kind_of_change_requires_its_bump(before: DataPackage, after: DataPackage, change, level: str) -> None:  # type: ignore[no-untyped-def]
    change(after)
    required, reasons = releases.required_bump(revisions.compare(before, DataPackage.open(after.root)))
    assert required == level, reasons
    assert (reasons == []) == (level == "none")


def test_every_schema_aspect_has_a_level() -> None:
    assert set(releases.ASPECT_LEVELS) == set(revisions.ASPECTS)
    assert set(releases.ASPECT_LEVELS.values()) <= set(releases.LEVELS)


@pytest.mark.parametrize(
    ("old", "new", "required", "problem"),
    [("0.1.0", "0.1.0", "none", None), ("0.1.0", "0.1.1", "patch", None), ("0.1.0", "0.2.0", "minor", None),
     ("0.1.0", "1.0.0", "major", None), ("0.1.0", "0.2.0", "patch", None), ("1.4.2", "2.0.0", "minor", None),
     ("0.1.0", "0.1.1", "none", None),
     ("0.1.0", "0.1.0", "patch", "version-not-bumped"), ("0.1.0", "0.1.1", "minor", "version-bump-too-small"),
     ("0.1.0", "0.2.0", "major", "version-bump-too-small"), ("0.1.0", "0.1.2", "patch", "version-not-next"),
     ("0.2.0", "0.1.9", "none", "version-not-next"), ("1.2.3", "1.3.1", "minor", "version-not-next"),
     ("0.1.0", "0.2.0-rc.1", "minor", "version-invalid"), ("0.1", "0.2.0", "minor", "version-invalid")],
    ids=["unchanged", "patch", "minor", "major", "more-than-needed", "major-from-1.4.2", "code-only-release",
         "not-bumped", "patch-for-minor", "minor-for-major", "skipped", "lower", "minor-not-reset",
         "pre-release", "two-part"],
)
def test_the_version_must_be_the_next_one_at_the_required_level(old: str, new: str, required: str,
                                                                problem: str | None) -> None:
    check = releases.ReleaseCheck("old", "new", old, new, required, None)
    assert [p.type for p in releases.version_problems(check)] == ([problem] if problem else [])


@pytest.mark.parametrize(
    ("text", "problem"),
    [(CHANGELOG.format(version="0.2.0"), None),
     (None, "changelog-missing"),
     (CHANGELOG.format(version="0.1.1"), "changelog-entry-missing"),
     (CHANGELOG.replace("[0.1.0]", "[0.0.9]").format(version="0.2.0").replace("] - 2026-12-01", "]"),
      "changelog-entry-date"),
     (CHANGELOG.format(version="0.2.0").replace("- Something.", ""), "changelog-entry-empty"),
     ("## [0.1.0] - 2026-11-26\n\n- first\n\n## [0.2.0] - 2026-12-01\n\n- second\n", "changelog-entry-not-latest"),
     (CHANGELOG.format(version="0.2.0") + "\n## [0.2.0] - 2026-10-01\n\n- again\n", "changelog-entry-repeated")],
    ids=["entry-present", "no-changelog", "no-entry", "no-date", "nothing-said", "not-newest-first", "repeated"],
)
def test_the_changelog_needs_a_dated_newest_entry(text: str | None, problem: str | None) -> None:
    assert [p.type for p in releases.changelog_problems(text, "0.2.0")] == ([problem] if problem else [])


def test_the_unreleased_section_is_not_a_release() -> None:
    text = "## [Unreleased]\n\n- work in progress\n\n## [0.1.0] - 2026-11-26\n\n- first\n"
    assert [e.version for e in releases.changelog_entries(text)] == ["0.1.0"]


def test_a_release_with_its_bump_and_entry_passes(before: DataPackage, after: DataPackage) -> None:
    add_claim(after)
    edit_descriptor(after, lambda d: d.update(version="0.2.0"))
    (after.root / "CHANGELOG.md").write_text(CHANGELOG.format(version="0.2.0"), encoding="utf-8")
    check = releases.check_against(before.root, after.root)
    assert check.ok, check.problems
    assert (check.required, check.bump) == ("minor", "minor")


def test_a_data_change_without_a_bump_fails(before: DataPackage, after: DataPackage,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    add_correction(after)
    (after.root / "CHANGELOG.md").write_text("## [0.1.0] - 2026-11-26\n\n- The first release.\n", encoding="utf-8")
    assert main(["release-check", "--against", str(before.root), str(after.root)]) == 1
    out = capsys.readouterr().out
    assert "problem [version-not-bumped]" in out and "set it to 0.1.1" in out
    assert main(["release-check", "--against", str(before.root), str(after.root), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["required"] == "patch"
    assert [p["type"] for p in report["problems"]] == ["version-not-bumped"]



def test_this_repositorys_changelog_records_the_current_version() -> None:
    from conftest import REPO

    version = DataPackage.open(REPO).version
    assert releases.changelog_problems((REPO / "CHANGELOG.md").read_text(encoding="utf-8"), version) == []


def test_ci_checks_the_release_rules_on_main_and_on_pull_requests() -> None:
    from conftest import REPO

    assert "idlibstats release-check --previous-release" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    workflow = (REPO / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8")
    assert "fetch-depth: 0" in workflow
    assert "idlibstats validate --against origin/${{ github.base_ref }}" in workflow
    assert "idlibstats release-check --against origin/${{ github.base_ref }}" in workflow


def test_check_release_takes_two_packages_and_the_changelog_text(before: DataPackage, after: DataPackage) -> None:
    withdraw(after)
    edit_descriptor(after, lambda d: d.update(version="0.1.1"))
    check = releases.check_release(before, DataPackage.open(after.root), CHANGELOG.format(version="0.1.1"))
    assert (check.required, check.bump, check.ok) == ("patch", "patch", True)
    check = releases.check_release(before, DataPackage.open(after.root), CHANGELOG.format(version="0.1.0"))
    assert [p.type for p in check.problems] == ["changelog-entry-missing"]
