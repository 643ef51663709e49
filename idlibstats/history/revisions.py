"""Compare two versions of the data package: what was added, corrected, withdrawn, edited or lost.

A version is a package folder or a git revision of this repository (see :func:`opened`). Rows are
matched by their table's primary key and compared cell by cell as the CSV holds them, so any edit
shows, whatever its type. For claims tables the revision protocol decides what an in-place change
may be (see :mod:`idlibstats.rules.supersession`): a published claim may only go from ``active`` to
``superseded`` (a successor names it) or to ``withdrawn`` (its ``notes`` extended with the reason).
Everything else that changes or disappears is reported by :func:`published_changes` in the shape
of a validation finding, which is what ``idlibstats validate --against REF`` reports.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from idlibstats.claims.status import (
    ACTIVE,
    NOTES,
    STATUS,
    SUPERSEDED,
    SUPERSEDES,
    WITHDRAWN,
    WITHDRAWN_REASON,
)
from idlibstats.errors import DataError
from idlibstats.frames import reader
from idlibstats.package import git
from idlibstats.package.contract import Field, Table
from idlibstats.package.contract import tables as table_contracts
from idlibstats.package.folder import DataPackage

CONSTRAINT_ATTRIBUTES = ("required", "unique", "enum", "pattern", "minimum", "maximum")


# --- opening a version ------------------------------------------------------------------------------

@contextmanager
def opened(spec: str | Path, root: str | Path | None = None) -> Iterator[DataPackage]:
    """The package at ``spec``: a folder (or descriptor) if one exists there, else a git revision.

    A revision is read from the git checkout holding ``root`` (default: the working directory)
    and extracted into a temporary folder, removed on leaving the ``with`` block.
    """
    path = Path(spec)
    if path.exists():
        yield DataPackage.open(path)
        return
    try:
        checkout = git.toplevel(root or ".")
    except git.NotAGitCheckout:
        where = Path(root or ".").resolve()
        message = (f"{str(spec)!r} is not a package folder, and {where} is not inside a git checkout, "
                   "so it cannot be read as a git revision either")
        raise git.NotAGitCheckout(message, value=str(spec)) from None
    with tempfile.TemporaryDirectory(prefix="idlibstats-revision-") as folder:
        yield git.extract(str(spec), Path(folder), checkout)


def empty_package(name: str, version: str = "0.0.0") -> DataPackage:
    """A package with no tables: what a first release is compared with."""
    return DataPackage(Path(), {"name": name, "version": version, "resources": []})


# --- reading rows with their lines -----------------------------------------------------------------

UNREADABLE = ("missing-file", "binary-file", "encoding-error")  # findings of the reader that leave no rows to compare

@dataclass(frozen=True)
class Row:
    """One data row: the physical line where it begins (the header is line 1) and its cells by field."""

    line: int
    cells: dict[str, str]


def read_rows(package: DataPackage, table: Table) -> tuple[list[str], dict[str, Row]]:
    """The table's header and its rows keyed by primary key (the first row of a repeated key wins).

    Read by the one reader of table files (:mod:`idlibstats.frames.reader`), which keeps the line
    where each row starts; empty rows are skipped and missing cells read as empty.
    """
    records = reader.read(package.path_of(table.path), table.name, table.path, table.field_names, fast=False,
                          dialect=table.dialect)
    kinds = {f.type for f in records.findings}
    if "empty-file" in kinds and records.header is None:
        return [], {}
    unreadable = [f for f in records.findings if f.type in UNREADABLE]
    if unreadable or records.header is None:
        message = unreadable[0].message if unreadable else "no header row"
        raise DataError(f"cannot read the table to compare it: {message}", path=table.path)
    header = list(records.header)
    blank = records.blank()
    rows: dict[str, Row] = {}
    for number in range(records.rows):
        if blank[number]:
            continue
        cells = {name: column.value(number) or "" for name, column in zip(header, records.columns)}
        row = Row(records.line(number), cells)
        rows.setdefault(row_key(row, table, header), row)
    return header, rows


def row_key(row: Row, table: Table, header: list[str]) -> str:
    names = table.primary_key or tuple(header)
    return ", ".join(row.cells.get(name, "") for name in names)


# --- what a diff holds ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One cell: its field, the published text and the new text."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Added:
    key: str
    line: int
    supersedes: str | None = None


@dataclass(frozen=True)
class Superseded:
    """A published claim now superseded: by which rows, what they changed, and why."""

    key: str
    line: int
    by: tuple[str, ...]
    changes: tuple[Change, ...]
    reason: str


@dataclass(frozen=True)
class Withdrawn:
    key: str
    line: int
    reason: str


@dataclass(frozen=True)
class Edited:
    """A row changed in place (for claims: beyond what the revision protocol permits)."""

    key: str
    line: int
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Removed:
    key: str
    line: int  # its line in the old file


@dataclass(frozen=True)
class SchemaChange:
    """A change to the descriptor. ``aspect`` is one of :data:`ASPECTS`; ``resource`` None: the package."""

    aspect: str
    resource: str | None
    field: str | None
    detail: str


ASPECTS = {
    "package-name": "the package's name changed",
    "package-metadata": "a descriptive property of the package changed",
    "resource-added": "a table was added",
    "resource-removed": "a table was removed (or renamed)",
    "resource-path": "a table's file moved",
    "resource-metadata": "a descriptive property of a table changed",
    "schema-options": "a schema option that changes how cells are read (e.g. missingValues) changed",
    "primary-key": "a table's primary key changed",
    "foreign-keys": "a table's references to other tables changed",
    "field-added": "a field was added (or renamed)",
    "field-removed": "a field was removed (or renamed)",
    "field-order": "fields were re-ordered",
    "field-type": "a field's type or format changed",
    "constraints-tightened": "a field's constraints became more restrictive",
    "constraints-relaxed": "a field's constraints became less restrictive",
    "field-metadata": "a field's description, title or HXL tag changed",
}


@dataclass
class TableDiff:
    """What changed in one table between two versions."""

    name: str
    path: str
    claims: bool
    key: str
    schema: list[SchemaChange] = field(default_factory=list)
    added: list[Added] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)
    withdrawn: list[Withdrawn] = field(default_factory=list)
    changed: list[Edited] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return any((self.schema, self.added, self.superseded, self.withdrawn, self.changed, self.removed))

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "superseded": len(self.superseded), "withdrawn": len(self.withdrawn),
                "changed": len(self.changed), "removed": len(self.removed)}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"differs": self.differs, "counts": self.counts()}


@dataclass
class Diff:
    """Every difference between an old and a new version of the package."""

    old_label: str
    new_label: str
    old_version: str
    new_version: str
    package: list[SchemaChange]
    tables: list[TableDiff]

    @property
    def differs(self) -> bool:
        return bool(self.package) or any(t.differs for t in self.tables)

    def table(self, name: str) -> TableDiff:
        return next(t for t in self.tables if t.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": {"ref": self.old_label, "version": self.old_version},
            "new": {"ref": self.new_label, "version": self.new_version},
            "differs": self.differs,
            "package": [asdict(c) for c in self.package],
            "tables": [t.to_dict() for t in self.tables],
        }


# --- comparing --------------------------------------------------------------------------------------

def compare(old: DataPackage, new: DataPackage, old_label: str = "old", new_label: str = "new") -> Diff:
    """Compare every table of ``old`` and ``new``: schema, and rows matched by primary key."""
    before = {t.name: t for t in table_contracts(old)}
    after = {t.name: t for t in table_contracts(new)}
    names = list(after) + [name for name in before if name not in after]
    tables = [compare_table(name, old, new, before.get(name), after.get(name)) for name in names]
    return Diff(old_label, new_label, old.version, new.version, compare_package(old, new), tables)


def diff(old: str | Path, new: str | Path, root: str | Path | None = None) -> Diff:
    """Compare two versions, each a package folder or a git revision (read from the checkout at ``root``)."""
    with opened(old, root) as before, opened(new, root) as after:
        return compare(before, after, str(old), str(new))


def compare_package(old: DataPackage, new: DataPackage) -> list[SchemaChange]:
    changes = []
    if old.name != new.name:
        changes.append(SchemaChange("package-name", None, None, f"name {old.name!r} -> {new.name!r}"))
    ignored = {"name", "version", "resources"}
    keys = sorted((set(old.descriptor) | set(new.descriptor)) - ignored)
    changed = [key for key in keys if old.descriptor.get(key) != new.descriptor.get(key)]
    if changed:
        changes.append(SchemaChange("package-metadata", None, None, f"package properties changed: {', '.join(changed)}"))
    return changes


def compare_table(name: str, old: DataPackage, new: DataPackage, before: Table | None, after: Table | None) -> TableDiff:
    current = after or before
    assert current is not None
    result = TableDiff(name, current.path, current.is_claims, ", ".join(current.primary_key) or "row")
    result.schema = compare_schema(name, old, new, before, after)
    old_header, old_rows = read_rows(old, before) if before else ([], {})
    new_header, new_rows = read_rows(new, after) if after else ([], {})
    common = [f for f in new_header if f in old_header]
    successors = successors_of(new_rows) if result.claims else {}
    for key, row in new_rows.items():
        if key not in old_rows:
            target = (row.cells.get(SUPERSEDES) or None) if result.claims else None
            result.added.append(Added(key, row.line, target))
    for key, row in old_rows.items():
        if key not in new_rows:
            result.removed.append(Removed(key, row.line))
            continue
        now = new_rows[key]
        changes = tuple(Change(f, row.cells[f], now.cells[f]) for f in common if row.cells[f] != now.cells[f])
        if not changes:
            continue
        if result.claims:
            changes = classify_claim(result, key, row, now, changes, successors, new_rows, common, current.primary_key)
        if changes:
            result.changed.append(Edited(key, now.line, changes))
    result.changed.sort(key=lambda e: e.line)
    return result


def successors_of(rows: dict[str, Row]) -> dict[str, list[str]]:
    successors: dict[str, list[str]] = {}
    for key, row in rows.items():
        target = row.cells.get(SUPERSEDES, "")
        if target:
            successors.setdefault(target, []).append(key)
    return successors


def classify_claim(result: TableDiff, key: str, old: Row, new: Row, changes: tuple[Change, ...],
                   successors: dict[str, list[str]], rows: dict[str, Row], common: list[str],
                   key_fields: tuple[str, ...]) -> tuple[Change, ...]:
    """Record a permitted revision of a published claim; return the changes it does not permit."""
    was, now = old.cells.get(STATUS) or ACTIVE, new.cells.get(STATUS) or ACTIVE
    permitted: set[str] = set()
    if was == ACTIVE and now == SUPERSEDED:
        permitted.add(STATUS)
        by = tuple(successors.get(key, []))
        correction = rows[by[0]].cells if by else {}
        skip = {STATUS, SUPERSEDES, NOTES, *key_fields}
        what = tuple(Change(f, old.cells[f], correction[f]) for f in common
                     if by and f not in skip and old.cells[f] != correction.get(f, old.cells[f]))
        result.superseded.append(Superseded(key, new.line, by, what, correction.get(NOTES, "")))
    elif was == ACTIVE and now == WITHDRAWN:
        permitted.add(STATUS)
        before, after = old.cells.get(NOTES, ""), new.cells.get(NOTES, "")
        if after.startswith(before):
            permitted.add(NOTES)
        match = WITHDRAWN_REASON.search(after)
        result.withdrawn.append(Withdrawn(key, new.line, after[match.start():] if match else after))
    return tuple(c for c in changes if c.field not in permitted)


def compare_schema(name: str, old: DataPackage, new: DataPackage,
                   before: Table | None, after: Table | None) -> list[SchemaChange]:
    if before is None:
        return [SchemaChange("resource-added", name, None, f"table {name} added ({after.path})")]  # type: ignore[union-attr]
    if after is None:
        return [SchemaChange("resource-removed", name, None, f"table {name} removed ({before.path})")]
    changes = []
    if before.path != after.path:
        changes.append(SchemaChange("resource-path", name, None, f"path {before.path} -> {after.path}"))
    old_resource, new_resource = old.resource(name), new.resource(name)
    for key in sorted((set(old_resource) | set(new_resource)) - {"name", "path", "schema"}):
        if old_resource.get(key) != new_resource.get(key):
            changes.append(SchemaChange("resource-metadata", name, None, f"{key} changed"))
    old_schema, new_schema = old_resource["schema"], new_resource["schema"]
    for key in sorted((set(old_schema) | set(new_schema)) - {"fields", "primaryKey", "foreignKeys"}):
        if old_schema.get(key) != new_schema.get(key):
            changes.append(SchemaChange("schema-options", name, None, f"schema {key} changed"))
    if before.primary_key != after.primary_key:
        detail = f"primary key {list(before.primary_key)} -> {list(after.primary_key)}"
        changes.append(SchemaChange("primary-key", name, None, detail))
    if set(before.foreign_keys) != set(after.foreign_keys):
        changes.append(SchemaChange("foreign-keys", name, None, "foreign keys changed"))
    changes += compare_fields(name, before, after, old_schema["fields"], new_schema["fields"])
    return changes


def compare_fields(name: str, before: Table, after: Table, old_raw: list[dict[str, Any]],
                   new_raw: list[dict[str, Any]]) -> list[SchemaChange]:
    old_names, new_names = before.field_names, after.field_names
    changes = [SchemaChange("field-removed", name, f, f"field {f} removed") for f in old_names if f not in new_names]
    changes += [SchemaChange("field-added", name, f, f"field {f} added") for f in new_names if f not in old_names]
    kept_old = [f for f in old_names if f in new_names]
    kept_new = [f for f in new_names if f in old_names]
    if kept_old != kept_new:
        changes.append(SchemaChange("field-order", name, None, f"fields re-ordered: {', '.join(kept_new)}"))
    raw_old = {d["name"]: d for d in old_raw}
    raw_new = {d["name"]: d for d in new_raw}
    for f in kept_new:
        changes += compare_field(name, before.field(f), after.field(f), raw_old[f], raw_new[f])
    return changes


def compare_field(name: str, old: Field, new: Field, old_raw: dict[str, Any], new_raw: dict[str, Any]) -> list[SchemaChange]:
    changes = []
    for key in ("type", "format"):
        if old_raw.get(key) != new_raw.get(key):
            detail = f"field {new.name} {key} {old_raw.get(key)!r} -> {new_raw.get(key)!r}"
            changes.append(SchemaChange("field-type", name, new.name, detail))
    if old_raw.get("constraints", {}) != new_raw.get("constraints", {}):
        tighter, looser = constraint_directions(old, new, old_raw.get("constraints", {}), new_raw.get("constraints", {}))
        aspect = "constraints-tightened" if tighter or not looser else "constraints-relaxed"
        detail = f"field {new.name} constraints: " + ", ".join(sorted(tighter | looser) or ["changed"])
        changes.append(SchemaChange(aspect, name, new.name, detail))
    other = (set(old_raw) | set(new_raw)) - {"name", "type", "format", "constraints"}
    for key in sorted(other):
        if old_raw.get(key) != new_raw.get(key):
            changes.append(SchemaChange("field-metadata", name, new.name, f"field {new.name} {key} changed"))
    return changes


def constraint_directions(old: Field, new: Field, old_raw: dict[str, Any],
                          new_raw: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Which constraints became more restrictive, and which less (an undecidable change counts as more)."""
    tighter: set[str] = set()
    looser: set[str] = set()
    for name in ("required", "unique"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            (tighter if after else looser).add(name)
    if old.enum != new.enum:
        if new.enum is None or (old.enum is not None and set(new.enum) > set(old.enum)):
            looser.add("enum")
        else:
            tighter.add("enum")
    if old.pattern != new.pattern:
        (looser if new.pattern is None else tighter).add("pattern")
    for name, stricter in (("minimum", lambda a, b: b > a), ("maximum", lambda a, b: b < a)):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            if after is None:
                looser.add(name)
            elif before is None or stricter(before, after):
                tighter.add(name)
            else:
                looser.add(name)
    for key in (set(old_raw) | set(new_raw)) - set(CONSTRAINT_ATTRIBUTES):
        if old_raw.get(key) != new_raw.get(key):
            tighter.add(key)
    return tighter, looser


# --- published claims that changed without a revision row ------------------------------------------

@dataclass(frozen=True)
class Problem:
    """A published claim changed or removed in place, shaped like a validation finding."""

    type: str
    resource: str
    path: str
    line: int | None
    field: str | None
    value: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def published_changes(result: Diff) -> list[Problem]:
    """Each published claim edited in place (one problem per field) or removed, in table order.

    ``line`` is the row's line in the new CSV (``None`` for a removed claim).
    """
    problems: list[Problem] = []
    for table in result.tables:
        if not table.claims:
            continue
        for edited in table.changed:
            for change in edited.changes:
                message = (f"published claim {edited.key} had {change.field} {change.old!r}, now {change.new!r}: "
                           "a published claim is never edited in place; add a correction row whose supersedes is "
                           f"{edited.key} and set {edited.key}'s status to superseded, or withdraw it "
                           "(status withdrawn, 'Withdrawn: reason' appended to notes)")
                problems.append(Problem("claim-changed-in-place", table.name, table.path, edited.line,
                                        change.field, change.new, message))
        for removed in table.removed:
            message = (f"published claim {removed.key} (line {removed.line} of the earlier version) is gone: "
                       "a published claim is never deleted; restore the row and set its status to withdrawn "
                       "with 'Withdrawn: reason' in notes, or supersede it with a correction")
            problems.append(Problem("claim-removed", table.name, table.path, None, table.key, removed.key, message))
    return problems


def check_against(reference: str | Path, package: DataPackage, root: str | Path | None = None) -> list[Problem]:
    """Published claims of ``reference`` (a folder or a git revision) changed or removed in ``package``."""
    with opened(reference, root) as before:
        return published_changes(compare(before, package, str(reference), str(package.root)))


# --- text for people --------------------------------------------------------------------------------

def render_text(result: Diff) -> str:
    """The diff as text: a heading, then for each table its counts and one line per difference."""
    lines = [f"{result.old_label} ({result.old_version or 'no version'}) -> "
             f"{result.new_label} ({result.new_version or 'no version'})"]
    lines += [f"  package: {c.detail}" for c in result.package]
    for table in result.tables:
        if not table.differs:
            lines.append(f"{table.name}: no change")
            continue
        labels = {"changed": "changed in place" if table.claims else "changed"}
        counts = ", ".join(f"{n} {labels.get(label, label)}" for label, n in table.counts().items() if n)
        lines.append(f"{table.name} ({table.path}): {counts or 'schema only'}")
        lines += [f"  schema      {c.detail}" for c in table.schema]
        for added in table.added:
            corrects = f"  corrects {added.supersedes}" if added.supersedes else ""
            lines.append(f"  added       {added.key}  line {added.line}{corrects}")
        for item in table.superseded:
            by = ", ".join(item.by) or "(no row names it)"
            what = "; ".join(f"{c.field} {c.old!r} -> {c.new!r}" for c in item.changes) or "same cells"
            lines.append(f"  superseded  {item.key}  line {item.line}  by {by}: {what}")
            if item.reason:
                lines.append(f"              why: {item.reason}")
        for gone in table.withdrawn:
            lines.append(f"  withdrawn   {gone.key}  line {gone.line}  {gone.reason}")
        for edited in table.changed:
            what = "; ".join(f"{c.field} {c.old!r} -> {c.new!r}" for c in edited.changes)
            label = "EDITED     " if table.claims else "changed    "
            lines.append(f"  {label} {edited.key}  line {edited.line}  {what}")
        for removed in table.removed:
            label = "REMOVED    " if table.claims else "removed    "
            lines.append(f"  {label} {removed.key}  (was line {removed.line})")
    lines.append("differences found" if result.differs else "no differences")
    return "\n".join(lines) + "\n"
