"""Provenance of the shipped figures: every source can be found, every claim can be located in it."""

from __future__ import annotations

import pandas as pd
import pytest

import idlibstats

CLAIMS = ["casualties", "displacement", "refugees"]


def test_every_source_not_archived_has_a_url() -> None:
    sources = idlibstats.load("sources")
    cited_only = sources[sources["archive_path"].isna()]
    assert cited_only["url"].notna().all(), cited_only.loc[cited_only["url"].isna(), "source_id"].tolist()
    for column in ("title", "source_type", "accessed"):
        assert sources[column].notna().all(), column


@pytest.mark.parametrize("table", CLAIMS)
def test_claims_citing_a_document_by_url_carry_its_wording_and_place_but_no_quote(table: str) -> None:
    sources = idlibstats.load("sources")
    cited_only = set(sources.loc[sources["archive_path"].isna(), "source_id"])
    frame = idlibstats.load(table, history=True)
    rows = frame[frame["source_id"].isin(cited_only)]
    assert rows["stated_as"].notna().all()
    assert rows["locator"].notna().all()
    assert rows["quote"].isna().all(), "only documents archived in seeds/ may be quoted"


@pytest.mark.parametrize("table", CLAIMS)
def test_claims_citing_an_archived_document_quote_it(table: str) -> None:
    sources = idlibstats.load("sources")
    archived = set(sources.loc[sources["archive_path"].notna(), "source_id"])
    frame = idlibstats.load(table, history=True)
    rows = frame[frame["source_id"].isin(archived)]
    assert rows["quote"].notna().all()


@pytest.mark.parametrize("table", CLAIMS)
def test_periods_are_within_the_sources_reach(table: str) -> None:
    """No claim ends after the document stating it was published."""
    sources = idlibstats.load("sources").set_index("source_id")
    frame = idlibstats.load(table, history=True)
    published = frame["source_id"].map(sources["published"])
    late = frame[(frame["period_end"] > published).fillna(False).astype(bool)]
    assert late.empty, late[["claim_id", "period_end", "source_id"]].to_string()


def test_claimants_are_named() -> None:
    for table in CLAIMS:
        claimants = idlibstats.load(table, history=True)["claimant"]
        assert claimants.notna().all() and not claimants.str.strip().eq("").any()
        assert isinstance(claimants.dtype, pd.StringDtype)
