"""Release rules: the data version moves with the data, and CHANGELOG.md says what moved.

The version in ``datapackage.json`` (``MAJOR.MINOR.PATCH``) follows the Data Package versioning
recipe. Each difference between two versions (:mod:`idlibstats.history.revisions`) requires a level:

- **major**: the package's name changed; a table or field removed, renamed or added (a new field,
  even at the end, shifts what positional readers see); fields re-ordered; a field's type or
  format changed; a constraint made more restrictive (or changed so that it cannot be told);
  a primary key or a schema option changed; a published row deleted.
- **minor**: a table added; rows added (new claims, new sources, areas, events); a constraint made
  less restrictive; references between tables (foreign keys) changed.
- **patch**: corrections: a claim superseded by a correction row, withdrawn, or (wrongly) edited in
  place; a row of a reference table corrected; a description, title, HXL tag or other
  descriptive property changed.
- **none**: a table's file moved (the recipe's "relocate the data"), nothing else changed.

The new version must be the *next* version at that level or above (0.1.0 -> 0.1.1, 0.2.0 or
1.0.0; never a skipped or lower number), and ``CHANGELOG.md`` must have a dated entry for it,
``## [X.Y.Z] - YYYY-MM-DD``, with some text, as the newest release entry (Keep a Changelog).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from idlibstats.errors import InvalidArgument
from idlibstats.history.revisions import Diff, compare, empty_package, opened
from idlibstats.package import git
from idlibstats.package.folder import DataPackage

LEVELS = ("none", "patch", "minor", "major")
ASPECT_LEVELS = {
    "package-name": "major",
    "package-metadata": "patch",
    "resource-added": "minor",
    "resource-removed": "major",
    "resource-path": "none",
    "resource-metadata": "patch",
    "schema-options": "major",
    "primary-key": "major",
    "foreign-keys": "minor",
    "field-added": "major",
    "field-removed": "major",
    "field-order": "major",
    "field-type": "major",
    "constraints-tightened": "major",
    "constraints-relaxed": "minor",
    "field-metadata": "patch",
}
CHANGELOG = "CHANGELOG.md"
FIRST_RELEASE = "(nothing: first release)"
ENTRY = re.compile(r"^## \[(?P<version>[^\]]+)\](?P<rest>.*)$", re.MULTILINE)
DATED = re.compile(r"^\s+-\s+(?P<date>\d{4}-\d{2}-\d{2})\s*$")


class Version(NamedTuple):
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        """``"1.2.3"`` -> ``Version(1, 2, 3)``; anything else (pre-releases too) raises ``ValueError``.

        >>> Version.parse("0.10.2")
        Version(major=0, minor=10, patch=2)
        """
        match = re.fullmatch(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)", text)
        if not match:
            raise InvalidArgument(f"{text!r} is not a version MAJOR.MINOR.PATCH (e.g. 1.2.0)")
        return cls(*(int(part) for part in match.groups()))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def bump_level(old: str, new: str) -> str | None:
    """The level of the step from ``old`` to ``new``: ``none`` (equal), ``patch``, ``minor``, ``major``.

    ``None`` when ``new`` is not the next version at any level (skipped or lower).

    >>> bump_level("0.1.0", "0.2.0"), bump_level("0.1.3", "1.0.0"), bump_level("0.1.0", "0.3.0")
    ('minor', 'major', None)
    """
    before, after = Version.parse(old), Version.parse(new)
    steps = {
        before: "none",
        Version(before.major, before.minor, before.patch + 1): "patch",
        Version(before.major, before.minor + 1, 0): "minor",
        Version(before.major + 1, 0, 0): "major",
    }
    return steps.get(after)


def higher(a: str, b: str) -> str:
    return a if LEVELS.index(a) >= LEVELS.index(b) else b


@dataclass(frozen=True)
class Reason:
    """Why a level is required: the level, the table (``None``: the package), and what changed."""

    level: str
    resource: str | None
    what: str


def required_bump(result: Diff) -> tuple[str, list[Reason]]:
    """The level the differences require, and each difference with its level (highest first)."""
    reasons = [Reason(ASPECT_LEVELS[c.aspect], c.resource, c.detail) for c in result.package]
    for table in result.tables:
        name = table.name
        reasons += [Reason(ASPECT_LEVELS[c.aspect], name, c.detail) for c in table.schema]
        if any(c.aspect in ("resource-added", "resource-removed") for c in table.schema):
            continue
        new_rows = [a for a in table.added if not a.supersedes]
        corrections = [a for a in table.added if a.supersedes]
        if new_rows:
            reasons.append(Reason("minor", name, f"{rows(len(new_rows))} added"))
        if corrections:
            reasons.append(Reason("patch", name, f"{rows(len(corrections), 'correction row')} added"))
        if table.superseded or table.withdrawn:
            what = f"{rows(len(table.superseded), 'claim')} superseded, {len(table.withdrawn)} withdrawn"
            reasons.append(Reason("patch", name, what))
        if table.changed:
            reasons.append(Reason("patch", name, f"{rows(len(table.changed))} changed in place"))
        if table.removed:
            reasons.append(Reason("major", name, f"{rows(len(table.removed), 'published row')} deleted"))
    reasons = [r for r in reasons if r.level != "none"]
    reasons.sort(key=lambda r: -LEVELS.index(r.level))
    level = "none"
    for reason in reasons:
        level = higher(level, reason.level)
    return level, reasons


def rows(count: int, noun: str = "row") -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


@dataclass(frozen=True)
class ReleaseProblem:
    type: str
    message: str


@dataclass
class ReleaseCheck:
    """The verdict: what the differences require, what the version does, and what is wrong."""

    old_label: str
    new_label: str
    old_version: str
    new_version: str
    required: str
    bump: str | None
    reasons: list[Reason] = field(default_factory=list)
    problems: list[ReleaseProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}


def check_release(old: DataPackage, new: DataPackage, changelog: str | None,
                  old_label: str = "old", new_label: str = "new") -> ReleaseCheck:
    """The bump ``old`` -> ``new`` requires, and whether ``new``'s version and ``changelog`` (the text of
    CHANGELOG.md, ``None`` when there is none) satisfy the rules."""
    return check_diff(compare(old, new, old_label, new_label), changelog)


def check_diff(result: Diff, changelog: str | None) -> ReleaseCheck:
    """:func:`check_release` for differences already computed."""
    required, reasons = required_bump(result)
    check = ReleaseCheck(result.old_label, result.new_label, result.old_version, result.new_version,
                         required, None, reasons)
    check.problems += version_problems(check)
    check.problems += changelog_problems(changelog, result.new_version)
    return check


def check_against(reference: str | Path, new: str | Path = ".", root: str | Path | None = None) -> ReleaseCheck:
    """Check the release rules for ``new`` against ``reference`` (each a package folder or a git revision)."""
    with opened(reference, root) as before, opened(new, root) as after:
        return check_release(before, after, read_changelog(after), str(reference), str(new))


def check_since_previous_release(new: str | Path = ".", root: str | Path | None = None) -> ReleaseCheck:
    """Check ``new`` against the commit where the previous data version began (see :func:`git.previous_release`).

    The history walked is HEAD's when ``new`` is a folder (the working tree), else ``new``'s own.

    With no earlier version in the history (a first release) the reference is an empty package at
    0.0.0, so the first version must still be a next version (0.1.0 or 1.0.0) with its CHANGELOG.md
    entry: the check never passes for want of something to compare.
    """
    head = "HEAD" if Path(new).exists() else str(new)
    with opened(new, root) as after:
        commit = git.previous_release(after.version, Path(root) if root else None, head)
        if commit is None:
            return check_release(empty_package(after.name), after, read_changelog(after), FIRST_RELEASE, str(new))
        with opened(commit, root) as before:
            label = f"{commit[:12]} (where {before.version} began)"
            return check_release(before, after, read_changelog(after), label, str(new))


def read_changelog(package: DataPackage) -> str | None:
    """CHANGELOG.md beside the package's datapackage.json, or ``None``."""
    path = package.root / CHANGELOG
    return path.read_text(encoding="utf-8") if path.is_file() else None


def version_problems(check: ReleaseCheck) -> list[ReleaseProblem]:
    try:
        check.bump = bump_level(check.old_version, check.new_version)
    except ValueError as error:
        return [ReleaseProblem("version-invalid", f"datapackage.json version: {error}")]
    if check.bump is None:
        message = (f"version {check.new_version} does not follow {check.old_version}: the next version is "
                   f"{next_versions(check.old_version)}")
        return [ReleaseProblem("version-not-next", message)]
    if LEVELS.index(check.bump) < LEVELS.index(check.required):
        wanted = next_version(check.old_version, check.required)
        if check.bump == "none":
            message = (f"the data changed ({check.required} level) but the version is still {check.new_version}: "
                       f"set it to {wanted} in datapackage.json and add a CHANGELOG.md entry")
            return [ReleaseProblem("version-not-bumped", message)]
        message = (f"{check.old_version} -> {check.new_version} is a {check.bump} bump, but the changes need "
                   f"{check.required}: use {wanted}")
        return [ReleaseProblem("version-bump-too-small", message)]
    return []


def next_version(old: str, level: str) -> str:
    before = Version.parse(old)
    return str({"patch": Version(before.major, before.minor, before.patch + 1),
                "minor": Version(before.major, before.minor + 1, 0),
                "major": Version(before.major + 1, 0, 0)}.get(level, before))


def next_versions(old: str) -> str:
    return ", ".join(next_version(old, level) for level in ("patch", "minor", "major")) + f" (or {old} unchanged)"


@dataclass(frozen=True)
class Entry:
    version: str
    date: str
    body: str


def changelog_entries(text: str) -> list[Entry]:
    """The release entries of a Keep a Changelog file, newest first (``[Unreleased]`` left out)."""
    matches = list(ENTRY.finditer(text))
    entries = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end():end]
        if match["version"].lower() != "unreleased":
            date = DATED.match(match["rest"])
            entries.append(Entry(match["version"], date["date"] if date else match["rest"].strip(), body))
    return entries


def changelog_problems(text: str | None, version: str) -> list[ReleaseProblem]:
    """What keeps ``text`` from recording release ``version`` as its newest entry."""
    if text is None:
        return [ReleaseProblem("changelog-missing", "there is no CHANGELOG.md beside datapackage.json")]
    entries = changelog_entries(text)
    mine = [e for e in entries if e.version == version]
    heading = f"## [{version}] - YYYY-MM-DD"
    if not mine:
        return [ReleaseProblem("changelog-entry-missing", f"CHANGELOG.md has no entry for {version}: add '{heading}'")]
    problems = []
    entry = mine[0]
    if len(mine) > 1:
        problems.append(ReleaseProblem("changelog-entry-repeated", f"CHANGELOG.md has {len(mine)} entries for {version}"))
    try:
        datetime.date.fromisoformat(entry.date)
    except ValueError:
        message = f"CHANGELOG.md entry for {version} needs a date: '{heading}' (found {entry.date!r})"
        problems.append(ReleaseProblem("changelog-entry-date", message))
    said = [line for line in entry.body.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not said:
        problems.append(ReleaseProblem("changelog-entry-empty", f"CHANGELOG.md entry for {version} says nothing"))
    if entries[0] is not entry:
        message = f"CHANGELOG.md's newest entry is {entries[0].version}, not {version}: newest first"
        problems.append(ReleaseProblem("changelog-entry-not-latest", message))
    return problems


def render_text(check: ReleaseCheck) -> str:
    """The verdict as text for people."""
    lines = [f"{check.old_label} ({check.old_version}) -> {check.new_label} ({check.new_version})",
             f"required bump: {check.required}; version bump: {check.bump or 'not a next version'}"]
    lines += [f"  {r.level:<6} {r.resource + ': ' if r.resource else ''}{r.what}" for r in check.reasons]
    lines += [f"problem [{p.type}]: {p.message}" for p in check.problems]
    lines.append("the release rules are met" if check.ok else "the release rules are NOT met")
    return "\n".join(lines) + "\n"
