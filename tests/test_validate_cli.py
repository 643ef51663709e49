"""`idlibstats validate` on the command line: exit codes, the JSON report's shape, text and GitHub output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, FixturePackages

import idlibstats
from idlibstats.cli.main import main
from idlibstats.findings import KEYS
from idlibstats.validation.findings import render_markdown

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
START, END = "<!-- finding-types:start", "<!-- finding-types:end -->"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idlibstats", "validate", *args], capture_output=True, text=True,
                          cwd=cwd)


def json_report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["validate", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("fixture", "code"), [("valid", 0), ("valid-bom-crlf", 0), ("type-error", 1),
                                               ("missing-file", 1), ("quote-error", 1), ("json-error", 2),
                                               ("package-error", 2), ("unsafe-path", 2)])
def test_exit_code_says_valid_invalid_or_unusable(fixture: str, code: int, capsys: pytest.CaptureFixture[str],
                                                  fixture_packages: FixturePackages) -> None:
    assert main(["validate", str(fixture_packages[fixture])]) == code


def test_the_shipped_package_validates_from_any_folder(tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Valid:")


@pytest.mark.parametrize("args", [["--format", "yaml"], ["--limit-errors", "0"], ["--limit-errors", "x"],
                                  ["a", "b"]], ids=["unknown-format", "zero-limit", "word-limit", "two-paths"])
def test_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()


@pytest.mark.parametrize("fixture", ["valid", "type-error", "every-error-surfaces", "missing-file"])
def test_json_report_shape(fixture: str, capsys: pytest.CaptureFixture[str], fixture_packages: FixturePackages) -> None:
    code, report = json_report(capsys, str(fixture_packages[fixture]))
    assert set(report) == {"valid", "errors"}
    assert report["valid"] is (code == 0)
    assert report["valid"] is (report["errors"] == [])
    for error in report["errors"]:
        assert tuple(error) == KEYS == ("type", "resource", "path", "line", "field", "value", "message")
        assert error["line"] is None or (isinstance(error["line"], int) and error["line"] >= 1)
        assert isinstance(error["type"], str) and isinstance(error["message"], str) and error["message"]


def test_json_report_is_exactly_report_to_dict(capsys: pytest.CaptureFixture[str], fixture_packages: FixturePackages) -> None:
    folder = fixture_packages["every-error-surfaces"]
    _, report = json_report(capsys, str(folder))
    assert report == idlibstats.validate(folder).to_dict()


@pytest.mark.parametrize("args", [["--format", "json", "--limit-errors", "0"], ["--format=json", "--no-such-option"]],
                         ids=["zero-limit", "unknown-option"])
def test_json_is_printed_even_for_a_usage_error(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2 and "usage:" in result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is False and [e["type"] for e in report["errors"]] == ["usage-error"]


def test_a_failure_of_idlibstats_itself_is_still_a_json_report(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str],
                                                               fixture_packages: FixturePackages) -> None:
    from idlibstats.validation import checks

    def broken(*args: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.delenv("IDLIBSTATS_DEBUG", raising=False)
    monkeypatch.setattr(checks, "check_table", broken)
    code, report = json_report(capsys, str(fixture_packages["valid"]))
    assert code == 3  # an internal error alone exits 3
    assert [(e["type"], e["line"]) for e in report["errors"]] == [("internal-error", None)]
    assert "simulated bug" in report["errors"][0]["message"]


@pytest.mark.parametrize("target", ["json-error", "package-error", "unsafe-path", "no-such-folder"])
def test_json_is_printed_even_when_the_descriptor_is_unusable(target: str, fixture_packages: FixturePackages) -> None:
    result = run(str(fixture_packages.folder / target), "--format", "json")  # no-such-folder is not built
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert [e["line"] for e in report["errors"]] == [None] * len(report["errors"]) and report["errors"]


def test_an_unsafe_path_is_refused_before_any_file_is_read(tmp_path: Path, fixture_packages: FixturePackages) -> None:
    """The safe resources of a package with one unsafe path are not read either: their breakage goes unreported."""
    package = tmp_path / "package"
    shutil.copytree(fixture_packages["unsafe-path"], package)
    (package / "data" / "casualties.csv").write_bytes(b"\x00\x01 not even CSV")
    report = idlibstats.validate(package)
    assert [(f.type, f.resource) for f in report.errors] == [("unsafe-path", "areas")]


def test_limit_errors_keeps_the_first_findings(capsys: pytest.CaptureFixture[str], fixture_packages: FixturePackages) -> None:
    folder = fixture_packages["every-error-surfaces"]
    _, every = json_report(capsys, str(folder))
    code, limited = json_report(capsys, str(folder), "--limit-errors", "3")
    assert code == 1
    assert limited["errors"] == every["errors"][:3]
    assert main(["validate", str(folder), "--limit-errors", "3"]) == 1
    assert f"Invalid: {len(every['errors'])} errors (showing the first 3)" in capsys.readouterr().out


@pytest.mark.parametrize("fixture", ["every-error-surfaces", "archive-missing", "line-drift", "quote-error"])
def test_a_limit_still_counts_every_finding(fixture: str, fixture_packages: FixturePackages) -> None:
    every = idlibstats.validate(fixture_packages[fixture])
    limited = idlibstats.validate(fixture_packages[fixture], limit_errors=1)
    assert limited.total == every.total == len(every.errors)
    assert limited.errors == every.errors[:1]


def test_text_groups_by_file_sorted_by_line_with_value_and_expectation(capsys: pytest.CaptureFixture[str],
                                                                       fixture_packages: FixturePackages) -> None:
    folder = fixture_packages["every-error-surfaces"]
    main(["validate", str(folder)])
    out = capsys.readouterr().out
    assert out.startswith("data/casualties.csv (table casualties)\n")
    lines = [int(line.split()[1]) for line in out.splitlines() if line.startswith("  line ")]
    assert lines == sorted(lines) and len(lines) == len(idlibstats.validate(folder).errors)
    assert "value_high: 'twelve' is not an integer" in out
    assert "outcome: 'wounded' is not one of the allowed values: killed, injured" in out


def test_github_format_prints_one_annotation_per_finding_and_a_summary(capsys: pytest.CaptureFixture[str],
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       fixture_packages: FixturePackages) -> None:
    folder = fixture_packages["every-error-surfaces"]
    monkeypatch.chdir(fixture_packages.workdir)  # the fixtures lie in its tests/fixtures/, as in a checkout
    main(["validate", str(folder), "--format", "github"])
    out = capsys.readouterr().out.splitlines()
    annotations = [line for line in out if line.startswith("::error ")]
    count = len(idlibstats.validate(folder).errors)
    assert count > 5 and len(annotations) == count and out[-1].startswith(f"Invalid: {count} errors")
    assert annotations[0].startswith(
        "::error file=tests/fixtures/every-error-surfaces/data/casualties.csv,line=2,title=")


def test_github_annotations_escape_newlines_and_percent_signs(capsys: pytest.CaptureFixture[str],
                                                              fixture_packages: FixturePackages) -> None:
    main(["validate", str(fixture_packages["line-drift"]), "--format", "github"])
    for line in capsys.readouterr().out.splitlines():
        assert "\r" not in line
    from idlibstats.validation.report import escape_data, escape_property

    assert escape_data("100%\nnext") == "100%25%0Anext"
    assert escape_property("a,b:c") == "a%2Cb%3Ac"


def test_list_types_prints_the_table_of_contributing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--list-types"]) == 0
    assert capsys.readouterr().out == render_markdown()


def test_contributing_documents_every_finding_type() -> None:
    section = CONTRIBUTING.split(START, 1)[1].split("\n", 1)[1].split(END, 1)[0].strip("\n") + "\n"
    assert section == render_markdown(), \
        "regenerate: paste the output of `idlibstats validate --list-types` between the markers in CONTRIBUTING.md"


def test_readme_documents_the_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for text in ("idlibstats validate", "--format github", "--limit-errors", "## Validation speed"):
        assert text in readme


def published_copy(tmp_path: Path) -> tuple[Path, Path]:
    """The shipped package as published (``before``) and a copy to change (``after``)."""
    from idlibstats.package.folder import DataPackage

    shipped = DataPackage.shipped().root
    folders = []
    for name in ("before", "after"):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(shipped / "datapackage.json", folder / "datapackage.json")
        for part in ("data", "seeds"):
            shutil.copytree(shipped / part, folder / part)
        folders.append(folder)
    return folders[0], folders[1]


def test_against_reports_a_published_claim_edited_in_place_on_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, after = published_copy(tmp_path)
    path = after / "data" / "casualties.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(n for n, line in enumerate(lines) if line.startswith("cas-0005,"))
    lines[row] = lines[row].replace("five Turkish soldiers,exact,5,5,5", "five Turkish soldiers,exact,6,6,6")
    path.write_text("".join(lines), encoding="utf-8")
    code, report = json_report(capsys, str(after), "--against", str(before))
    assert code == 1
    edits = [(e["type"], e["line"], e["field"]) for e in report["errors"] if e["type"] == "claim-changed-in-place"]
    assert {(t, line) for t, line, _ in edits} == {("claim-changed-in-place", row + 1)}
    assert {field for _, _, field in edits} == {"value_low", "value_best", "value_high"}


def test_against_reports_a_published_claim_removed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, after = published_copy(tmp_path)
    path = after / "data" / "refugees.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("ref-0001,")), encoding="utf-8")
    code, report = json_report(capsys, str(after), "--against", str(before))
    assert code == 1
    assert [(e["type"], e["value"], e["line"]) for e in report["errors"]] == [("claim-removed", "ref-0001", None)]


def test_against_an_unchanged_package_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, after = published_copy(tmp_path)
    assert json_report(capsys, str(after), "--against", str(before)) == (0, {"valid": True, "errors": []})


def test_against_an_unusable_reference_exits_2_with_a_finding(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    _, after = published_copy(tmp_path)
    code, report = json_report(capsys, str(after), "--against", str(tmp_path / "no-such-folder-or-revision"))
    assert code == 2
    assert [e["type"] for e in report["errors"]] == ["reference-unusable"]
