"""Citations: the package with its version, every source behind a table's rows, CITATION.cff in step."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import REPO
from shipped_tables import table

import idlibstats
from idlibstats.errors import UnknownTable
from idlibstats.faces.citation import bibtex_escape, cite
from idlibstats.package.folder import DataPackage

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
NAMES = [r["name"] for r in DESCRIPTOR["resources"]]
CITING = [r["name"] for r in DESCRIPTOR["resources"]
          if any(fk["reference"].get("resource") == "sources" for fk in r["schema"].get("foreignKeys", []))]
OTHER_SOURCE = ("other-report,Another report on Idlib,Some Agency,2020-03-01,https://example.org/report,,,,"
                "ngo_report,2026-11-26,Added by a test.\n")


def sources_of(name: str) -> set[str]:
    if name == "sources":
        return set(table("sources")["source_id"])
    frame = table(name, history=True)
    return set(frame["source_id"]) if "source_id" in frame.columns else set()


def titles() -> dict[str, str]:
    frame = table("sources")
    return dict(zip(frame["source_id"], frame["title"]))


@pytest.mark.parametrize("bibtex", [False, True], ids=["text", "bibtex"])
@pytest.mark.parametrize("name", NAMES + [None], ids=NAMES + ["all"])
def test_citation_names_the_package_version_and_every_source_of_the_table(name: str | None, bibtex: bool) -> None:
    text = idlibstats.cite(name, bibtex=bibtex)
    assert DESCRIPTOR["version"] in text
    assert DESCRIPTOR["title"] in text
    named = titles()
    expected = sources_of(name) if name else set(named)
    for source_id in expected:
        assert source_id in text
        title = bibtex_escape(named[source_id]) if bibtex else named[source_id]
        assert title in text


def test_claims_and_events_tables_have_sources() -> None:
    """Guard for the test above: it must have sources to look for."""
    assert set(CITING) >= {"events", "casualties", "displacement", "refugees"}
    assert all(sources_of(name) for name in CITING)


def test_a_table_without_sources_says_so() -> None:
    assert "No source documents lie behind the rows of table 'areas'." in idlibstats.cite("areas")


def test_only_the_sources_behind_the_table_are_listed(package_copy: DataPackage) -> None:
    """A second source cited only by an event appears for events and for the package, not for casualties."""
    sources = package_copy.path_of("data/sources.csv")
    sources.write_text(sources.read_text(encoding="utf-8") + OTHER_SOURCE, encoding="utf-8")
    events = package_copy.path_of("data/events.csv")
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("news-2020-02-10-turkey-russia-idlib-talks", "other-report", 1)
    events.write_text("".join(lines), encoding="utf-8")
    assert "other-report" in cite("events", package=package_copy)
    assert "other-report" in cite(None, package=package_copy)
    assert "other-report" in cite("sources", package=package_copy, bibtex=True)
    assert "other-report" not in cite("casualties", package=package_copy)
    assert "Some Agency. Another report on Idlib. 2020-03-01. https://example.org/report." in cite(
        "events", package=package_copy)
    from idlibstats.frames.loading import load

    expected = load("events", package=package_copy)["source_id"].nunique()
    assert f"{expected} sources behind the rows of table 'events'" in cite("events", package=package_copy)


def test_bibtex_has_one_entry_for_the_package_and_one_per_source() -> None:
    text = idlibstats.cite("casualties", bibtex=True)
    keys = re.findall(r"^@misc\{([^,]+),$", text, flags=re.MULTILINE)
    in_table_order = [s for s in table("sources")["source_id"] if s in sources_of("casualties")]
    assert keys == [f"idlibstats-{DESCRIPTOR['version']}"] + in_table_order
    assert text.count("{") == text.count("}")


@pytest.mark.parametrize(("text", "escaped"), [
    ("R&D 50% #1 $5 a_b", r"R\&D 50\% \#1 \$5 a\_b"),
    ("{braces} ~ ^", r"\{braces\} \textasciitilde{} \textasciicircum{}"),
    ("back\\slash", r"back\textbackslash{}slash"),
    ("Syria's Idlib", "Syria's Idlib"),
], ids=["ampersand-percent-hash-dollar-underscore", "braces-tilde-caret", "backslash", "plain"])
def test_bibtex_escape(text: str, escaped: str) -> None:
    assert bibtex_escape(text) == escaped


def test_unknown_table_is_refused() -> None:
    with pytest.raises(UnknownTable, match="no table named 'nope'"):
        idlibstats.cite("nope")


def test_cite_command_prints_the_library_text() -> None:
    result = subprocess.run([sys.executable, "-m", "idlibstats", "cite", "casualties", "--bibtex"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == idlibstats.cite("casualties", bibtex=True)


def test_cite_command_unknown_table_exits_2_on_stderr() -> None:
    result = subprocess.run([sys.executable, "-m", "idlibstats", "cite", "nope"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == "" and "unknown-table" in result.stderr


def top_level_scalars(cff: str) -> dict[str, str]:
    """The top-level ``key: value`` lines of a CFF file (enough to compare scalars, without a YAML parser)."""
    pairs = re.findall(r"^([a-z][a-z-]*):[ \t]*(\S.*)$", cff, flags=re.MULTILINE)
    return {key: value.strip().strip('"') for key, value in pairs}


def test_citation_cff_matches_the_descriptor() -> None:
    cff = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    scalars = top_level_scalars(cff)
    assert scalars["cff-version"] == "1.2.0"
    assert scalars["version"] == DESCRIPTOR["version"], "bump CITATION.cff with datapackage.json's version"
    assert scalars["title"] == DESCRIPTOR["title"]
    licences = re.search(r"^license:\n((?:  - .+\n)+)", cff, flags=re.MULTILINE)
    assert licences is not None
    assert {line.strip()[2:] for line in licences.group(1).splitlines()} == {
        entry["name"] for entry in DESCRIPTOR["licenses"]}
    assert "doi:" not in cff and "url:" not in cff, "no DOI or URL exists for the package yet"

