"""The finding types ``idlibstats validate`` can report, each documented once: what it means and how to fix it.

The types of the command, the descriptor, the files, headers, rows and cells, and revisions are
listed here; the cross-field rules document their own types in :mod:`idlibstats.rules.registry`,
and :data:`REGISTRY` joins both. CONTRIBUTING.md's table is generated from it (``idlibstats
validate --list-types``) and a test keeps the two equal. Types that mean what they mean in
frictionless keep frictionless's name; the project's own are marked.
"""

from __future__ import annotations

from idlibstats.findings import Finding, FindingType
from idlibstats.rules.registry import RULES

CHECKS: tuple[FindingType, ...] = (
    FindingType(
        "usage-error", "command",
        "The command line could not be understood (an unknown option or format, a limit below 1); "
        "nothing was checked. Reported in the JSON report only with `--format json`; otherwise the "
        "usage message says it.",
        "Correct the command; `idlibstats validate --help` lists the options.",
    ),
    FindingType(
        "reference-unusable", "command",
        "`--against` names no earlier package folder and no git revision of this repository that can be "
        "read (not a git checkout, an unknown revision, a shallow clone, or no datapackage.json there).",
        "Name a folder holding an earlier version, or a revision git knows (`git fetch` the base branch, "
        "with its history, first).",
    ),
    FindingType(
        "internal-error", "command",
        "idlibstats itself failed on this input: a bug, reported as a finding so that the JSON report "
        "stays readable; the message names the error.",
        "Please report it with the input that caused it (IDLIBSTATS_DEBUG=1 shows the traceback).",
    ),
    FindingType(
        "json-error", "descriptor",
        "`datapackage.json` is not valid JSON, so nothing else can be checked.",
        "Open it in an editor at the line and column the message gives; look for a missing comma, "
        "an unclosed quote or bracket, or a trailing comma.",
    ),
    FindingType(
        "package-error", "descriptor",
        "The descriptor is JSON but not a data package this project can read: no `datapackage.json` "
        "at the path, no `resources`, a resource without a `name`, `path` or inline `schema`, a "
        "property of the standard that is not supported (the message names it; the table of properties "
        "below says which are), a misspelt or misplaced key in a dialect, schema, field or constraint, "
        "or a key naming an unknown field or table.",
        "Compare your change with an existing resource in `datapackage.json`; the message names the "
        "resource and the part that is wrong.",
        own=False,
    ),
    FindingType(
        "unsafe-path", "descriptor",
        "A resource path is absolute, goes up with `..`, holds a backslash, is a URL, or leads outside "
        "the package folder through a link. Nothing is read when any path is unsafe.",
        "Keep data files inside the package, referred to by a relative POSIX path such as `data/x.csv`.",
    ),
    FindingType(
        "missing-file", "file",
        "The file a resource names does not exist or cannot be read.",
        "Add the file at that path, or correct the resource's `path`.",
    ),
    FindingType(
        "empty-file", "file",
        "The file is empty: not even a header row.",
        "Write the header row (the field names of the schema, in order), then the data rows.",
    ),
    FindingType(
        "binary-file", "file",
        "The file is not text (a spreadsheet workbook, PDF, image or archive saved under a CSV name).",
        "Export the sheet as CSV (UTF-8, comma-separated) and commit that file instead.",
    ),
    FindingType(
        "byte-count", "file",
        "The file's size is not the `bytes` its resource states: the file changed after the size was "
        "recorded, or the size is wrong.",
        "Restore the file, or record its size again (`wc -c < data/x.csv`) if the change is meant.",
        own=False,
    ),
    FindingType(
        "hash-count", "file",
        "The file's digest is not the `hash` its resource states (MD5, or the algorithm named before a "
        "colon, as in `sha256:...`): the file changed after the hash was recorded.",
        "Restore the file, or record its hash again (`sha256sum data/x.csv`, written `sha256:` and the "
        "digest) if the change is meant.",
        own=False,
    ),
    FindingType(
        "encoding-error", "cell",
        "The file is not valid UTF-8 at this line (often a file saved as Latin-1 or Windows-1252, "
        "or as UTF-16).",
        "Save the file as UTF-8 (a byte order mark is accepted) and check the accented characters.",
        own=False,
    ),
    FindingType(
        "nul-byte", "cell",
        "The cell holds a NUL character (byte 0), invisible in most editors and often left by a "
        "broken export.",
        "Delete the character: retype the cell, or remove `\\x00` with a text editor that shows it.",
    ),
    FindingType(
        "quote-error", "row",
        "A quoted cell is never closed, so everything after its opening quote would be one cell. "
        "The rows after it are still checked, read from the next line.",
        "Add the closing `\"`, and double every `\"` inside a quoted cell (`\"\"`).",
    ),
    FindingType(
        "blank-header", "header",
        "The file begins with empty lines; the header must be on line 1 (the first row that is not empty "
        "is read as the header).",
        "Delete the empty lines above the header.",
        own=False,
    ),
    FindingType(
        "missing-label", "header",
        "The header has fewer columns than the schema has fields; the missing ones are named.",
        "Add the missing column names to the header, and the cells to every row.",
        own=False,
    ),
    FindingType(
        "extra-label", "header",
        "The header has more columns than the schema has fields.",
        "Remove the column, or declare the new field in `datapackage.json` first.",
        own=False,
    ),
    FindingType(
        "blank-label", "header",
        "A header cell is empty where the schema has a field; the message names the field expected there.",
        "Write the field's name in the header cell.",
        own=False,
    ),
    FindingType(
        "duplicate-label", "header",
        "A header cell repeats an earlier one (a column copied, or pasted twice); the message names the "
        "earlier cell and the field expected at this position.",
        "Rename the column to the field expected there, or delete the copy and its cells.",
        own=False,
    ),
    FindingType(
        "incorrect-label", "header",
        "A header cell is not the name of the schema's field at that position (columns are matched "
        "by position, so a renamed or moved column shows here).",
        "Use the field names of `datapackage.json`, in the same order.",
        own=False,
    ),
    FindingType(
        "blank-row", "row",
        "A row with every cell empty (often an empty line).",
        "Delete the line.",
        own=False,
    ),
    FindingType(
        "missing-cell", "row",
        "The row has fewer cells than the header; the missing ones are named.",
        "Add the missing cells (an empty cell is written as nothing between two commas).",
        own=False,
    ),
    FindingType(
        "extra-cell", "row",
        "The row has more cells than the header, often an unquoted comma inside a cell.",
        "Quote the cell that holds a comma (`\"a, b\"`), or remove the extra cells.",
        own=False,
    ),
    FindingType(
        "type-error", "cell",
        "The cell cannot be read as its field's type: an integer with other characters, or a date "
        "not written YYYY-MM-DD (such as 15/03/2020 or 20200315).",
        "Write integers as plain digits (no thousands separators) and dates as YYYY-MM-DD.",
        own=False,
    ),
    FindingType(
        "constraint-error", "cell",
        "The value has the right type but breaks a constraint of its field: required and empty (or a "
        "missing value), not one of the allowed values (`enum`, `categories`), not matching the pattern, "
        "too short or too long, or outside the minimum or maximum (exclusive or not).",
        "The message says what the field expects; see the data dictionary in README.md.",
        own=False,
    ),
    FindingType(
        "unique-error", "cell",
        "The value repeats one on an earlier line, in a field whose values must be unique (or the "
        "values of a `uniqueKeys` key repeat an earlier row's).",
        "Give the row its own value; the message names the line that holds it first.",
        own=False,
    ),
    FindingType(
        "primary-key", "row",
        "The row's primary key repeats an earlier row's.",
        "Give the row a new identifier (identifiers are never reused); the message names the earlier line.",
        own=False,
    ),
    FindingType(
        "foreign-key", "cell",
        "The value refers to a row that does not exist in the table it points to (for example a "
        "`source_id` with no row in `sources`).",
        "Add the referenced row first (a new source in `data/sources.csv`, a new area in "
        "`data/areas.csv`), or correct the identifier.",
        own=False,
    ),
    FindingType(
        "formula-like-value", "cell",
        "A free-text cell begins with `=`, `+`, `@`, a tab or a carriage return, which a spreadsheet "
        "may run as a formula when the CSV is opened (formula injection).",
        "Reword the cell so that it does not begin with those characters (exports also neutralise "
        "a leading `-`).",
    ),
    FindingType(
        "claim-changed-in-place", "revision",
        "With `--against`: a published claim's cell was edited in place.",
        "Restore the published row and add a correction row that names it in `supersedes` (README, "
        "Revisions and releases).",
    ),
    FindingType(
        "claim-removed", "revision",
        "With `--against`: a published claim was deleted.",
        "Restore the row; a claim found wrong is withdrawn (`status` withdrawn, `Withdrawn: ` reason in notes).",
    ),
    FindingType(
        "rule-error", "rule",
        "A cross-field rule could not be evaluated on this table (for example a claims table in a "
        "package without a `sources` table); the message gives the reason.",
        "Fix what the message names; if it points at idlibstats itself, please report it.",
    ),
)
REGISTRY: tuple[FindingType, ...] = CHECKS + tuple(rule.finding_type for rule in RULES)
UNUSABLE = frozenset(t.name for t in REGISTRY if t.unusable)


def usage_error(message: str) -> Finding:
    """The finding of a command line that could not be understood."""
    return Finding(type="usage-error", message=message)


def registry() -> dict[str, FindingType]:
    """Every finding type by name."""
    return {t.name: t for t in REGISTRY}


def render_markdown() -> str:
    """The registry as the Markdown table of CONTRIBUTING.md."""
    lines = ["| type | where | what it means | how to fix it |", "|---|---|---|---|"]
    for t in REGISTRY:
        name = f"`{t.name}`" + ("" if t.own else " (as in frictionless)")
        lines.append(f"| {name} | {t.scope} | {cell(t.means)} | {cell(t.fix)} |")
    return "\n".join(lines) + "\n"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
