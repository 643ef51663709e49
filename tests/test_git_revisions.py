"""Versions read from git revisions: a temporary repository with a few commits (no network)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from csvrows import Table

from idlibstats.history import releases, revisions
from idlibstats.package import git
from idlibstats.package.folder import DataPackage

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")
ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def sh(cwd: Path, *args: str) -> str:
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, check=True).stdout.strip()


def commit(repo: Path, message: str) -> str:
    sh(repo, "git", "add", "-A")
    sh(repo, "git", "-c", "commit.gpgsign=false", "commit", "-q", "-m", message)
    return sh(repo, "git", "rev-parse", "HEAD")


def set_version(repo: Path, version: str, changelog: bool = True) -> None:
    path = repo / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = version
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    if changelog:
        old = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
        entry = f"## [{version}] - 2026-12-01\n\n- Release {version}.\n\n"
        (repo / "CHANGELOG.md").write_text(old.replace("## [0", entry + "## [0", 1), encoding="utf-8")


def add_claim(repo: Path, key: str = "cas-9010") -> None:
    table = Table(DataPackage.open(repo), "casualties")
    table.copy("cas-0001", key)
    table.save()


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["idlibstats", *args], cwd=cwd, env=ENV, capture_output=True, text=True, check=False)


@pytest.fixture
def repo(tmp_path: Path, shipped: DataPackage) -> Path:
    """A repository whose single commit is a first release 0.1.0 with its CHANGELOG.md entry."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("datapackage.json", "data", "seeds"):
        source = shipped.root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    set_version(root, "0.1.0", changelog=False)  # whatever the shipped version, this repository's first is 0.1.0
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## [0.1.0] - 2026-11-26\n\n- First release.\n", encoding="utf-8")
    (root / "README.md").write_text("not part of the package\n", encoding="utf-8")
    sh(root, "git", "init", "-q")
    commit(root, "first release")
    return root


def test_a_revision_is_extracted_without_touching_the_working_tree(repo: Path, tmp_path: Path) -> None:
    first = sh(repo, "git", "rev-parse", "HEAD")
    add_claim(repo)
    commit(repo, "add a claim")
    package = git.extract(first, tmp_path / "extracted", repo)
    assert sorted(p.name for p in package.root.iterdir()) == ["CHANGELOG.md", "data", "datapackage.json", "seeds"]
    assert "cas-9010" not in package.path_of("data/casualties.csv").read_text(encoding="utf-8")
    assert sh(repo, "git", "status", "--porcelain") == ""


def test_diff_between_two_commits(repo: Path) -> None:
    table = Table(DataPackage.open(repo), "casualties")
    table.correct("cas-0003", "cas-9010", value_low="13")
    table.save()
    commit(repo, "correct cas-0003")
    result = revisions.diff("HEAD~1", "HEAD", root=repo)
    casualties = result.table("casualties")
    assert [(s.key, s.by) for s in casualties.superseded] == [("cas-0003", ("cas-9010",))]
    assert [a.key for a in casualties.added] == ["cas-9010"]
    assert revisions.published_changes(result) == []


def test_diff_command_on_revisions_and_folders(repo: Path) -> None:
    add_claim(repo)
    commit(repo, "add a claim")
    result = run_cli(repo, "diff", "HEAD~1", "HEAD", "--exit-code")
    assert result.returncode == 1, result.stderr
    assert "added       cas-9010" in result.stdout
    result = run_cli(repo, "diff", "HEAD", ".", "--exit-code")
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "no differences")


def test_check_against_a_revision_finds_a_claim_edited_in_place(repo: Path) -> None:
    table = Table(DataPackage.open(repo), "casualties")
    table.row("cas-0005")["value_low"] = "6"
    table.save()
    problems = revisions.check_against("HEAD", DataPackage.open(repo), root=repo)
    assert [(p.type, p.field, p.line) for p in problems] == [("claim-changed-in-place", "value_low", 6)]


def test_an_unknown_revision_is_a_clear_error(repo: Path) -> None:
    with pytest.raises(git.UnknownRevision, match="neither a package folder nor a revision"):
        revisions.diff("no-such-branch", "HEAD", root=repo)
    result = run_cli(repo, "diff", "no-such-branch", "HEAD")
    assert result.returncode == 2
    assert "unknown-revision" in result.stderr and "Traceback" not in result.stderr


def test_a_revision_outside_a_git_checkout_is_a_clear_error(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(git.NotAGitCheckout, match="not inside a git checkout"):
        revisions.diff("HEAD~1", "HEAD", root=outside)
    result = run_cli(outside, "diff", "HEAD~1", "HEAD")
    assert result.returncode == 2 and "not-a-git-checkout" in result.stderr


def test_a_revision_without_a_package_is_a_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "early"
    root.mkdir()
    (root / "README.md").write_text("before the data\n", encoding="utf-8")
    sh(root, "git", "init", "-q")
    commit(root, "readme")
    with pytest.raises(git.UnknownRevision, match="has no datapackage.json"):
        revisions.diff("HEAD", "HEAD", root=root)


def test_previous_release_is_where_the_version_before_began(repo: Path) -> None:
    first = sh(repo, "git", "rev-parse", "HEAD")
    assert git.previous_release("0.1.0", repo) is None
    add_claim(repo)
    commit(repo, "a claim, committed before the bump")
    set_version(repo, "0.2.0")
    bump = commit(repo, "release 0.2.0")
    assert git.previous_release("0.2.0", repo) == first  # not the claim's commit: it belongs to 0.2.0
    assert git.previous_release("0.3.0", repo) == bump  # an uncommitted bump in the working tree


def test_release_check_passes_a_single_first_release_commit(repo: Path) -> None:
    result = run_cli(repo, "release-check", "--previous-release")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(nothing: first release) (0.0.0) -> . (0.1.0)" in result.stdout


def test_a_first_release_still_needs_its_changelog_entry(repo: Path) -> None:
    (repo / "CHANGELOG.md").write_text("# Changelog\n", encoding="utf-8")
    commit(repo, "lose the entry")
    check = releases.check_since_previous_release(repo, repo)
    assert [p.type for p in check.problems] == ["changelog-entry-missing"]


@pytest.mark.parametrize(("version", "ok"), [("0.2.0", True), ("0.1.1", False)], ids=["minor", "patch"])
def test_release_check_counts_data_committed_before_the_bump(repo: Path, version: str, ok: bool) -> None:
    add_claim(repo)
    commit(repo, "a claim")
    set_version(repo, version)
    commit(repo, f"release {version}")
    check = releases.check_since_previous_release(repo, repo)
    assert check.ok is ok, check.problems
    assert check.required == "minor"
    result = run_cli(repo, "release-check", "--previous-release")
    assert result.returncode == (0 if ok else 1)


def test_release_check_against_a_base_branch(repo: Path) -> None:
    sh(repo, "git", "branch", "base")
    add_claim(repo)
    commit(repo, "a claim without a bump")
    result = run_cli(repo, "release-check", "--against", "base")
    assert result.returncode == 1 and "version-not-bumped" in result.stdout
    set_version(repo, "0.2.0")
    commit(repo, "release 0.2.0")
    assert run_cli(repo, "release-check", "--against", "base").returncode == 0


def test_a_shallow_clone_cannot_find_the_previous_release(repo: Path, tmp_path: Path) -> None:
    set_version(repo, "0.1.1")
    commit(repo, "release 0.1.1")
    clone = tmp_path / "shallow"
    sh(tmp_path, "git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    with pytest.raises(git.ShallowHistory, match="fetch-depth: 0"):
        git.previous_release("0.1.1", clone)
    assert run_cli(clone, "release-check", "--previous-release").returncode == 2
