"""`idlibstats site`: every link resolves inside the site, every claim leads to its source and its words."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from html_pages import Page, read
from sample_claims import HOSTILE_CLAIMANT, SOURCE
from shipped_tables import table
from site_builds import rich_site, shipped_site

import idlibstats
from idlibstats.faces import site
from idlibstats.faces.output import OutputRefused
from idlibstats.package.folder import DataPackage
from idlibstats.rules.context import normalise

DESCRIPTOR = idlibstats.descriptor()
NAMES = idlibstats.tables()
CLAIMS = [r["name"] for r in DESCRIPTOR["resources"] if r.get("idlibstats", {}).get("kind") == "claims"]
PERIODS = {r["name"]: r["idlibstats"]["period"] for r in DESCRIPTOR["resources"] if "period" in r.get("idlibstats", {})}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped package's site, built once per session: tests only read it."""
    return shipped_site(tmp_path_factory)


@pytest.fixture(scope="session")
def rich(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataPackage, Path]:
    """A package with every kind of claim and its site, built once per session: tests only read them."""
    return rich_site(tmp_path_factory)


def pages(root: Path) -> dict[Path, Page]:
    return {path: read(path) for path in sorted(root.rglob("*.html"))}


def source_urls(package: DataPackage | None = None) -> set[str]:
    from idlibstats.frames.loading import load

    return set(load("sources", package=package or DataPackage.shipped())["url"].dropna())


def check_links(root: Path, allowed_external: set[str]) -> int:
    """Every href/src of every page resolves to a file in ``root`` (and its #fragment to an id there)."""
    read_pages = pages(root)
    checked = 0
    for path, page in read_pages.items():
        for tag, attribute, value in page.links:
            where = f"{path.relative_to(root)}: <{tag} {attribute}={value!r}>"
            parts = urlsplit(value)
            if parts.scheme in ("http", "https"):
                assert tag == "a" and attribute == "href", f"{where}: an external resource is loaded"
                assert value in allowed_external, f"{where}: an external link that is not a source's own URL"
                continue
            assert not parts.scheme and not parts.netloc, f"{where}: not a relative link"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert root.resolve() in target.parents, f"{where}: leaves the site folder"
            assert target.is_file(), f"{where}: {target} does not exist"
            if parts.fragment:
                assert unquote(parts.fragment) in read_pages[target].ids, f"{where}: no id {parts.fragment!r} there"
            checked += 1
    return checked


def test_every_link_resolves_to_a_file_in_the_site(built: Path) -> None:
    assert check_links(built, source_urls()) > 0


def test_every_link_resolves_with_every_kind_of_claim(rich: tuple[DataPackage, Path]) -> None:
    package, out = rich
    assert check_links(out, source_urls(package)) > 0


def test_no_page_makes_an_external_request(built: Path) -> None:
    for path in built.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text(encoding="utf-8")
            assert "@import" not in text and not re.search(r"url\(\s*['\"]?(https?:)?//", text), path
            assert not re.search(r"""(src|srcset|poster|data)\s*=\s*["']?(https?:)?//""", text), path
    for page in pages(built).values():
        assert all(src and not urlsplit(src).netloc for src in page.scripts)


def test_index_lists_every_table_with_its_rows_and_period(built: Path) -> None:
    index = read(built / "index.html")
    heading = next(cells for cells in index.cells if cells and cells[0] == "table")
    rows = {cells[0]: dict(zip(heading, cells)) for cells in index.cells if cells and cells[0] in NAMES}
    assert list(rows) == NAMES
    for name in NAMES:
        frame = table(name, history=True)
        assert f"tables/{name}.html" in [v for _, _, v in index.links]
        assert rows[name]["rows"] == f"{len(frame):,}"
        if name in PERIODS and len(frame):
            start, end = PERIODS[name]
            period = f"{frame[start].min().date().isoformat()} to {frame[end].max().date().isoformat()}"
            assert rows[name]["period covered"] == period
        if name in CLAIMS:
            assert rows[name]["active claims"] == f"{len(table(name)):,}"


@pytest.mark.parametrize("name", NAMES)
def test_table_page_has_its_dictionary_and_every_row(built: Path, name: str) -> None:
    page = read(built / "tables" / f"{name}.html")
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    for f in resource["schema"]["fields"]:
        assert f["name"] in page.plain
        # Markdown's `code` in a description is rendered as <code> (no backticks, and the text of its own element).
        assert "".join(f.get("description", "").replace("`", "").split()) in "".join(page.plain.split())
    frame = table(name, history=True)
    assert len(frame) in page.body_rows
    key = resource["schema"]["primaryKey"]
    key = key if isinstance(key, str) else key[0]
    assert set(frame[key]) <= set(page.rows)


@pytest.mark.parametrize("name", CLAIMS)
def test_every_claim_links_to_its_source_and_its_archived_quote(built: Path, name: str) -> None:
    sources = table("sources").set_index("source_id")
    page = read(built / "tables" / f"{name}.html")
    for row in table(name, history=True).itertuples():
        links = page.rows[row.claim_id]
        assert f"../sources/{row.source_id}.html" in links, row.claim_id
        if isinstance(sources.loc[row.source_id, "archive_path"], str):
            assert f"../archive/{row.source_id}.html#{row.claim_id}" in links, row.claim_id


def test_archived_text_highlights_each_claims_quote(built: Path) -> None:
    sources = table("sources")
    archived = sources[sources["archive_path"].notna()]
    assert len(archived) > 0
    for source_id in archived["source_id"]:
        page = read(built / "archive" / f"{source_id}.html")
        for name in CLAIMS:
            frame = table(name, history=True)
            for row in frame[(frame["source_id"] == source_id) & frame["quote"].notna()].itertuples():
                assert row.claim_id in page.ids
                marked = " ".join(text for title, text in page.marks if re.search(rf"\b{row.claim_id}\b", title))
                assert normalise(row.quote) in normalise(marked), row.claim_id


def test_archived_text_keeps_the_lines_locators_count(built: Path) -> None:
    sources = table("sources")
    for source_id, relative in zip(sources["source_id"], sources["archive_path"]):
        if isinstance(relative, str):
            lines = DataPackage.shipped().path_of(relative).read_text(encoding="utf-8").splitlines()
            page = read(built / "archive" / f"{source_id}.html")
            assert {f"line-{n}" for n in range(1, len(lines) + 1)} <= page.ids


def test_each_source_page_lists_the_rows_citing_it(built: Path) -> None:
    for source_id in table("sources")["source_id"]:
        page = read(built / "sources" / f"{source_id}.html")
        hrefs = {v for _, _, v in page.links}
        for name in CLAIMS + ["events"]:
            frame = table(name, history=True)
            key = frame.columns[0]
            for value in frame.loc[frame["source_id"] == source_id, key]:
                assert f"../tables/{name}.html#{value}" in hrefs, (source_id, value)


def test_plots_are_embedded_at_their_size(built: Path) -> None:
    for name in CLAIMS:
        frame = table(name)
        if not frame[["value_low", "value_best", "value_high"]].notna().any(axis=1).any():
            continue
        page = read(built / "tables" / f"{name}.html")
        assert ("img", "src", f"../plots/{name}-timeline.png") in page.links
        data = (built / "plots" / f"{name}-timeline.png").read_bytes()
        assert struct.unpack(">II", data[16:24]) == (1200, 700)


def test_a_cumulative_series_is_embedded_too(rich: tuple[DataPackage, Path]) -> None:
    _, out = rich
    page = read(out / "tables" / "displacement.html")
    assert ("img", "src", "../plots/displacement-cumulative.png") in page.links
    assert (out / "plots" / "displacement-cumulative.png").is_file()


def test_every_text_from_the_data_is_escaped(rich: tuple[DataPackage, Path]) -> None:
    _, out = rich
    for path, page in pages(out).items():
        markup = path.read_text(encoding="utf-8")
        assert "<script>alert" not in markup and "<b>&</b>" not in markup, path
        assert page.scripts == ["../sort.js"] or page.scripts == ["sort.js"], path
    source = read(out / "sources" / f"{SOURCE['source_id']}.html")
    assert SOURCE["title"] in source.plain
    assert HOSTILE_CLAIMANT in source.plain
    assert ("a", "href", SOURCE["url"]) in source.links


def test_without_matplotlib_the_site_says_figures_are_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    built = site.build(tmp_path / "site")
    assert built.plots_note and "pip install matplotlib" in built.plots_note
    assert not (tmp_path / "site" / "plots").exists()
    assert "pip install matplotlib" in read(tmp_path / "site" / "tables" / f"{CLAIMS[0]}.html").plain
    check_links(tmp_path / "site", source_urls())


def test_the_site_is_never_written_into_a_package(package_copy: DataPackage) -> None:
    with pytest.raises(OutputRefused, match="part of the data package"):
        site.build(package_copy.root / "data" / "site", package_copy)


def test_the_command_writes_the_site(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "idlibstats", "site", "--out", str(tmp_path / "s")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "index.html" in result.stdout
    assert (tmp_path / "s" / "index.html").is_file()
    assert {p.name for p in (tmp_path / "s" / "tables").iterdir()} == {f"{n}.html" for n in NAMES}



def test_a_source_id_that_could_leave_the_folder_is_refused(package_copy: DataPackage, tmp_path: Path) -> None:
    from idlibstats.errors import DataError

    path = package_copy.path_of("data/sources.csv")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.append(lines[1].replace(lines[1].split(",")[0], "../../escaped", 1))
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match="cannot name a page"):
        site.build(tmp_path / "site", package_copy, plots=False)
    assert not (tmp_path / "escaped.html").exists()
    assert not (tmp_path / "site").exists(), "nothing is written before the check"


# The pages as a reader meets them: the figures first, in their claimants' words, in a readable order.

HEADLINE = re.compile(r'<article class="headline">(?P<card>.*?)</article>', re.S)


def headline_cards(index: str) -> list[dict[str, str]]:
    import html

    cards = []
    for match in HEADLINE.finditer(index):
        card = match.group("card")
        stated = html.unescape(re.search(r'<p class="stated"><q>(.*?)</q></p>', card, re.S).group(1))
        who = html.unescape(re.search(r'<p class="who">(.*?)</p>', card, re.S).group(1))
        table, claim_id = re.search(r'href="tables/([a-z]+)\.html#([^"]+)"', card).groups()
        source = re.search(r'href="sources/([^"]+)\.html"', card).group(1)
        cards.append({"stated": stated, "who": who, "table": table, "claim_id": claim_id, "source": source})
    return cards


def test_the_index_leads_with_headline_figures_that_are_claims_of_the_data(built: Path) -> None:
    markup = (built / "index.html").read_text(encoding="utf-8")
    cards = headline_cards(markup)
    assert len(cards) >= 3, "the index leads with a few headline figures"
    assert markup.index('id="section-headlines"') < markup.index('id="section-plots"') < markup.index('id="section-tables"')
    for card in cards:
        claims = idlibstats.load(card["table"]).set_index("claim_id")  # active claims only
        assert card["claim_id"] in claims.index, card
        claim = claims.loc[card["claim_id"]]
        assert card["stated"] == claim["stated_as"], "shown in the claimant's own words, never a computed number"
        assert card["who"].startswith(f"{claim['claimant']}, "), card
        assert card["source"] == claim["source_id"]


def test_the_index_shows_the_plots_with_alt_texts_that_say_what_they_show(built: Path) -> None:
    index = read(built / "index.html")
    images = [value for tag, attribute, value in index.links if tag == "img"]
    assert images and all(src.startswith("plots/") for src in images)
    markup = (built / "index.html").read_text(encoding="utf-8")
    alts = re.findall(r'<img src="[^"]+" alt="([^"]+)"', markup)
    assert len(alts) == len(images)
    for alt in alts:
        assert "idlibstats plot" not in alt and "--style" not in alt, "the picture, not the command that drew it"
        assert re.search(r"\b\d[\d,]* claims?\b", alt), alt  # how many claims it draws
        assert re.search(r"\b(casualties|displacement|refugees)\b", alt), alt  # which table
        assert re.search(r"\b(19|20)\d\d\b", alt), alt  # which period


def test_the_index_says_things_once_and_counts_in_good_english(built: Path) -> None:
    index = read(built / "index.html")
    assert index.plain.count("who said it, in which source, over which period, in which words") == 1
    for path in built.rglob("*.html"):
        assert not re.search(r"\b1 (rows|claims|sources|findings) ", read(path).plain), path


def test_the_index_lists_the_sources_by_date(built: Path) -> None:
    index = read(built / "index.html")
    sources = idlibstats.load("sources")
    heading = next(number for number, cells in enumerate(index.cells) if cells[:2] == ["published", "title"])
    rows = index.cells[heading + 1: heading + 1 + len(sources)]
    dated = [cells[0] for cells in rows if cells[0] != "undated"]
    assert dated == sorted(dated)
    assert all(cells[0] == "undated" for cells in rows[len(dated):]), "undated documents come last"
    titles = {" ".join(str(t).split()) for t in sources["title"]}
    assert {cells[1] for cells in rows} == titles


def test_descriptions_render_their_code_spans(built: Path) -> None:
    described = [r for r in DESCRIPTOR["resources"] if "`" in r.get("description", "")
                 or any("`" in f.get("description", "") for f in r["schema"]["fields"])]
    assert described, "some description holds a `code` span"
    for resource in described:
        markup = (built / "tables" / f"{resource['name']}.html").read_text(encoding="utf-8")
        page = read(built / "tables" / f"{resource['name']}.html")
        assert "`" not in page.plain, resource["name"]
        for f in resource["schema"]["fields"]:
            for code in re.findall(r"`([^`]+)`", f.get("description", "")):
                assert f"<code>{code}</code>" in markup, (resource["name"], code)


@pytest.mark.parametrize("name", NAMES)
def test_a_table_page_is_titled_once_and_leads_with_its_rows(built: Path, name: str) -> None:
    markup = (built / "tables" / f"{name}.html").read_text(encoding="utf-8")
    title = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)["title"]
    assert re.search(r"<h1>(.*?)</h1>", markup).group(1) == title
    assert markup.index('id="section-rows"') < markup.index('id="section-dictionary"')
    if name in CLAIMS and 'id="section-plots"' in markup:
        assert markup.index('id="section-rows"') < markup.index('id="section-plots"')


@pytest.mark.parametrize("name", CLAIMS)
def test_each_claim_row_leads_with_claimant_wording_figure_period_and_source(built: Path, name: str) -> None:
    page = read(built / "tables" / f"{name}.html")
    heading = next(cells for cells in page.cells if cells and cells[0] == "claimant")
    assert heading[:6] == ["claimant", "as stated", "figure", "counts", "period", "source"]
    frame = idlibstats.load(name, history=True)
    sources = idlibstats.load("sources").set_index("source_id")
    rows = [cells for cells in page.cells if len(cells) == len(heading) and cells != heading]
    assert len(rows) == len(frame)
    by_id = {cells[-1].split("claim_id")[0].strip(): cells for cells in rows}  # the folded record opens with its id
    for claim in frame.itertuples():
        cells = by_id[claim.claim_id]
        assert cells[0] == " ".join(claim.claimant.split())
        assert cells[1] == " ".join(claim.stated_as.split())
        shown = next(v for v in (claim.value_best, claim.value_low, claim.value_high) if v is not pd_na(v))
        assert f"{int(shown):,}" in cells[2], (claim.claim_id, cells[2])
        assert claim.period_start.date().isoformat() in cells[4]
        assert " ".join(str(sources.loc[claim.source_id, "title"]).split())[:20] in cells[5]


def pd_na(value: object) -> object:
    """``value`` itself when it is missing (so ``v is not pd_na(v)`` keeps the present ones)."""
    import pandas as pd

    return value if value is None or bool(pd.isna(value)) else object()


@pytest.mark.parametrize("name", CLAIMS + ["events"])
def test_rows_are_ordered_by_period(built: Path, name: str) -> None:
    page = read(built / "tables" / f"{name}.html")
    frame = idlibstats.load(name, history=True)
    start, end = PERIODS[name]
    key = frame.columns[0]
    expected = list(frame.sort_values([start, end, key], kind="stable")[key])
    shown = [row_id for row_id in page.rows if row_id in set(frame[key])]
    assert shown == expected


def test_superseded_and_withdrawn_claims_are_marked(rich: tuple[DataPackage, Path]) -> None:
    _, out = rich
    markup = (out / "tables" / "displacement.html").read_text(encoding="utf-8")
    row = re.search(r'<tr role="row" id="dis-9004" class="inactive">(.*?)</tr>', markup, re.S)
    assert row, "the withdrawn claim's row is marked inactive"
    assert '<span class="badge">withdrawn' in row.group(1)


def test_the_site_is_not_written_under_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused, match="does not exist"):
        site.build(tmp_path / "no-such-folder" / "site", plots=False)
    assert not (tmp_path / "no-such-folder").exists()
    with pytest.raises(OutputRefused, match="empty"):
        site.build("", plots=False)
