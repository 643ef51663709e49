"""A static HTML site of the package: every figure with who said it, where, and in which words.

``build(out)`` writes, all through :mod:`idlibstats.faces.output` (atomic, never into a package):

- ``index.html``: a few headline figures (each one claim of the data, in its claimant's words,
  linked to its row), the plots, the tables with their row counts and the period they cover,
  and the sources, by date;
- ``tables/<table>.html``: the table's rows first, ordered by period, each leading with what a
  reader needs (for a claim: claimant, wording, figure and bounds, what it counts, period,
  source) and folding the rest (ids, quote, locator, notes, status) into a ``<details>``; then
  its plots and its data dictionary (from ``datapackage.json`` via :mod:`idlibstats.package.contract`).
  Each claim links to its source and, for an archived source, to its quote in the archived text;
- ``sources/<source_id>.html``: a source's record and every claim and event citing it;
- ``archive/<source_id>.html``: an archived source's text, lines numbered as locators count
  them, the words quoted by claims highlighted with ``<mark>``;
- ``plots/<table>-<style>.png`` (when matplotlib is installed), ``site.css`` and ``sort.js``.

The pages make no external request (no CDN, no web font): the only outside addresses are
links to the sources' own URLs. They are complete without JavaScript; ``sort.js`` only adds
sorting by column. Every text from the data is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idlibstats.errors import DataError, IdlibstatsError, MissingDependency
from idlibstats.faces.output import folder_target, output_file, output_folder, write_bytes, write_text
from idlibstats.package.contract import Field, Table
from idlibstats.package.contract import tables as table_contracts
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd

ASSETS = ("site.css", "sort.js")
SOURCES = "sources"
AREAS = "areas"
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
EXTERNAL = re.compile(r"^https?://\S+$")
BACKTICKS = re.compile(r"`([^`]+)`")
VALUES = ("value_low", "value_best", "value_high")
# Fields of any table folded into a row's <details> rather than shown as a column of their own.
FOLDED = ("date_precision", "quote", "locator", "notes", "status", "supersedes", "read_at", "archive_path", "sha256",
          "accessed")
# How the figure a claim's wording gives is said, by qualifier (the number is the bound the qualifier sets).
SAID = {"exact": ("", "value_best"), "about": ("about ", "value_best"), "nearly": ("nearly ", "value_best"),
        "at_least": ("at least ", "value_low"), "more_than": ("more than ", "value_low"),
        "fewer_than": ("fewer than ", "value_high"), "up_to": ("up to ", "value_high"),
        "vague": ("at least ", "value_low")}
# Words shown before a measure field's value in the "counts" column ("" shows the value alone).
MEASURE_WORDS = {"outcome": "", "victim_group": "", "metric": "", "unit": "", "victim_affiliation": "",
                 "perpetrator": "by", "area_id": "in", "origin_area_id": "from", "destination": "to",
                 "cause": "cause", "subgroup": "of whom", "origin_iso3": "from", "asylum_iso3": "in",
                 "population_group": "group"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass
class Site:
    """What :func:`build` wrote: files relative to the site folder, and why figures are missing, if they are."""

    root: Path
    files: list[str] = field(default_factory=list)
    plots_note: str | None = None


@dataclass(frozen=True)
class Archive:
    """An archived source's text and where in it each claim's quote stands (``claim_id`` -> span)."""

    source_id: str
    text: str
    spans: dict[str, tuple[int, int]]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Headline:
    """A quantity the index leads with: the claims of ``table`` matching ``where`` (a column's value, or
    ``None`` for an empty cell), with a period starting between ``starts``; the index shows the one
    with the latest period end, as recorded, and says how many others speak of the same."""

    table: str
    label: str
    where: tuple[tuple[str, str | None], ...]
    starts: tuple[str, str] | None = None


HEADLINES = (
    Headline("displacement", "People displaced in north-west Syria since 1 December 2019",
             (("metric", "flow"), ("unit", "persons"), ("origin_area_id", "syr-nw"), ("destination", None),
              ("subgroup", None)), ("2019-12-01", "2019-12-01")),
    Headline("casualties", "Civilians killed in north-west Syria, counted from April 2019",
             (("outcome", "killed"), ("victim_group", "civilian"), ("victim_affiliation", None),
              ("perpetrator", None), ("area_id", "syr-nw"), ("subgroup", None)), ("2019-04-01", "2019-04-30")),
    Headline("refugees", "Syrians under temporary protection in Turkey, as UNHCR counts them",
             (("claimant", "UNHCR"), ("origin_iso3", "SYR"), ("asylum_iso3", "TUR"), ("population_group", "all"),
              ("subgroup", None))),
    Headline("refugees", "Syrians under temporary protection in Turkey, as Turkey's migration authority counts them",
             (("claimant", "Directorate General of Migration Management (Turkey)"), ("origin_iso3", "SYR"),
              ("asylum_iso3", "TUR"), ("population_group", "all"), ("subgroup", None))),
)


@dataclass
class Context:
    """Everything the pages are made from, read once."""

    package: DataPackage
    contracts: dict[str, Table]
    frames: dict[str, pd.DataFrame]
    archives: dict[str, Archive]
    plots: dict[str, list[tuple[str, str]]]
    _keys: dict[str, frozenset[str]] = field(default_factory=dict)
    _cited: dict[str, int] | None = None
    _successors: dict[str, dict[str, str]] = field(default_factory=dict)
    _areas: dict[str, str] | None = None
    _sources: dict[str, Any] | None = None
    _citing: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    _records: dict[str, list[Any]] = field(default_factory=dict)

    def keys(self, name: str) -> frozenset[str]:
        """The values of table ``name``'s primary key, when it is one field (rows have them as anchors)."""
        if name not in self._keys:
            key = self.contracts[name].primary_key
            values = self.frames[name][key[0]].dropna().astype(str) if len(key) == 1 else []
            self._keys[name] = frozenset(values)
        return self._keys[name]

    @property
    def claims_tables(self) -> list[str]:
        return [name for name, table in self.contracts.items() if table.is_claims]

    def citing_tables(self) -> list[str]:
        """Tables other than ``sources`` whose rows cite a source by ``source_id``."""
        citing = [name for name, table in self.contracts.items()
                  if name != SOURCES and any(fk.resource == SOURCES for fk in table.foreign_keys)]
        return sorted(citing, key=lambda name: not self.contracts[name].is_claims)

    def cited(self, source_id: str) -> int:
        """How many rows of the citing tables cite source ``source_id``."""
        if self._cited is None:
            counts: dict[str, int] = {}
            for name in self.citing_tables():
                for value, number in self.frames[name]["source_id"].dropna().astype(str).value_counts().items():
                    counts[value] = counts.get(value, 0) + int(number)
            self._cited = counts
        return self._cited.get(source_id, 0)

    def successor(self, name: str, claim_id: str) -> str | None:
        """The claim of table ``name`` that supersedes ``claim_id``, if one does."""
        if name not in self._successors:
            frame = self.frames[name]
            later = frame[frame["supersedes"].notna()] if "supersedes" in frame.columns else frame.iloc[0:0]
            self._successors[name] = dict(zip(later["supersedes"].astype(str), later["claim_id"].astype(str)))
        return self._successors[name].get(claim_id)

    def area_name(self, area_id: str) -> str:
        """An area's name (its id where the areas table has no such row or no names)."""
        if self._areas is None:
            areas = self.frames.get(AREAS)
            self._areas = {}
            if areas is not None and {"area_id", "name"} <= set(areas.columns):
                self._areas = dict(zip(areas["area_id"].astype(str), areas["name"].astype(str)))
        return self._areas.get(area_id) or area_id

    def records(self, name: str) -> list[Any]:
        """Table ``name``'s rows as named tuples, in the order its pages show them (see :func:`ordered`)."""
        if name not in self._records:
            frame = ordered(self.contracts[name], self.frames[name])
            self._records[name] = list(frame.itertuples(index=False))
        return self._records[name]

    def citing(self, name: str, source_id: str) -> list[Any]:
        """The rows of table ``name`` citing source ``source_id``, in page order."""
        if name not in self._citing:
            groups: dict[str, list[Any]] = {}
            for row in self.records(name):
                groups.setdefault(text(row.source_id), []).append(row)
            self._citing[name] = groups
        return self._citing[name].get(source_id, [])

    def source(self, source_id: str) -> Any:
        """Row ``source_id`` of the sources table, or ``None``."""
        if self._sources is None:
            self._sources = {str(row.source_id): row for row in self.frames[SOURCES].itertuples(index=False)}
        return self._sources.get(source_id)


def e(value: Any) -> str:
    """``value`` as escaped HTML text."""
    return html.escape(str(value), quote=True)


def prose(value: Any) -> str:
    """A description as HTML: escaped, with Markdown's `code` spans rendered as code.

    >>> prose("`evt-` followed by <digits>")
    '<code>evt-</code> followed by &lt;digits&gt;'
    """
    return BACKTICKS.sub(r"<code>\1</code>", e(value))


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` with its noun, singular or plural: ``plural(1, "row")`` is ``'1 row'``.

    >>> plural(1, "row"), plural(21, "row"), plural(0, "claim")
    ('1 row', '21 rows', '0 claims')
    """
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def build(out: str | Path, package: DataPackage | None = None, plots: bool = True) -> Site:
    """Write the site into folder ``out``; return what was written.

    ``out`` may exist (as a folder) or be new, but the folder it is made in must exist: a
    mistyped path is refused rather than created.
    """
    package = package or DataPackage.shipped()
    root = folder_target(out)
    if not root.exists():
        output_file(root)  # refuses a missing parent folder, with a line saying which
    site = Site(root)
    context = gather(package)
    if plots:
        context.plots, site.plots_note = draw_plots(context, site)
    else:
        site.plots_note = "figures left out (plots=False)"
    for asset in ASSETS:
        emit(site, asset, resources.files("idlibstats.faces").joinpath("assets").joinpath(asset).read_text(encoding="utf-8"))
    from idlibstats.faces import quantity_pages

    found = quantity_pages.quantities(context)
    emit(site, "index.html", index_page(context, site.plots_note, quantity_pages.disagreements_section(found, context)))
    for quantity in found:
        emit(site, quantity.file, quantity_pages.quantity_page(context, quantity))
    for name in context.contracts:
        emit(site, f"tables/{file_name(name)}.html", table_page(context, name, site.plots_note))
    for source in context.frames[SOURCES].itertuples(index=False):
        emit(site, f"sources/{file_name(source.source_id)}.html", source_page(context, source))
    for archive in context.archives.values():
        emit(site, f"archive/{file_name(archive.source_id)}.html", archive_page(context, archive))
    return site


def emit(site: Site, relative: str, content: str) -> None:
    target = site.root / relative
    output_folder(target.parent)
    write_text(target, content)
    site.files.append(relative)


def file_name(value: str) -> str:
    """A key used as a file name (source_id, table name), refused if it could leave its folder."""
    if not SAFE_NAME.fullmatch(value):
        raise DataError(f"{value!r} cannot name a page of the site; run `idlibstats validate`", value=value)
    return value


def gather(package: DataPackage) -> Context:
    from idlibstats.frames.loading import load

    contracts = {table.name: table for table in table_contracts(package)}
    frames = {name: load(name, history=True, package=package) for name in contracts}
    for name in [*contracts, *frames[SOURCES]["source_id"].dropna()]:
        file_name(name)  # before any file is written
    context = Context(package, contracts, frames, {}, {})
    context.archives = read_archives(context)
    return context


def read_archives(context: Context) -> dict[str, Archive]:
    """Each archived source's text with the spans of the quotes that claims take from it."""
    archives = {}
    sources = context.frames[SOURCES]
    for source_id, relative in zip(sources["source_id"], sources["archive_path"]):
        if not isinstance(relative, str):
            continue
        try:
            text = context.package.path_of(relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, IdlibstatsError):
            continue
        quotes: dict[str, Any] = {}
        for name in context.claims_tables:
            frame = context.frames[name]
            rows = frame[(frame["source_id"] == source_id).fillna(False) & frame["quote"].notna()]
            quotes.update(zip(rows["claim_id"], rows["quote"]))
        spans = quote_spans(text, quotes)
        archives[source_id] = Archive(source_id, text, spans, tuple(c for c in quotes if c not in spans))
    return archives


def quote_spans(text: str, quotes: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Where each quote stands in ``text``, whitespace forgiven as the quote check forgives it.

    >>> quote_spans("a  fine\\nday. And more.", {"c-1": "fine day.", "c-2": "no such words"})
    {'c-1': (3, 12)}
    """
    spans = {}
    for claim_id, quote in quotes.items():
        words = str(quote).split()
        if not words:
            continue
        found = re.search(r"\s+".join(re.escape(word) for word in words), text)
        if found:
            spans[claim_id] = found.span()
    return spans


def merged(spans: dict[str, tuple[int, int]]) -> list[tuple[int, int, list[str]]]:
    """Overlapping or touching spans joined: ``(start, end, claim_ids)`` in text order.

    >>> merged({"a": (0, 5), "b": (3, 9), "c": (20, 25)})
    [(0, 9, ['a', 'b']), (20, 25, ['c'])]
    """
    joined: list[tuple[int, int, list[str]]] = []
    for claim_id, (start, end) in sorted(spans.items(), key=lambda item: (item[1], item[0])):
        if joined and start <= joined[-1][1]:
            first, last, ids = joined[-1]
            joined[-1] = (first, max(last, end), ids + [claim_id])
        else:
            joined.append((start, end, [claim_id]))
    return joined


def draw_plots(context: Context, site: Site) -> tuple[dict[str, list[tuple[str, str]]], str | None]:
    """Each claims table's figures as PNGs: ``table -> [(relative path, alt text)]``."""
    from idlibstats.faces import plot

    try:
        plot.require_matplotlib()
    except MissingDependency as error:
        return {}, f"Figures are left out: {error.message}"
    drawn: dict[str, list[tuple[str, str]]] = {}
    for name in context.claims_tables:
        for style in plot.STYLES:
            try:
                figure = plot.figure(name, style, context.package)
            except plot.NothingToPlot:
                continue
            relative = f"plots/{name}-{style}.png"
            write_bytes(output_folder(site.root / "plots") / f"{name}-{style}.png", plot.png(figure))
            site.files.append(relative)
            figure.clear()
            drawn.setdefault(name, []).append((relative, plot_alt(context, name, style)))
    return drawn, None


def plot_alt(context: Context, name: str, style: str) -> str:
    """What the picture of table ``name`` in ``style`` shows, in words: its claims, their period, their claimants.

    Uses :func:`idlibstats.faces.plot.describe` where the plot module has it.
    """
    from idlibstats.faces import plot

    describe = getattr(plot, "describe", None)
    if callable(describe):
        try:
            said = describe(name, style, context.package)
        except Exception:  # an older or different describe(): fall back to our own words
            said = None
        if isinstance(said, str) and said.strip():
            return said.strip().rstrip(".")
    table = context.contracts[name]
    frame = active(context, name)
    frame = frame[frame[list(VALUES)].notna().any(axis=1)]
    start, end = table.period or ("period_start", "period_end")
    claimants = frame["claimant"].dropna().nunique()
    what = ("stepped lines through the figures each claimant reported as of successive days, counted from one day"
            if style == "cumulative" else "each claim drawn over its period at its figure")
    return (f"{style.capitalize()} of {table.title.lower()}: {what}; of {plural(len(frame), 'active claim')} with a "
            f"figure, by {plural(claimants, 'claimant')}, from {iso(frame[start].min())} to {iso(frame[end].max())}")


def active(context: Context, name: str) -> pd.DataFrame:
    frame = context.frames[name]
    return frame[frame["status"] == "active"] if "status" in frame.columns else frame


def page(title: str, body: str, depth: int, context: Context, current: str | None = None) -> str:
    """A whole HTML document; ``depth`` is how many folders below the site root the page is."""
    up = "../" * depth
    here = ' aria-current="page"'
    links = [f'<a href="{up}index.html"{here if current == "index" else ""}>Home</a>']
    links += [f'<a href="{up}tables/{e(name)}.html"{here if current == name else ""}>{e(name)}</a>'
              for name in context.contracts]
    package = context.package
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · {e(package.name)}</title>
<link rel="stylesheet" href="{up}site.css">
<script src="{up}sort.js" defer></script>
</head>
<body>
<header class="site"><nav>{" ".join(links)}</nav></header>
<main>
{body}
</main>
<footer>{e(package.name)} data version {e(package.version)}. Generated by <code>idlibstats site</code> from
<code>datapackage.json</code> and the package's tables. Data under CC BY 4.0; archived documents remain under their
publishers' terms.</footer>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------------- the index


def index_page(context: Context, plots_note: str | None, disagreements: str = "") -> str:
    from idlibstats.faces.summary import summarise

    package = context.package
    descriptor = package.descriptor
    rows = []
    for summary in summarise(package, context.frames):
        table = context.contracts[summary.name]
        frame = context.frames[summary.name]
        claims = int((frame["status"] == "active").sum()) if table.is_claims and "status" in frame.columns else None
        period = f"{summary.period_start} to {summary.period_end}" if summary.period_start else ""
        verdict = "passes" if summary.passes else f"fails ({plural(summary.findings, 'finding')})"
        rows.append(
            f'<tr><td><a href="tables/{e(table.name)}.html">{e(table.name)}</a></td><td>{prose(table.description)}</td>'
            f'<td class="number">{"" if summary.rows is None else f"{summary.rows:,}"}</td>'
            f'<td class="number">{"" if claims is None else f"{claims:,}"}</td>'
            f'<td class="date">{e(period)}</td>'
            f'<td class="number">{"" if summary.sources is None else summary.sources}</td>'
            f"<td>{verdict}</td></tr>")
    claims_total = sum(len(active(context, name)) for name in context.claims_tables)
    cited = sum(1 for source_id in context.frames[SOURCES]["source_id"].dropna() if context.cited(str(source_id)))
    note = f'<p class="muted">{e(plots_note)}</p>' if plots_note else ""
    headlines = headline_section(context)
    gallery = plots_gallery(context)
    contents = [("section-headlines", "Headline figures") if headlines else None,
                ("section-quantities", "Where sources disagree") if disagreements else None,
                ("section-plots", "Plots") if gallery else None,
                ("section-tables", "Tables"), ("section-sources", "Sources")]
    toc = " · ".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in filter(None, contents))
    body = f"""<h1>{e(descriptor.get("title", package.name))}</h1>
<p class="lead">{prose(descriptor.get("description", ""))}</p>
<p>Data version <strong>{e(package.version)}</strong>: {plural(claims_total, "active claim")} from
{plural(cited, "source document")}. Where sources disagree, each claim is a row of its own: nothing is added up,
averaged or corrected. <span class="muted">On this page: {toc}.</span></p>
{note}
{headlines}
{disagreements}
{gallery}
<h2 id="section-tables">Tables</h2>
<table class="sortable summary">
<thead><tr><th>table</th><th>what it holds</th><th>rows</th><th>active claims</th><th>period covered</th><th>sources</th>
<th>checks</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<h2 id="section-sources">Sources</h2>
<p class="muted">{plural(len(context.frames[SOURCES]), "document")}, by date of publication (undated ones last).
Each links to its record and the rows citing it.</p>
{sources_list(context)}"""
    return page("Home", body, 0, context, current="index")


def headline_section(context: Context) -> str:
    """The index's headline figures: each one claim from the data, shown as recorded, linked to its row."""
    cards = []
    for headline in HEADLINES:
        chosen = headline_claim(context, headline)
        if chosen is None:
            continue
        row, others = chosen
        table = context.contracts[headline.table]
        start, end = table.period or ("period_start", "period_end")
        said = figure_words(row)
        more = (f"the latest-dated of {plural(others + 1, 'such claim')} in the table"
                if others else "the only such claim in the table")
        cards.append(f"""<article class="headline">
<h3>{e(headline.label)}</h3>
<p class="stated"><q>{e(text(row.stated_as))}</q></p>
<p class="who">{e(text(row.claimant))}, {e(human_period(getattr(row, start), getattr(row, end)))}</p>
<p class="muted">{e(said) + "; " if said else ""}{more}.</p>
<p><a href="tables/{e(headline.table)}.html#{e(row.claim_id)}">Claim {e(row.claim_id)}</a> ·
<a href="sources/{e(row.source_id)}.html">its source</a></p>
</article>""")
    if not cards:
        return ""
    return f"""<h2 id="section-headlines">Headline figures</h2>
<p class="muted">Each is one claim of the data, in its claimant's own words: the claim about that quantity with the
latest period end. Other claimants give other figures for the same quantities; each table lists them all.</p>
<div class="headlines">
{chr(10).join(cards)}
</div>"""


def headline_claim(context: Context, headline: Headline) -> tuple[Any, int] | None:
    """The claim a headline shows (latest period end, then longest period, then claim id) and how many others match."""
    if headline.table not in context.contracts:
        return None
    table = context.contracts[headline.table]
    frame = active(context, headline.table)
    start, end = table.period or ("period_start", "period_end")
    if any(column not in frame.columns for column, _ in headline.where) or start not in frame.columns:
        return None
    keep = frame[list(VALUES)].notna().any(axis=1)
    for column, value in headline.where:
        keep &= frame[column].isna() if value is None else (frame[column].astype("string") == value).fillna(False)
    if headline.starts is not None:
        import pandas as pd

        first, last = (pd.Timestamp(day) for day in headline.starts)
        keep &= ((frame[start] >= first) & (frame[start] <= last)).fillna(False)
    matching = frame[keep]
    if matching.empty:
        return None
    ordered = matching.sort_values([end, start, "claim_id"], ascending=[False, True, True])
    return next(ordered.itertuples(index=False)), len(matching) - 1


def plots_gallery(context: Context) -> str:
    figures = []
    for name in context.claims_tables:
        for path, alt in context.plots.get(name, []):
            figures.append(f'<figure><a href="tables/{e(name)}.html#section-plots"><img src="{e(path)}" alt="{e(alt)}" '
                           f'width="1200" height="700" loading="lazy"></a><figcaption>{e(alt)}.</figcaption></figure>')
    if not figures:
        return ""
    return f"""<h2 id="section-plots">Plots</h2>
<div class="gallery">
{chr(10).join(figures)}
</div>"""


def sources_list(context: Context) -> str:
    sources = context.frames[SOURCES]
    ordered = sources.sort_values(["published", "title"], na_position="last", kind="stable")
    rows = []
    for source in ordered.itertuples(index=False):
        cited = context.cited(str(source.source_id))
        rows.append(f'<tr><td class="date">{e(text(source.published) or "undated")}</td>'
                    f'<td><a href="sources/{e(source.source_id)}.html">{e(source.title)}</a></td>'
                    f'<td>{e(text(source.publisher)) or muted("not recorded")}</td>'
                    f'<td class="number" data-sort="{cited}">{plural(cited, "row")}</td></tr>')
    return ('<table class="sortable summary"><thead><tr><th>published</th><th>title</th><th>publisher</th>'
            f'<th>rows citing it</th></tr></thead><tbody>\n{chr(10).join(rows)}\n</tbody></table>')


# ---------------------------------------------------------------------------------------------- table pages


def table_page(context: Context, name: str, plots_note: str | None) -> str:
    table = context.contracts[name]
    frame = context.frames[name]
    keys = [f"<code>{e(k)}</code>" for k in table.primary_key]
    references = []
    for fk in table.foreign_keys:
        target = fk.resource or table.name
        references.append(f'<li><code>{e(", ".join(fk.fields))}</code> refers to '
                          f'<a href="{e(target)}.html"><code>{e(target)}.{e(", ".join(fk.reference_fields))}</code></a>'
                          "</li>")
    counts = plural(len(frame), "row")
    if table.is_claims and "status" in frame.columns:
        live = int((frame["status"] == "active").sum())
        counts += f" ({plural(live, 'active claim')}" + (f", {len(frame) - live:,} superseded or withdrawn)"
                                                          if live != len(frame) else ")")
    period = ""
    if table.period and len(frame) and frame[table.period[0]].notna().any():
        period = f", {iso(frame[table.period[0]].min())} to {iso(frame[table.period[1]].max())}"
    figures = ""
    contents = [("section-rows", "Rows")]
    if table.is_claims:
        drawn = context.plots.get(name, [])
        figures = "<h2 id=\"section-plots\">Plots</h2>\n" + ("\n".join(
            f'<figure><img src="../{e(path)}" alt="{e(alt)}" width="1200" height="700" loading="lazy">'
            f"<figcaption>{e(alt)}.</figcaption></figure>" for path, alt in drawn)
            or f'<p class="muted">{e(plots_note or "No claim with a value to draw.")}</p>')
        contents.append(("section-plots", "Plots"))
    contents.append(("section-dictionary", "Data dictionary"))
    toc = " · ".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in contents)
    how = ""
    if table.is_claims:
        how = (" One row per figure as one claimant states it, ordered by period; click a heading to sort, and a "
               "row's id for its quote, where it stands in the document, notes and status.")
    elif rows_have_details(table):
        how = " Click a heading to sort, and a row's id for the rest of its fields."
    body = f"""<h1>{e(table.title)}</h1>
<p class="lead">{prose(table.description)}</p>
<p>Table <code>{e(name)}</code>, file <code>{e(table.path)}</code>: {counts}{e(period)}.<span class="muted">{how}
On this page: {toc}.</span></p>
<h2 id="section-rows">Rows</h2>
{rows_table(context, name)}
{figures}
<h2 id="section-dictionary">Data dictionary</h2>
<p class="muted">Generated from <code>datapackage.json</code>. Primary key: {", ".join(keys) or "none"}.</p>
<ul>{"".join(references)}</ul>
{dictionary_table(table)}"""
    return page(table.title, body, 1, context, current=name)


def dictionary_table(table: Table) -> str:
    rows = []
    for f in table.fields:
        rows.append(f"<tr><td><code>{e(f.name)}</code></td><td>{e(f.type)}</td><td>{'yes' if f.required else ''}</td>"
                    f'<td class="constraints">{constraints(f)}</td><td>{f"<code>{e(f.hxl)}</code>" if f.hxl else ""}</td>'
                    f"<td>{prose(f.description)}</td></tr>")
    return ('<table class="dictionary"><thead><tr><th>field</th><th>type</th><th>required</th><th>constraints</th>'
            f'<th>HXL</th><th>description</th></tr></thead><tbody>\n{chr(10).join(rows)}\n</tbody></table>')


def constraints(f: Field) -> str:
    return "; ".join((e(wording) + " " + ", ".join(f"<code>{e(v)}</code>" for v in values)).strip()
                     for wording, values in f.constraint_parts())


@dataclass(frozen=True)
class Column:
    """One column of a rows table: its heading, its width in the row's grid, and how a row fills it."""

    heading: str
    width: str
    cell: Callable[[Any], str]
    sort: Callable[[Any], str] | None = None
    kind: str = ""


def rows_table(context: Context, name: str, rows: list[Any] | None = None, on_source: bool = False) -> str:
    """Every row of ``name`` (or ``rows``), ordered by period: the columns that say what a row is, the rest folded.

    Each row of the table's own page has its key as its ``id``; a claim's last cell holds its
    links to its source and to its quote in the archived text.
    """
    table = context.contracts[name]
    records = context.records(name) if rows is None else rows
    columns = row_columns(context, table, on_source)
    key = table.primary_key[0] if len(table.primary_key) == 1 else None
    folded = rows_have_details(table)
    if folded:
        columns.append(Column("more", "6.2rem", lambda row: details(context, table, row, on_source), kind="more"))
    template = " ".join(column.width for column in columns)
    headings = "".join(f'<th scope="col" role="columnheader">{e(column.heading)}</th>' for column in columns)
    body = []
    for row in records:
        anchor = f' id="{e(getattr(row, key))}"' if key and not on_source else ""
        status = text(getattr(row, "status", ""))
        inactive = ' class="inactive"' if status not in ("", "active") else ""
        cells = []
        for column in columns:
            sort = f' data-sort="{e(column.sort(row))}"' if column.sort else ""
            kind = f' class="{column.kind}"' if column.kind else ""
            cells.append(f'<td role="cell" data-label="{e(column.heading)}"{kind}{sort}>{column.cell(row)}</td>')
        body.append(f'<tr role="row"{anchor}{inactive}>{"".join(cells)}</tr>')
    return (f'<table class="sortable rows" role="table" style="--columns: {template}">'
            f'<thead role="rowgroup"><tr role="row">{headings}</tr></thead><tbody role="rowgroup">\n'
            f"{chr(10).join(body)}\n</tbody></table>")


def ordered(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by period (start, then end), then key; sources by date of publication; others as in the file."""
    key = list(table.primary_key)
    if table.name == SOURCES and "published" in frame.columns:
        return frame.sort_values(["published", *key], na_position="last", kind="stable")
    if table.period and all(column in frame.columns for column in table.period):
        return frame.sort_values([*table.period, *key], na_position="last", kind="stable")
    return frame


def rows_have_details(table: Table) -> bool:
    """Whether a table's rows fold some fields away (a table of a few plain fields shows them all)."""
    return table.is_claims or any(f.name in FOLDED for f in table.fields)


def row_columns(context: Context, table: Table, on_source: bool) -> list[Column]:
    """The columns a row of ``table`` leads with."""
    if table.is_claims:
        columns = [
            Column("claimant", "minmax(7rem, 0.9fr)", lambda row: e(text(row.claimant))),
            Column("as stated", "minmax(8.5rem, 1.2fr)", lambda row: f"<q>{e(text(row.stated_as))}</q>",
                   kind="stated"),
            Column("figure", "minmax(9rem, 1.2fr)", lambda row: figure_cell(context, table, row),
                   sort=lambda row: sort_number(figure_value(row)), kind="figure"),
            Column("counts", "minmax(9rem, 1.4fr)", lambda row: measure_cell(context, table, row)),
            Column("period", "6.6rem", lambda row: period_cell(table, row),
                   sort=lambda row: period_sort(table, row), kind="date"),
        ]
        if on_source:
            columns.append(Column("claim", "5.4rem", lambda row: row_link(table, row)))
        else:
            columns.append(Column("source", "minmax(9rem, 1.5fr)", lambda row: source_cell(context, row)))
        return columns
    if table.name == SOURCES:
        return [
            Column("published", "6.4rem", lambda row: e(text(row.published) or "undated"), kind="date",
                   sort=lambda row: text(row.published) or "9999"),
            Column("title", "minmax(12rem, 2.4fr)",
                   lambda row: f'<a href="../sources/{e(row.source_id)}.html">{e(text(row.title))}</a>'),
            Column("publisher", "minmax(8rem, 1.3fr)", lambda row: e(text(row.publisher)) or muted("not recorded")),
            Column("type", "7rem", lambda row: e(text(row.source_type).replace("_", " "))),
            Column("cited by", "6.4rem", lambda row: plural(context.cited(str(row.source_id)), "row"),
                   sort=lambda row: sort_number(context.cited(str(row.source_id))), kind="number"),
            Column("document", "minmax(7rem, 1fr)", lambda row: document_links(context, row)),
        ]
    key = table.primary_key[0] if len(table.primary_key) == 1 else None
    period = list(table.period) if table.period and table.period[0] != table.period[1] else []
    folded = rows_have_details(table)
    columns = []
    if period:
        columns.append(Column(period[0].replace("_start", "").replace("_", " ") if period[0].endswith("_start")
                              else "dates", "6.6rem", lambda row: period_cell(table, row),
                              sort=lambda row: period_sort(table, row), kind="date"))
    for f in table.fields:
        if f.name in period or (folded and (f.name in FOLDED or f.name == key)):
            continue
        if f.name == "source_id" and any(fk.resource == SOURCES and fk.fields == ("source_id",) for fk in table.foreign_keys):
            if not on_source:
                columns.append(Column("source", "minmax(9rem, 1.5fr)", lambda row: source_cell(context, row)))
            continue
        width = "minmax(14rem, 3fr)" if f.is_free_text and f.name in ("summary", "description") else "minmax(5rem, 1fr)"
        columns.append(Column(heading(f.name, key), width, cell_renderer(context, table, f),
                              sort=number_sorter(f.name) if f.type in ("integer", "number") else None))
    if on_source and key:
        columns.append(Column(key.replace("_", " "), "5.4rem", lambda row: row_link(table, row)))
    return columns


def heading(name: str, key: str | None) -> str:
    """A column's heading: the field's name, a reference to another table without its ``_id``.

    >>> heading("area_id", "event_id"), heading("area_id", "area_id"), heading("date_precision", None)
    ('area', 'area_id', 'date precision')
    """
    if name == key:
        return name
    return name.removesuffix("_id").replace("_", " ")


def number_sorter(name: str) -> Callable[[Any], str]:
    return lambda row: sort_number(getattr(row, name))


def cell_renderer(context: Context, table: Table, f: Field) -> Callable[[Any], str]:
    return lambda row: render_value(context, table, f, row)


def render_value(context: Context, table: Table, f: Field, row: Any) -> str:
    """One value of a row, escaped; a key into another table links to that row, an area shows its name."""
    value = getattr(row, f.name)
    shown = text(value)
    if shown == "":
        return ""
    if f.type == "integer":
        shown = f"{int(value):,}"
    target = link_target(context, table, f.name, shown)
    if target and target.startswith(f"tables/{AREAS}.html#"):
        label = e(context.area_name(shown))  # an area by its name, linked to its row
    elif f.type == "string" and not f.is_free_text:
        label = f"<code>{e(shown)}</code>"  # an identifier, a code or a value of a list
    else:
        label = e(shown)
    if target:
        href = target if EXTERNAL.match(target) else f"../{target}"
        return f'<a href="{e(href)}">{label}</a>'
    return label


def link_target(context: Context, table: Table, name: str, value: str) -> str | None:
    """Where a cell links: a source's own URL, or a page of the site relative to its root (``None``: no link)."""
    if table.name == SOURCES and name == "url":
        return value if EXTERNAL.match(value) else None
    if table.name == SOURCES and name == "source_id":
        return f"sources/{value}.html"
    for fk in table.foreign_keys:
        target = fk.resource or table.name
        if fk.fields != (name,) or value not in context.keys(target):
            continue
        return f"sources/{value}.html" if target == SOURCES else f"tables/{target}.html#{value}"
    return None


def figure_value(row: Any) -> int | None:
    """The number a claim is placed at when sorting: its best figure, else its lower bound, else its upper."""
    for column in ("value_best", "value_low", "value_high"):
        value: Any = getattr(row, column, None)
        if text(value) != "":
            return int(value)
    return None


def figure_words(row: Any) -> str:
    """The figure a claim's wording gives, said with its qualifier in numerals: ``more than 1,700,000``.

    Nothing is computed: the number is the bound the qualifier sets (both, for a range).
    """
    qualifier = text(getattr(row, "qualifier", ""))
    low, best, high = (getattr(row, column, None) for column in VALUES)
    if qualifier == "range" and text(low) and text(high):
        return f"{int(low):,} to {int(high):,}"  # type: ignore[arg-type]
    prefix, column = SAID.get(qualifier, ("", "value_best"))
    value = getattr(row, column, None)
    if text(value) == "":
        value = next((v for v in (best, low, high) if text(v) != ""), None)
        prefix = ""
    return "" if value is None else f"{prefix}{int(value):,}"


def figure_cell(context: Context, table: Table, row: Any) -> str:
    said = figure_words(row)
    qualifier = text(getattr(row, "qualifier", ""))
    bounds = " · ".join(f"{column.removeprefix('value_')} {fmt(getattr(row, column))}" for column in VALUES)
    note = (' <span class="muted" title="vague words such as &quot;hundreds&quot;: value_low is the lower bound '
            'the package sets for them (datapackage.json, vagueLowerBounds)">(vague words)</span>'
            if qualifier == "vague" else "")
    status = text(getattr(row, "status", ""))
    badge = ""
    if status and status != "active":
        successor = context.successor(table.name, str(row.claim_id)) if status == "superseded" else None
        later = f' by <a href="../tables/{e(table.name)}.html#{e(successor)}">{e(successor)}</a>' if successor else ""
        badge = f'<br><span class="badge">{e(status)}{later}</span>'
    main = f'<strong>{e(said)}</strong>' if said else muted("no figure")
    return (f'{main}{note}<br><span class="bounds" title="the bounds recorded: value_low, value_best, value_high">'
            f"{e(bounds)}</span>{badge}")


def fmt(value: Any) -> str:
    return "–" if text(value) == "" else f"{int(value):,}"


def sort_number(value: Any) -> str:
    """A number as text that sorts as the number does (missing last)."""
    return "" if value is None or text(value) == "" else f"{int(value):020d}"


def measure_cell(context: Context, table: Table, row: Any) -> str:
    """What a claim counts: its measure fields' values, labelled where a bare value would not say it."""
    parts = []
    for name in table.measure:
        if name not in table.field_names:
            continue
        value = text(getattr(row, name))
        if not value:
            continue
        shown = e(value)
        target = link_target(context, table, name, value)
        if target and target.startswith(f"tables/{AREAS}.html#"):
            shown = f'<a href="../{e(target)}">{e(context.area_name(value))}</a>'
        word = MEASURE_WORDS.get(name, name.replace("_", " "))
        parts.append(f'<span class="muted">{e(word)}</span> {shown}' if word else shown)
    return " · ".join(parts)


def period_cell(table: Table, row: Any) -> str:
    start, end = table.period  # type: ignore[misc]
    first, last = text(getattr(row, start)), text(getattr(row, end))
    if not first and not last:
        return ""
    if first == last:
        return e(first)
    return f"{e(first)} to<br>{e(last)}"


def period_sort(table: Table, row: Any) -> str:
    start, end = table.period  # type: ignore[misc]
    return f"{text(getattr(row, start))} {text(getattr(row, end))}"


def source_cell(context: Context, row: Any) -> str:
    source = context.source(str(row.source_id))
    if source is None:
        return f"<code>{e(row.source_id)}</code>"
    when = text(source.published) or "undated"
    return (f'<a class="title" href="../sources/{e(row.source_id)}.html" title="{e(text(source.title))}">'
            f'{e(text(source.title))}</a><span class="muted">'
            f'{e(text(source.publisher) or "publisher not recorded")}, {e(when)}</span>')


def document_links(context: Context, row: Any) -> str:
    links = []
    url = text(row.url)
    if EXTERNAL.match(url):
        links.append(f'<a href="{e(url)}" rel="noopener noreferrer">publisher\'s page</a>')
    if row.source_id in context.archives:
        links.append(f'<a href="../archive/{e(row.source_id)}.html">archived text</a>')
    return "<br>".join(links) or muted("no address")


def row_link(table: Table, row: Any) -> str:
    key = table.primary_key[0]
    value = getattr(row, key)
    return f'<a href="../tables/{e(table.name)}.html#{e(value)}">{e(value)}</a>'


def details(context: Context, table: Table, row: Any, on_source: bool) -> str:
    """The rest of a row, folded: its key and every field not shown as a column, with a claim's provenance links."""
    key = table.primary_key[0] if len(table.primary_key) == 1 else None
    shown = {"claimant", "stated_as", "source_id", *table.measure, *(table.period or ())} if table.is_claims else set()
    if not table.is_claims:
        shown = {f.name for f in table.fields if f.name not in FOLDED and f.name != key}
        if table.name == SOURCES:
            shown -= {"source_id", "url"}
    items = []
    if key:
        value = e(getattr(row, key))
        where = f"../tables/{e(table.name)}.html#{value}" if on_source else f"#{value}"
        items.append(f'<dt>{e(key)}</dt><dd><a href="{where}">{value}</a></dd>')
    for f in table.fields:
        if f.name == key or f.name in shown:
            continue
        value = render_value(context, table, f, row)
        if f.name == "quote" and value:
            value = f"<q>{value}</q>"
        elif f.is_free_text and value:
            value = prose(text(getattr(row, f.name)))
        items.append(f"<dt>{e(f.name)}</dt><dd>{value or muted('empty')}</dd>")
    if table.is_claims:
        links = [f'<a href="../sources/{e(row.source_id)}.html">the source\'s record</a>']
        links += archive_links(context, row, "../")
        items.append(f"<dt>provenance</dt><dd>{' · '.join(links)}</dd>")
    elif table.name == SOURCES:
        items.append(f'<dt>rows citing it</dt><dd><a href="../sources/{e(row.source_id)}.html">'
                     f'{plural(context.cited(str(row.source_id)), "row")}</a></dd>')
    summary = e(getattr(row, key)) if key and not on_source else "more"
    return (f'<details><summary title="{summary}: the rest of this row">{summary}</summary>'
            f'<dl class="record">{"".join(items)}</dl></details>')


def archive_links(context: Context, row: Any, up: str) -> list[str]:
    archive = context.archives.get(row.source_id)
    if archive is None:
        return []
    if row.claim_id in archive.spans:
        return [f'<a href="{up}archive/{e(row.source_id)}.html#{e(row.claim_id)}">quote in the archived text</a>']
    return [f'<a href="{up}archive/{e(row.source_id)}.html">archived text</a>']


def muted(words: str) -> str:
    return f'<span class="muted">{e(words)}</span>'


# ---------------------------------------------------------------------------------------------- sources and archives


def source_page(context: Context, source: Any) -> str:
    table = context.contracts[SOURCES]
    items = []
    for f in table.fields:
        value = text(getattr(source, f.name))
        if f.name == "url" and EXTERNAL.match(value):
            shown = f'<a href="{e(value)}" rel="noopener noreferrer">{e(value)}</a>'
        elif f.name == "archive_path" and source.source_id in context.archives:
            shown = (f'<a href="../archive/{e(source.source_id)}.html">{e(value)}</a> '
                     "(the archived text, quotes highlighted)")
        elif f.is_free_text:
            shown = prose(value) if value else muted("not recorded")
        else:
            shown = e(value) if value else muted("not recorded")
        items.append(f"<dt>{e(f.name)}</dt><dd>{shown}</dd>")
    sections = []
    for name in context.citing_tables():
        rows = context.citing(name, str(source.source_id))
        if not rows:
            continue
        sections.append(f'<h2 id="section-{e(name)}">{e(context.contracts[name].title)}: {plural(len(rows), "row")}</h2>\n'
                        + rows_table(context, name, rows, on_source=True))
    body = f"""<h1>{e(source.title)}</h1>
<p class="muted">Source <code>{e(source.source_id)}</code>, a row of
<a href="../tables/sources.html#{e(source.source_id)}">sources</a>, cited by
{plural(context.cited(str(source.source_id)), "row")} of the package.</p>
<dl class="record">{"".join(items)}</dl>
{chr(10).join(sections) or '<p>No row cites this source.</p>'}"""
    return page(str(source.title), body, 1, context)


def archive_page(context: Context, archive: Archive) -> str:
    sources = context.frames[SOURCES]
    source = next(sources[sources["source_id"] == archive.source_id].itertuples(index=False))
    segments = merged(archive.spans)
    starts: dict[int, list[str]] = {}
    for claim_id, (start, _) in archive.spans.items():
        starts.setdefault(start, []).append(claim_id)
    lines = []
    offset = 0
    for number, line in enumerate(archive.text.splitlines(keepends=True), start=1):
        content = line.rstrip("\r\n")
        rendered = render_line(archive.text, offset, offset + len(content), segments, starts)
        lines.append(f'<li id="line-{number}">{rendered}</li>')
        offset += len(line)
    quoted = []
    for name in context.claims_tables:
        frame = context.frames[name]
        rows = frame[(frame["source_id"] == archive.source_id).fillna(False) & frame["quote"].notna()]
        for row in rows.itertuples(index=False):
            where = (f'<a href="#{e(row.claim_id)}">line {line_of(archive.text, archive.spans[row.claim_id][0])}</a>'
                     if row.claim_id in archive.spans else "quote not found in this text")
            quoted.append(f'<li><a href="../tables/{e(name)}.html#{e(row.claim_id)}">{e(row.claim_id)}</a> '
                          f"({e(name)}): <q>{e(row.stated_as)}</q>, {e(row.claimant)}; {where}</li>")
    body = f"""<h1>Archived text: {e(source.title)}</h1>
<p>The copy archived in <code>{e(source.archive_path)}</code> (sha256 <code>{e(text(source.sha256))}</code>) of the source
<a href="../sources/{e(archive.source_id)}.html">{e(archive.source_id)}</a>. Lines are numbered as the claims' locators
count them. <mark>Highlighted</mark>: the words claims quote; each claim's link leads to its quote.</p>
<h2 id="section-quoted">Claims quoting this text</h2>
<ul>
{chr(10).join(quoted) or '<li>None.</li>'}
</ul>
<h2 id="section-text">The text</h2>
<ol class="archive">
{chr(10).join(lines)}
</ol>"""
    return page(f"Archived text: {source.title}", body, 1, context)


def render_line(whole: str, start: int, end: int, segments: list[tuple[int, int, list[str]]],
                starts: dict[int, list[str]]) -> str:
    """``whole[start:end]`` as HTML: quoted parts inside ``<mark>``, an empty anchor where each quote begins."""
    cuts = {start, end} | {p for p in starts if start <= p < end}
    for first, last, _ in segments:
        cuts |= {p for p in (first, last) if start < p < end}
    ordered = sorted(cuts)
    parts = []
    for a, b in zip(ordered, ordered[1:]):
        parts += [f'<span id="{e(claim_id)}"></span>' for claim_id in sorted(starts.get(a, []))]
        covering = next((ids for first, last, ids in segments if first <= a and b <= last), None)
        piece = e(whole[a:b])
        parts.append(f'<mark title="quoted by {e(", ".join(covering))}">{piece}</mark>' if covering else piece)
    return "".join(parts)


def line_of(whole: str, position: int) -> int:
    return whole.count("\n", 0, position) + 1


def text(value: Any) -> str:
    """A cell as plain text: missing as "", dates as ISO days."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def iso(value: Any) -> str:
    return text(value)


def human_period(start: Any, end: Any) -> str:
    """A period in words: ``1 December 2019 to 2 April 2020``, or one day.

    >>> import pandas as pd
    >>> human_period(pd.Timestamp("2019-12-01"), pd.Timestamp("2020-04-02"))
    '1 December 2019 to 2 April 2020'
    >>> human_period(pd.Timestamp("2020-10-28"), pd.Timestamp("2020-10-28"))
    'as of 28 October 2020'
    """
    def day(value: Any) -> str:
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if text(value) else "an unstated day"

    if text(start) == text(end):
        return f"as of {day(end)}"
    return f"{day(start)} to {day(end)}"
