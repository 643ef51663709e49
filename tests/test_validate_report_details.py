"""What the report says in the details: header findings of their own types, the total behind a limit,
a reference that cannot be used, and a path that is not a package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FixturePackages

import idlibstats
from idlibstats.cli.main import main
from idlibstats.validation.findings import registry


def json_report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["validate", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def text_report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["validate", *args])
    return code, capsys.readouterr().out


# --- the header -------------------------------------------------------------------------------------

def test_a_repeated_header_cell_reads_duplicate(fixture_packages: FixturePackages) -> None:
    report = idlibstats.validate(fixture_packages["duplicate-label"])
    [duplicate] = [f for f in report.errors if f.type == "duplicate-label"]
    assert (duplicate.line, duplicate.field, duplicate.value) == (1, "pcode", "name")
    assert "repeats header cell 2" in duplicate.message and "expected 'pcode'" in duplicate.message
    assert not [f for f in report.errors if f.type == "incorrect-label"]  # one finding per cell, as frictionless


def test_an_empty_header_cell_reads_blank(fixture_packages: FixturePackages) -> None:
    report = idlibstats.validate(fixture_packages["blank-label"])
    [blank] = [f for f in report.errors if f.type == "blank-label"]
    assert (blank.line, blank.field) == (1, "name") and "empty" in blank.message


def test_the_new_types_are_documented_as_frictionless_names_them() -> None:
    types = registry()
    for name in ("duplicate-label", "blank-label", "byte-count", "hash-count"):
        assert name in types and not types[name].own


def test_a_changed_file_is_a_hash_count_and_a_wrong_size_a_byte_count(fixture_packages: FixturePackages) -> None:
    hashed = idlibstats.validate(fixture_packages["hash-count"]).errors
    assert [(f.type, f.resource, f.line) for f in hashed] == [("hash-count", "sources", None)]
    assert "sha512" in hashed[0].message and "changed" in hashed[0].message
    sized = idlibstats.validate(fixture_packages["byte-count"])
    assert [f.type for f in sized.errors] == ["byte-count"] and sized.exit_code == 1


# --- a limit ----------------------------------------------------------------------------------------

def test_a_limited_json_report_says_the_total_and_that_it_was_cut(capsys: pytest.CaptureFixture[str],
                                                                   fixture_packages: FixturePackages) -> None:
    folder = str(fixture_packages["every-error-surfaces"])
    _, every = json_report(capsys, folder)
    _, cut = json_report(capsys, folder, "--limit-errors", "2")
    assert (cut["total"], cut["truncated"], len(cut["errors"])) == (len(every["errors"]), True, 2)
    _, whole = json_report(capsys, folder, "--limit-errors", "1000")
    assert (whole["total"], whole["truncated"]) == (len(every["errors"]), False)
    assert whole["errors"] == every["errors"]
    assert set(every) == {"valid", "errors"}  # without a limit, the report's shape is unchanged


def test_the_total_counts_the_findings_no_check_listed(tmp_path: Path, fixture_packages: FixturePackages) -> None:
    """Beyond the limit, each check only counts its findings: the total still holds every one of them."""
    root = tmp_path / "package"
    shutil.copytree(fixture_packages["valid"], root)
    areas = root / "data" / "areas.csv"
    rows = [f"syr-{n},Area {n},admin2,SYR,sy{n},syr" for n in range(50)]  # 50 lowercase pcodes
    areas.write_text(areas.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    report = idlibstats.validate(root, limit_errors=5)
    assert (report.total, report.truncated, len(report.errors)) == (50, True, 5)
    assert report.to_dict()["total"] == 50


# --- --against, and a path that is not a package -----------------------------------------------------

def test_an_unreadable_reference_is_said_to_be_the_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             fixture_packages: FixturePackages) -> None:
    empty = tmp_path / "not-a-package"
    empty.mkdir()
    code, report = json_report(capsys, str(fixture_packages["valid"]), "--against", str(empty))
    [finding] = report["errors"]
    assert code == 2 and finding["type"] == "reference-unusable" and finding["value"] == str(empty)
    assert finding["message"].startswith(f"the reference {empty} cannot be used")
    assert "the descriptor itself" not in finding["message"]
    _, text = text_report(capsys, str(fixture_packages["valid"]), "--against", str(empty))
    assert f"--against {empty}\n" in text
    assert "The descriptor cannot be used" not in text
    assert text.rstrip().endswith("the package itself is valid (3 tables, 9 rows checked).")


def test_a_reference_with_a_broken_descriptor_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       fixture_packages: FixturePackages) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(fixture_packages["json-error"], broken)
    _, report = json_report(capsys, str(fixture_packages["type-error"]), "--against", str(broken))
    messages = [e["message"] for e in report["errors"] if e["type"] == "reference-unusable"]
    assert len(messages) == 1 and messages[0].startswith(f"the reference {broken} cannot be used: its datapackage.json")
    assert any(e["type"] == "type-error" for e in report["errors"])  # the package itself was still checked
    _, text = text_report(capsys, str(fixture_packages["type-error"]), "--against", str(broken))
    assert "the package itself has 2 errors" in text.splitlines()[-1]


@pytest.mark.parametrize("kind", ["missing", "empty-folder", "a-csv-file"])
def test_a_path_that_is_not_a_package_is_named(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               fixture_packages: FixturePackages) -> None:
    target = tmp_path / "here"
    if kind == "empty-folder":
        target.mkdir()
    elif kind == "a-csv-file":
        target = tmp_path / "areas.csv"
        shutil.copy(fixture_packages["valid"] / "data" / "areas.csv", target)
    code, report = json_report(capsys, str(target))
    [finding] = report["errors"]
    assert code == 2 and finding["path"] == str(target) and str(target) in finding["message"]
    code, text = text_report(capsys, str(target))
    assert text.splitlines()[0] == str(target)
    assert text.splitlines()[-1] == f"{target} is not a data package, so nothing was checked."
    assert "datapackage.json (table" not in text


def test_a_usage_error_says_the_command_was_not_understood(capsys: pytest.CaptureFixture[str]) -> None:
    from idlibstats.validation.findings import usage_error
    from idlibstats.validation.report import Report, render

    text = render(Report(errors=[usage_error("bad")], total=1))
    assert text.splitlines()[0] == "the command" and text.splitlines()[-1].startswith("The command line could not")
