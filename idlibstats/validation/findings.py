"""What a validation finds: the :class:`Finding`, and the one registry of finding types.

Every type ``idlibstats validate`` can report is documented here, once: what it means
and how to fix it. CONTRIBUTING.md's table is generated from this registry
(``idlibstats validate --list-types``) and a test keeps the two equal. Types that mean
what they mean in frictionless keep frictionless's name; the project's own are marked.
The cross-field rules of :mod:`idlibstats.rules` are finding types too: each has an entry
here, and a rule added without one is still reported, described by its ``expected`` text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

SCOPES = ("command", "descriptor", "file", "header", "row", "cell", "rule", "revision")
VALUE_LIMIT = 300  # characters of an offending value kept in a finding


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem, where it is, and what was expected.

    ``line`` is the physical line of the CSV file where the row begins (the header is line 1),
    ``None`` for findings that belong to no line. ``value`` is the offending text as written.
    """

    type: str
    resource: str | None = None
    path: str | None = None
    line: int | None = None
    field: str | None = None
    value: str | None = None
    message: str = ""

    def __post_init__(self) -> None:
        for name in ("type", "resource", "path", "field", "message"):
            text = getattr(self, name)
            if text is not None:
                object.__setattr__(self, name, printable(str(text)))
        if self.value is not None:
            object.__setattr__(self, "value", shorten(printable(str(self.value))))
        if self.line is not None:
            object.__setattr__(self, "line", int(self.line))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


KEYS = tuple(f.name for f in fields(Finding))


def printable(text: str) -> str:
    """``text`` safe to encode as UTF-8: undecodable bytes and lone surrogates become ``\\x..`` escapes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape" if is_escaped_bytes(text) else "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")
    return text


def is_escaped_bytes(text: str) -> bool:
    """Whether every surrogate in ``text`` stands for an undecodable byte (Python's ``surrogateescape``)."""
    return all("\udc80" <= c <= "\udcff" for c in text if "\ud800" <= c <= "\udfff")


def shorten(text: str) -> str:
    if len(text) <= VALUE_LIMIT:
        return text
    return text[:VALUE_LIMIT] + f"... ({len(text)} characters)"


def show(value: str | None) -> str:
    """A value quoted for a message: undecodable bytes as ``\\x..``, control characters escaped."""
    if value is None:
        return "(empty)"
    text = printable(shorten(value))
    return "'" + "".join(c if c.isprintable() else repr(c)[1:-1] for c in text) + "'"


@dataclass(frozen=True)
class FindingType:
    """A kind of finding: its ``name`` (the ``type`` of findings), where it applies, what it means, how to fix it."""

    name: str
    scope: str
    means: str
    fix: str
    own: bool = True  # the project's own; False: frictionless's type with the same meaning

    @property
    def unusable(self) -> bool:
        """Whether a finding of this type leaves nothing to validate (the command exits 2)."""
        return self.scope in ("command", "descriptor")


REGISTRY: tuple[FindingType, ...] = (
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
        "at the path, no `resources`, a resource without a `name`, `path` or inline `schema`, an "
        "unsupported field type or constraint, or a key naming an unknown field or table.",
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
        "incorrect-label", "header",
        "A header cell is not the name of the schema's field at that position (columns are matched "
        "by position, so a renamed, moved or duplicated column shows here).",
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
        "The value has the right type but breaks a constraint of its field: required and empty, not "
        "one of the allowed values, not matching the pattern, or outside the minimum or maximum.",
        "The message says what the field expects; see the data dictionary in README.md.",
        own=False,
    ),
    FindingType(
        "unique-error", "cell",
        "The value repeats one on an earlier line, in a field whose values must be unique.",
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
        "value-missing", "rule",
        "A claim with none of `value_low`, `value_best`, `value_high`.",
        "Record the figure in the bounds its qualifier sets (README, Qualifiers and bounds).",
    ),
    FindingType(
        "value-order", "rule",
        "The bounds are out of order: `value_low` above `value_best` or `value_high`, or `value_best` "
        "above `value_high`.",
        "Check for a transcription slip, or for bounds entered in the wrong columns.",
    ),
    FindingType(
        "qualifier-bounds", "rule",
        "The bounds set and left empty do not follow the claim's qualifier (for example `more_than` "
        "with a `value_best`, or `exact` with unequal bounds).",
        "Set exactly the bounds the qualifier implies (README, Qualifiers and bounds), or correct the qualifier.",
    ),
    FindingType(
        "period-order", "rule",
        "The period ends before it starts.",
        "Swap or correct the two dates.",
    ),
    FindingType(
        "quote-missing", "rule",
        "A claim from a source archived in `seeds/` has no `quote`.",
        "Copy the sentence that states the figure, word for word, from the archived file.",
    ),
    FindingType(
        "quote-not-found", "rule",
        "The `quote` is not in the archived source word for word (only whitespace may differ).",
        "Copy the quote again from the archived file in `seeds/`; keep its punctuation and capitals.",
    ),
    FindingType(
        "stated-not-in-quote", "rule",
        "`stated_as` is not part of the row's `quote`.",
        "Make `stated_as` the quote's own words for the figure (as short as possible).",
    ),
    FindingType(
        "quote-unarchived", "rule",
        "A claim from a document cited by URL only (not archived in `seeds/`) has a `quote`: the package "
        "copies no third-party sentence.",
        "Empty `quote`; keep the figure's own short wording in `stated_as` and where it stands in `locator`. "
        "To quote the document, archive it in `seeds/` with its sha256 first.",
    ),
    FindingType(
        "source-unlocatable", "rule",
        "A source is neither archived in `seeds/` nor given a `url`: no reader could find it.",
        "Add the address where the document was read, or archive it in `seeds/`.",
    ),
    FindingType(
        "stated-as-unreadable", "rule",
        "The figure parser (`idlibstats.phrases`) cannot read the row's `stated_as`, so its numbers "
        "cannot be checked against its words.",
        "Make `stated_as` the source's shortest wording of the figure with its qualifier words; if it is "
        "already, teach the parser that wording (with a test) rather than skip the check.",
    ),
    FindingType(
        "stated-as-mismatch", "rule",
        "The row's `qualifier`, `value_low`, `value_best` or `value_high` differ from what its `stated_as` "
        "says: a transcription slip such as \"more than 948,000\" typed as 984,000.",
        "Re-read the figure in the source and correct the bounds or the qualifier (never the wording).",
    ),
    FindingType(
        "supersession-cycle", "rule",
        "Following `supersedes` from this claim leads back to it.",
        "A correction names the claim it replaces, and that one an older claim: break the loop.",
    ),
    FindingType(
        "supersession-successors", "rule",
        "Two rows supersede the same claim.",
        "Keep one correction; correct the correction instead of the original a second time.",
    ),
    FindingType(
        "supersession-status", "rule",
        "A claim is marked `superseded` without a row naming it in `supersedes`, or is named by one "
        "without being marked `superseded`.",
        "Mark the corrected claim `superseded` in the same change that adds its correction.",
    ),
    FindingType(
        "supersession-quantity", "rule",
        "A correction counts another quantity than the claim it supersedes (its measure fields differ).",
        "A correction keeps the measure; a different quantity is a new claim, and a wrong one is withdrawn.",
    ),
    FindingType(
        "correction-reason", "rule",
        "A correction's `notes` do not say why (`Correction: ...`).",
        "Append `Correction: ` and what was wrong and how it was found to the new row's notes.",
    ),
    FindingType(
        "withdrawn-reason", "rule",
        "A withdrawn claim's `notes` do not say why (`Withdrawn: ...`).",
        "Append `Withdrawn: ` and the reason to the claim's notes.",
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
        "archive-missing", "rule",
        "A source's `archive_path` names a file that is missing or not UTF-8 text.",
        "Add the archived document under `seeds/`, or correct the path.",
    ),
    FindingType(
        "archive-hash-missing", "rule",
        "An archived source has no `sha256`.",
        "Record the file's hash: `sha256sum seeds/<file>` (lowercase hex).",
    ),
    FindingType(
        "archive-changed", "rule",
        "The archived file's SHA-256 is not the one recorded: the file changed after it was archived.",
        "Restore the archived file; archived documents are never edited. A new version is a new source.",
    ),
    FindingType(
        "rule-error", "rule",
        "A cross-field rule could not be evaluated on this table (for example a claims table in a "
        "package without a `sources` table); the message gives the reason.",
        "Fix what the message names; if it points at idlibstats itself, please report it.",
    ),
)


UNUSABLE = frozenset(t.name for t in REGISTRY if t.unusable)


def usage_error(message: str) -> Finding:
    """The finding of a command line that could not be understood."""
    return Finding(type="usage-error", message=message)


def registry() -> dict[str, FindingType]:
    """Every finding type by name: the documented ones, then any rule of :mod:`idlibstats.rules` without an entry."""
    from idlibstats.rules import RULES

    types = {t.name: t for t in REGISTRY}
    for rule in RULES:
        if rule.type not in types:
            types[rule.type] = FindingType(rule.type, "rule", f"The row breaks the rule: expected {rule.expected}.",
                                           "Correct the row so that it meets the rule.")
    return types


def render_markdown() -> str:
    """The registry as the Markdown table of CONTRIBUTING.md."""
    lines = ["| type | where | what it means | how to fix it |", "|---|---|---|---|"]
    for t in registry().values():
        name = f"`{t.name}`" + ("" if t.own else " (as in frictionless)")
        lines.append(f"| {name} | {t.scope} | {cell(t.means)} | {cell(t.fix)} |")
    return "\n".join(lines) + "\n"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
