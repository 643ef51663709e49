"""A static HTML site of the package: every figure with who said it, where, and in which words.

``build(out)`` writes, all through :mod:`idlibstats.faces.output` (atomic, never into a package):

- ``index.html``: the tables with their row counts and the period they cover, and the sources;
- ``tables/<table>.html``: the table's data dictionary (from ``datapackage.json`` via
  :mod:`idlibstats.package.contract`), its figures, and every row; each claim links to its source and,
  for an archived source, to its quote in the archived text;
- ``sources/<source_id>.html``: a source's record and every claim and event citing it;
- ``archive/<source_id>.html``: an archived source's text, lines numbered as locators count
  them, the words quoted by claims highlighted with ``<mark>``;
- ``plots/<table>-<style>.png`` (when matplotlib is installed), ``style.css`` and ``sort.js``.

The pages make no external request (no CDN, no web font): the only outside addresses are
links to the sources' own URLs. They are complete without JavaScript; ``sort.js`` only adds
sorting by column. Every text from the data is escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idlibstats.errors import DataError, IdlibstatsError, MissingDependency
from idlibstats.faces.output import folder_target, output_folder, write_bytes, write_text
from idlibstats.package.contract import Field, Table
from idlibstats.package.contract import tables as table_contracts
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd

ASSETS = ("site.css", "sort.js")
SOURCES = "sources"
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
LONG = 120  # characters from which a text cell is given a wider column
EXTERNAL = re.compile(r"^https?://\S+$")


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


@dataclass
class Context:
    """Everything the pages are made from, read once."""

    package: DataPackage
    contracts: dict[str, Table]
    frames: dict[str, pd.DataFrame]
    archives: dict[str, Archive]
    plots: dict[str, list[tuple[str, str]]]
    _keys: dict[str, frozenset[str]] = field(default_factory=dict)

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


def e(value: Any) -> str:
    """``value`` as escaped HTML text."""
    return html.escape(str(value), quote=True)


def build(out: str | Path, package: DataPackage | None = None, plots: bool = True) -> Site:
    """Write the site into folder ``out``; return what was written."""
    package = package or DataPackage.shipped()
    site = Site(folder_target(out))
    context = gather(package)
    if plots:
        context.plots, site.plots_note = draw_plots(context, site)
    else:
        site.plots_note = "figures left out (plots=False)"
    for asset in ASSETS:
        emit(site, asset, resources.files("idlibstats.faces").joinpath("assets").joinpath(asset).read_text(encoding="utf-8"))
    emit(site, "index.html", index_page(context, site.plots_note))
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
            alt = (f"{style.capitalize()} of the active claims of {name}, "
                   f"drawn by idlibstats plot {name} --style {style}")
            drawn.setdefault(name, []).append((relative, alt))
    return drawn, None


def page(title: str, body: str, depth: int, context: Context) -> str:
    """A whole HTML document; ``depth`` is how many folders below the site root the page is."""
    up = "../" * depth
    links = [f'<a href="{up}index.html">Home</a>']
    links += [f'<a href="{up}tables/{e(name)}.html">{e(name)}</a>' for name in context.contracts]
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


def index_page(context: Context, plots_note: str | None) -> str:
    from idlibstats.faces.summary import summarise

    package = context.package
    descriptor = package.descriptor
    rows = []
    for summary in summarise(package, context.frames):
        table = context.contracts[summary.name]
        frame = context.frames[summary.name]
        active = int((frame["status"] == "active").sum()) if "status" in frame.columns else None
        period = f"{summary.period_start} to {summary.period_end}" if summary.period_start else ""
        rows.append(
            f'<tr><td><a href="tables/{e(table.name)}.html">{e(table.name)}</a></td><td>{e(table.description)}</td>'
            f'<td class="number">{summary.rows:,}</td><td class="number">{"" if active is None else f"{active:,}"}</td>'
            f'<td class="date">{e(period)}</td>'
            f'<td class="number">{"" if summary.sources is None else summary.sources}</td>'
            f'<td>{"passes" if summary.passes else f"fails ({summary.schema_failures})"}</td></tr>')
    sources = context.frames[SOURCES]
    items = []
    for source in sources.itertuples(index=False):
        cited = sum(int((context.frames[n]["source_id"] == source.source_id).sum()) for n in context.citing_tables())
        items.append(f'<li><a href="sources/{e(source.source_id)}.html">{e(source.title)}</a> '
                     f'<span class="muted">({e(text(source.publisher) or "publisher not recorded")}, '
                     f'{e(text(source.published) or "undated")}; {cited} rows cite it)</span></li>')
    note = f'<p class="muted">{e(plots_note)}</p>' if plots_note else ""
    body = f"""<h1>{e(descriptor.get("title", package.name))}</h1>
<p>{e(descriptor.get("description", ""))}</p>
<p>Data version <strong>{e(package.version)}</strong>. Every figure is a claim: who said it, in which source, over which
period, in which words. Each table's page gives its data dictionary and every row; each claim links to its source.</p>
{note}
<h2 id="section-tables">Tables</h2>
<div class="wide"><table class="sortable">
<thead><tr><th>table</th><th>what it holds</th><th>rows</th><th>active claims</th><th>period covered</th><th>sources</th>
<th>schema</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></div>
<h2 id="section-sources">Sources</h2>
<ul>
{chr(10).join(items)}
</ul>"""
    return page("Tables", body, 0, context)


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
    figures = ""
    if table.is_claims:
        drawn = context.plots.get(name, [])
        figures = "<h2 id=\"section-figures\">Figures</h2>\n" + ("\n".join(
            f'<figure><img src="../{e(path)}" alt="{e(alt)}" width="1200" height="700">'
            f"<figcaption>{e(alt)}.</figcaption></figure>" for path, alt in drawn)
            or f'<p class="muted">{e(plots_note or "No claim with a value to draw.")}</p>')
    body = f"""<h1>{e(table.title)} <code>{e(name)}</code></h1>
<p>{e(table.description)}</p>
<p>File <code>{e(table.path)}</code>; {len(frame):,} rows. Primary key: {", ".join(keys) or "none"}.</p>
<ul>{"".join(references)}</ul>
{figures}
<h2 id="section-dictionary">Data dictionary</h2>
<p class="muted">Generated from <code>datapackage.json</code>.</p>
{dictionary_table(table)}
<h2 id="section-rows">Rows</h2>
{rows_table(context, name)}"""
    return page(table.title, body, 1, context)


def dictionary_table(table: Table) -> str:
    rows = []
    for f in table.fields:
        rows.append(f"<tr><td><code>{e(f.name)}</code></td><td>{e(f.type)}</td><td>{'yes' if f.required else ''}</td>"
                    f"<td>{constraints(f)}</td><td>{f'<code>{e(f.hxl)}</code>' if f.hxl else ''}</td>"
                    f"<td>{e(f.description)}</td></tr>")
    return ('<div class="wide"><table><thead><tr><th>field</th><th>type</th><th>required</th><th>constraints</th>'
            f'<th>HXL</th><th>description</th></tr></thead><tbody>\n{chr(10).join(rows)}\n</tbody></table></div>')


def constraints(f: Field) -> str:
    return "; ".join((e(wording) + " " + ", ".join(f"<code>{e(v)}</code>" for v in values)).strip()
                     for wording, values in f.constraint_parts())


def rows_table(context: Context, name: str) -> str:
    table = context.contracts[name]
    frame = context.frames[name]
    provenance = table.is_claims or name == SOURCES
    headings = [f"<th>{e(f.name)}</th>" for f in table.fields] + (["<th>provenance</th>"] if provenance else [])
    body = []
    key = table.primary_key[0] if len(table.primary_key) == 1 else None
    for row in frame.itertuples(index=False):
        anchor = f' id="{e(getattr(row, key))}"' if key else ""
        inactive = ' class="inactive"' if "status" in frame.columns and text(row.status) not in ("", "active") else ""
        cells = [render_cell(context, table, f, row) for f in table.fields]
        if provenance:
            cells.append(f"<td>{provenance_links(context, table, row)}</td>")
        body.append(f"<tr{anchor}{inactive}>{''.join(cells)}</tr>")
    return (f'<div class="wide"><table class="sortable"><thead><tr>{"".join(headings)}</tr></thead><tbody>\n'
            f"{chr(10).join(body)}\n</tbody></table></div>")


def render_cell(context: Context, table: Table, f: Field, row: Any) -> str:
    """One cell of a page one folder below the root, escaped; a key into another table links to that row."""
    value = getattr(row, f.name)
    shown = text(value)
    if shown == "":
        return "<td></td>"
    kind = {"integer": "number", "number": "number", "date": "date"}.get(f.type)
    if f.type == "string":
        kind = ("prose long" if len(shown) > LONG else "prose") if f.is_free_text else "code"
    if f.type == "integer":
        shown = f"{int(value):,}"
    klass = f' class="{kind}"' if kind else ""
    target = link_target(context, table, f.name, shown)
    if target:
        href = target if EXTERNAL.match(target) else f"../{target}"
        return f'<td{klass}><a href="{e(href)}">{e(shown)}</a></td>'
    return f"<td{klass}>{e(shown)}</td>"


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


def provenance_links(context: Context, table: Table, row: Any) -> str:
    """From a claim: its source's page and, for an archived source, its quote in the archived text."""
    if table.name == SOURCES:
        archive = context.archives.get(row.source_id)
        return (f'<a href="../sources/{e(row.source_id)}.html">claims</a>'
                + (f' · <a href="../archive/{e(row.source_id)}.html">archived text</a>' if archive else ""))
    links = [f'<a href="../sources/{e(row.source_id)}.html">source</a>']
    links += archive_links(context, row, "../")
    return " · ".join(links)


def archive_links(context: Context, row: Any, up: str) -> list[str]:
    archive = context.archives.get(row.source_id)
    if archive is None:
        return []
    if row.claim_id in archive.spans:
        return [f'<a href="{up}archive/{e(row.source_id)}.html#{e(row.claim_id)}">quote in the archived text</a>']
    return [f'<a href="{up}archive/{e(row.source_id)}.html">archived text</a>']


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
        else:
            shown = e(value) if value else '<span class="muted">not recorded</span>'
        items.append(f"<dt>{e(f.name)}</dt><dd>{shown}</dd>")
    sections = []
    for name in context.citing_tables():
        frame = context.frames[name]
        rows = frame[(frame["source_id"] == source.source_id).fillna(False)]
        if rows.empty:
            continue
        sections.append(f'<h2 id="section-{e(name)}">{e(context.contracts[name].title)}: {len(rows)} rows</h2>\n'
                        + citing_table(context, name, rows))
    body = f"""<h1>{e(source.title)}</h1>
<p class="muted">Source <code>{e(source.source_id)}</code>, a row of
<a href="../tables/sources.html#{e(source.source_id)}">sources</a>.</p>
<dl class="record">{"".join(items)}</dl>
{chr(10).join(sections) or '<p>No row cites this source.</p>'}"""
    return page(str(source.title), body, 1, context)


def citing_table(context: Context, name: str, rows: pd.DataFrame) -> str:
    """The rows of ``name`` citing one source, the columns that say who claimed what, when, in which words."""
    table = context.contracts[name]
    key = table.primary_key[0]
    wanted = [key, "claimant", *table.measure, *(table.period or ()), "stated_as", "qualifier",
              "value_low", "value_best", "value_high", "summary", "locator", "status"]
    fields = [table.field(c) for c in dict.fromkeys(wanted) if c in table.field_names]
    headings = "".join(f"<th>{e(f.name)}</th>" for f in fields)
    body = []
    for row in rows.itertuples(index=False):
        cells = []
        for f in fields:
            if f.name == key:
                value = getattr(row, key)
                cells.append(f'<td><a href="../tables/{e(name)}.html#{e(value)}">{e(value)}</a></td>')
            else:
                cells.append(render_cell(context, table, f, row))
        if table.is_claims:
            cells.append(f"<td>{' · '.join(archive_links(context, row, '../'))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    extra = "<th>quote</th>" if table.is_claims else ""
    return (f'<div class="wide"><table class="sortable"><thead><tr>{headings}{extra}</tr></thead><tbody>\n'
            f"{chr(10).join(body)}\n</tbody></table></div>")


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
<ol class="archive">
{chr(10).join(lines)}
</ol>
<h2 id="section-quoted">Claims quoting this text</h2>
<ul>
{chr(10).join(quoted) or '<li>None.</li>'}
</ul>"""
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
