"""The one registry of rules: each rule's finding type, the field it points at, what it expects, what
a finding of it means and how to fix it, when it applies and the function that finds its rows.

Rules are what a Table Schema cannot express. Each body is a pure function over a typed frame that
returns the mask of the rows breaking it (by theme: :mod:`~idlibstats.rules.bounds`,
:mod:`~idlibstats.rules.provenance`, :mod:`~idlibstats.rules.wording`,
:mod:`~idlibstats.rules.supersession`). Cells that are missing (or did not cast) never break a rule:
the contract's own checks report those. The same records back the pandera schemas
(:mod:`idlibstats.rules.schemas`), ``idlibstats validate`` and the finding-type table of CONTRIBUTING.md.
A new rule is one record here (with the columns it ``reads``) and one function in the module of its theme.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from idlibstats.claims.status import NOTES, STATUS, SUPERSEDES
from idlibstats.findings import FindingType
from idlibstats.rules import bounds, provenance, supersession, wording
from idlibstats.rules.context import VALUES
from idlibstats.rules.wording import WORDING

if TYPE_CHECKING:
    import pandas as pd

    from idlibstats.package.contract import Table
    from idlibstats.rules.context import RuleContext


@dataclass(frozen=True)
class Rule:
    """A named cross-field rule: finding ``type``, the ``field`` it points at, what it expects, what a
    finding means and how to fix it, which tables it ``applies`` to, the function finding its rows, and
    the columns that function ``reads`` whole from its frame: ``idlibstats validate`` builds the frame
    of a table of a million rows with only the columns its rules read (a test holds every rule to its
    ``reads``); a rule needing a field at a few rows asks the context (:meth:`RuleContext.values`)."""

    type: str
    field: str
    expected: str
    means: str
    fix: str
    applies: Callable[[Table], bool]
    violations: Callable[[pd.DataFrame, RuleContext, Table], pd.Series]
    reads: Callable[[Table], tuple[str, ...]]  # the columns the function reads whole from its frame

    @property
    def finding_type(self) -> FindingType:
        """The rule as a documented finding type."""
        return FindingType(self.type, "rule", self.means, self.fix)


def is_claims(table: Table) -> bool:
    return table.is_claims


def has_period(table: Table) -> bool:
    return table.period is not None and table.period[0] != table.period[1]


def is_sources(table: Table) -> bool:
    return table.name == "sources"


def columns(*names: str) -> Callable[[Table], tuple[str, ...]]:
    """A rule's ``reads``: these columns, whatever the table."""
    return lambda table: names


def period(table: Table) -> tuple[str, ...]:
    return tuple(table.period or ())


def corrections(*names: str) -> Callable[[Table], tuple[str, ...]]:
    """A supersession rule's ``reads``: the table's claim identifier, ``supersedes`` and ``names``."""
    return lambda table: (supersession.key_of(table), SUPERSEDES, *names)


RULES: tuple[Rule, ...] = (
    Rule(
        "value-missing", "value_best",
        expected="at least one of value_low, value_best, value_high",
        means="A claim with none of `value_low`, `value_best`, `value_high`.",
        fix="Record the figure in the bounds its qualifier sets (README, Qualifiers and bounds).",
        applies=is_claims, violations=bounds.value_missing,
        reads=columns(*VALUES),
    ),
    Rule(
        "value-order", "value_best",
        expected="value_low <= value_best <= value_high",
        means="The bounds are out of order: `value_low` above `value_best` or `value_high`, or `value_best` "
        "above `value_high`.",
        fix="Check for a transcription slip, or for bounds entered in the wrong columns.",
        applies=is_claims, violations=bounds.value_order,
        reads=columns(*VALUES),
    ),
    Rule(
        "qualifier-bounds", "qualifier",
        expected="bounds set as the qualifier implies (see README, Qualifiers)",
        means="The bounds set and left empty do not follow the claim's qualifier (for example `more_than` "
        "with a `value_best`, or `exact` with unequal bounds).",
        fix="Set exactly the bounds the qualifier implies (README, Qualifiers and bounds), or correct the qualifier.",
        applies=is_claims, violations=bounds.qualifier_bounds,
        reads=columns("qualifier", *VALUES),
    ),
    Rule(
        "period-order", "",
        expected="the period to end on or after the day it starts",
        means="The period ends before it starts.",
        fix="Swap or correct the two dates.",
        applies=has_period, violations=bounds.period_order,
        reads=period,
    ),
    Rule(
        "quote-missing", "quote",
        expected="a verbatim quote, because the source is archived in seeds/",
        means="A claim from a source archived in `seeds/` has no `quote`.",
        fix="Copy the sentence that states the figure, word for word, from the archived file.",
        applies=is_claims, violations=provenance.quote_missing,
        reads=columns("source_id", "quote"),
    ),
    Rule(
        "quote-unarchived", "quote",
        expected="no quote: only documents archived in seeds/ are quoted; record stated_as and locator",
        means="A claim from a document cited by URL only (not archived in `seeds/`) has a `quote`: the package "
        "copies no third-party sentence.",
        fix="Empty `quote`; keep the figure's own short wording in `stated_as` and where it stands in `locator`. "
        "To quote the document, archive it in `seeds/` with its sha256 first.",
        applies=is_claims, violations=provenance.quote_unarchived,
        reads=columns("source_id", "quote"),
    ),
    Rule(
        "quote-not-found", "quote",
        expected="the quote word for word (whitespace aside) in the archived source",
        means="The `quote` is not in the archived source word for word (only whitespace may differ).",
        fix="Copy the quote again from the archived file in `seeds/`; keep its punctuation and capitals.",
        applies=is_claims, violations=provenance.quote_not_found,
        reads=columns("source_id", "quote"),
    ),
    Rule(
        "stated-not-in-quote", "stated_as",
        expected="stated_as to be the quote's own words for the figure",
        means="`stated_as` is not part of the row's `quote`.",
        fix="Make `stated_as` the quote's own words for the figure (as short as possible).",
        applies=is_claims, violations=provenance.stated_not_in_quote,
        reads=columns(WORDING, "quote"),
    ),
    Rule(
        "source-unlocatable", "url",
        expected="a url for every source that is not archived in seeds/",
        means="A source is neither archived in `seeds/` nor given a `url`: no reader could find it.",
        fix="Add the address where the document was read, or archive it in `seeds/`.",
        applies=is_sources, violations=provenance.source_unlocatable,
        reads=columns("archive_path", "url"),
    ),
    Rule(
        "stated-as-unreadable", "stated_as",
        expected="wording the figure parser reads (see idlibstats.claims.phrases; if the wording is the source's, "
                 "teach the parser)",
        means="The figure parser (`idlibstats.claims.phrases`) cannot read the row's `stated_as`, so its numbers "
        "cannot be checked against its words.",
        fix="Make `stated_as` the source's shortest wording of the figure with its qualifier words; if it is "
        "already, teach the parser that wording (with a test) rather than skip the check.",
        applies=is_claims, violations=wording.stated_as_unreadable,
        reads=columns(WORDING),
    ),
    Rule(
        "stated-as-mismatch", "stated_as",
        expected="qualifier, value_low, value_best and value_high as stated_as says them (read by idlibstats.claims.phrases)",
        means="The row's `qualifier`, `value_low`, `value_best` or `value_high` differ from what its `stated_as` "
        "says: a transcription slip such as \"more than 948,000\" typed as 984,000.",
        fix="Re-read the figure in the source and correct the bounds or the qualifier (never the wording).",
        applies=is_claims, violations=wording.stated_as_mismatch,
        reads=columns(WORDING, "qualifier", *VALUES),
    ),
    Rule(
        "archive-missing", "archive_path",
        expected="a readable UTF-8 file at archive_path",
        means="A source's `archive_path` names a file that is missing or not UTF-8 text.",
        fix="Add the archived document under `seeds/`, or correct the path.",
        applies=is_sources, violations=provenance.archive_unreadable,
        reads=columns("archive_path"),
    ),
    Rule(
        "archive-hash-missing", "sha256",
        expected="a sha256 for every archived source",
        means="An archived source has no `sha256`.",
        fix="Record the file's hash: `sha256sum seeds/<file>` (lowercase hex).",
        applies=is_sources, violations=provenance.archive_hash_missing,
        reads=columns("archive_path", "sha256"),
    ),
    Rule(
        "archive-changed", "sha256",
        expected="the archived file's sha256 to equal the recorded one",
        means="The archived file's SHA-256 is not the one recorded: the file changed after it was archived.",
        fix="Restore the archived file; archived documents are never edited. A new version is a new source.",
        applies=is_sources, violations=provenance.archive_changed,
        reads=columns("archive_path", "sha256"),
    ),
    Rule(
        "supersession-cycle", "supersedes",
        expected="a chain of corrections that never leads back to the same claim",
        means="Following `supersedes` from this claim leads back to it.",
        fix="A correction names the claim it replaces, and that one an older claim: break the loop.",
        applies=is_claims, violations=supersession.cycle,
        reads=corrections(),
    ),
    Rule(
        "supersession-successors", "supersedes",
        expected="each claim superseded by exactly one row, never two",
        means="Two rows supersede the same claim.",
        fix="Keep one correction; correct the correction instead of the original a second time.",
        applies=is_claims, violations=supersession.successors,
        reads=corrections(),
    ),
    Rule(
        "supersession-status", "status",
        expected="status superseded exactly when another row names the claim in supersedes",
        means="A claim is marked `superseded` without a row naming it in `supersedes`, or is named by one "
        "without being marked `superseded`.",
        fix="Mark the corrected claim `superseded` in the same change that adds its correction.",
        applies=is_claims, violations=supersession.status,
        reads=corrections(STATUS),
    ),
    Rule(
        "supersession-quantity", "supersedes",
        expected="a correction to count the same quantity (equal measure fields) as the claim it supersedes",
        means="A correction counts another quantity than the claim it supersedes (its measure fields differ).",
        fix="A correction keeps the measure; a different quantity is a new claim, and a wrong one is withdrawn.",
        applies=is_claims, violations=supersession.quantity,
        reads=corrections()  # and the measure fields of a few rows, through the context,
    ),
    Rule(
        "correction-reason", "notes",
        expected="a correction's notes to say why ('Correction: ...')",
        means="A correction's `notes` do not say why (`Correction: ...`).",
        fix="Append `Correction: ` and what was wrong and how it was found to the new row's notes.",
        applies=is_claims, violations=supersession.correction_reason,
        reads=corrections(NOTES),
    ),
    Rule(
        "withdrawn-reason", "notes",
        expected="a withdrawn claim's notes to say why ('Withdrawn: ...')",
        means="A withdrawn claim's `notes` do not say why (`Withdrawn: ...`).",
        fix="Append `Withdrawn: ` and the reason to the claim's notes.",
        applies=is_claims, violations=supersession.withdrawn_reason,
        reads=corrections(STATUS, NOTES),
    ),
)


def rules_for(table: Table) -> list[Rule]:
    """The rules that apply to ``table``."""
    return [rule for rule in RULES if rule.applies(table)]


def rule_field(rule: Rule, table: Table) -> str:
    """The field a finding of ``rule`` points at in ``table``."""
    if rule.type == "period-order" and table.period:
        return table.period[1]
    return rule.field
