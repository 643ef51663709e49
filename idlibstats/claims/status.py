"""The revision vocabulary of a claim: its status, the link to the claim it corrects, and the words
that say why (see :mod:`idlibstats.rules.supersession` for the rules that keep chains sound).

A published claim is never edited or deleted. A correction is a new row whose ``supersedes`` names
the claim it replaces, which becomes ``superseded``; a claim found wrong with no replacement is
``withdrawn``. A correction's notes say ``Correction: ...``, a withdrawal's ``Withdrawn: ...``.
"""

from __future__ import annotations

import re

STATUS, SUPERSEDES, NOTES = "status", "supersedes", "notes"
ACTIVE, SUPERSEDED, WITHDRAWN = "active", "superseded", "withdrawn"
STATUSES = (ACTIVE, SUPERSEDED, WITHDRAWN)
CORRECTION_REASON = re.compile(r"\bcorrection:\s*\S", re.IGNORECASE)
WITHDRAWN_REASON = re.compile(r"\bwithdrawn:\s*\S", re.IGNORECASE)
