"""Rules on provenance: who can find the document, what may be quoted from it, and that archived copies stay unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from idlibstats.rules.context import holders, normalise, per_distinct, read_archive_text

if TYPE_CHECKING:
    import pandas as pd

    from idlibstats.package.contract import Table
    from idlibstats.rules.context import RuleContext


def archived_source(frame: pd.DataFrame, context: RuleContext) -> pd.Series:
    """Rows citing a source with an archived copy (judged once per distinct source)."""
    import numpy as np
    import pandas as pd

    texts = context.archived_texts()
    codes, count = context.distinct_codes(frame, "source_id")
    sources = frame["source_id"].iloc[holders(codes, count)] if len(frame) else frame["source_id"]
    archived = sources.isin(list(texts)).fillna(False).to_numpy(dtype=bool)
    return pd.Series(np.append(archived, False)[codes], index=frame.index)


def quote_missing(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return archived_source(frame, context) & frame["quote"].isna()


def quote_unarchived(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return (~archived_source(frame, context) & frame["quote"].notna()).astype(bool)


def quote_not_found(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    texts = context.archived_texts()

    def absent(source_id: str, quote: str) -> bool:
        text = texts.get(source_id)
        return text is None or normalise(quote) not in text

    return archived_source(frame, context) & per_distinct(frame, ["source_id", "quote"], absent, context)


def stated_not_in_quote(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return per_distinct(frame, ["stated_as", "quote"],
                        lambda stated, quote: normalise(stated) not in normalise(quote), context)


def source_unlocatable(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return (frame["archive_path"].isna() & frame["url"].isna()).astype(bool)


def archive_unreadable(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return per_distinct(frame, ["archive_path"], lambda path: read_archive_text(context.package, path) is None,
                        context)


def archive_hash_missing(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    return (frame["archive_path"].notna() & frame["sha256"].isna()).astype(bool)


def archive_changed(frame: pd.DataFrame, context: RuleContext, table: Table) -> pd.Series:
    def changed(path: str, recorded: str) -> bool:
        digest = context.archive_digest(path)
        return digest is not None and digest != recorded

    return per_distinct(frame, ["archive_path", "sha256"], changed, context)
