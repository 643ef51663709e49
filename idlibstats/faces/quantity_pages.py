"""The site's page per quantity: every claim about one measure over one period, drawn as the interval its words allow.

The quantities are those of :func:`idlibstats.faces.comparison.compare` (same measure, same days)
that hold two or more claims. Each page draws one line per claim on a shared scale (its claimant,
its wording, its source linked), an open end as an arrow to the edge, and marks the claims that
conflict. The index lists the quantities where sources disagree. Pure HTML and CSS: no script, no
external request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from idlibstats.faces.comparison import compare, given, interval
from idlibstats.faces.site import Context, e, page, plural

if TYPE_CHECKING:
    import pandas as pd

FOLDER = "quantities"


@dataclass(frozen=True)
class Quantity:
    """One quantity of a claims table with two or more claims, and where its page is."""

    table: str
    number: int
    claims: pd.DataFrame
    measure: tuple[str, ...]

    @property
    def file(self) -> str:
        return f"{FOLDER}/{self.table}-{self.number}.html"

    @property
    def conflicting(self) -> bool:
        return bool((self.claims["conflicts_with"] != "").any())

    @property
    def claimants(self) -> int:
        return int(self.claims["claimant"].nunique())

    def title(self, context: Context) -> str:
        first = self.claims.iloc[0]
        parts = []
        for name in self.measure:
            value = first[name]
            if given(value):
                words = context.area_name(str(value)) if name.endswith("area_id") else str(value)
                parts.append(words)
        start, end = first["period_start"], first["period_end"]
        period = day(start) if start == end else f"{day(start)} to {day(end)}"
        return f"{self.table.capitalize()}: {', '.join(parts)}; {period}"


def day(value: Any) -> str:
    return f"{value.day} {value:%B %Y}"


def unit_words(claims: pd.DataFrame) -> str:
    units = set(claims["unit"].dropna().astype(str)) if "unit" in claims.columns else set()
    return " or ".join(sorted(units)) if units else "people"


def quantities(context: Context) -> list[Quantity]:
    """The quantities of every claims table that hold two or more claims, in table order."""
    found = []
    for name in context.claims_tables:
        frame = compare(name, package=context.package)
        table = context.contracts[name]
        for number, group in frame.groupby("quantity", sort=True):
            if len(group) > 1:
                found.append(Quantity(name, int(number), group.reset_index(drop=True), tuple(table.measure)))
    return found


def quantity_page(context: Context, quantity: Quantity) -> str:
    claims = quantity.claims
    low, high = scale(claims)
    lines = "\n".join(claim_line(context, quantity, row, low, high) for row in claims.itertuples(index=False))
    verdict = ("<p class=\"conflict-note\"><strong>These sources conflict:</strong> the values their words allow do "
               "not all meet. That is a fact about the documents, not a verdict on which is right; read each "
               "document and what it counts.</p>" if quantity.conflicting else
               "<p>The values these claims' words allow meet: they do not contradict each other.</p>")
    body = f"""<h1>{e(quantity.title(context))}</h1>
<p>{plural(len(claims), "claim")} from {plural(quantity.claimants, "claimant")} about the same measure over the same
days. Each bar is the interval a claim's wording allows (a round figure to half its last digit; "about" and "nearly"
within 10%; "more than" and "at least" open upwards, drawn to the edge with an arrow).</p>
{verdict}
<div class="intervals" role="list">
{lines}
</div>
<p class="muted">Scale: {low:,} to {high:,} {e(unit_words(claims))}, linear. <a href="../tables/{e(quantity.table)}.html">All
{e(quantity.table)} claims</a>.</p>"""
    return page(quantity.title(context), body, 1, context)


def scale(claims: pd.DataFrame) -> tuple[int, int]:
    values = [int(v) for column in ("implied_low", "implied_high", "value_low", "value_best", "value_high")
              for v in claims[column] if given(v)]
    low, high = min(values), max(values)
    margin = max(1, (high - low) // 10)
    return max(0, low - margin), high + margin


def position(value: Any, low: int, high: int) -> float:
    return 100.0 * (int(value) - low) / max(1, high - low)


def claim_line(context: Context, quantity: Quantity, row: Any, low: int, high: int) -> str:
    start = position(row.implied_low, low, high) if given(row.implied_low) else 0.0
    end = position(row.implied_high, low, high) if given(row.implied_high) else 100.0
    open_end = "" if given(row.implied_high) else " open"
    width = max(end - start, 0.6)
    source = context.source(str(row.source_id))
    title = e(source.title) if source is not None else e(row.source_id)
    conflict = (f' <span class="conflict">conflicts with {e(row.conflicts_with)}</span>' if row.conflicts_with
                else "")
    return f"""<div class="interval{' conflicting' if row.conflicts_with else ''}" role="listitem" id="{e(row.claim_id)}">
<div class="who"><strong>{e(row.claimant)}</strong>: “{e(row.stated_as)}” <span class="muted">allows
{e(interval(row.implied_low, row.implied_high))}</span>{conflict}<br>
<a href="../sources/{e(row.source_id)}.html">{title}</a> ·
<a href="../tables/{e(quantity.table)}.html#{e(row.claim_id)}">{e(row.claim_id)}</a></div>
<div class="track"><span class="bar{open_end}" style="left:{start:.2f}%;width:{width:.2f}%"></span></div>
</div>"""


def disagreements_section(found: list[Quantity], context: Context) -> str:
    """The index's list of quantities where claimants meet: those in conflict first."""
    shared = [q for q in found if q.claimants > 1 or q.conflicting]
    if not shared:
        return ""
    shared.sort(key=lambda q: (not q.conflicting, q.table, q.number))
    items = "\n".join(
        f'<li><a href="{e(q.file)}">{e(q.title(context))}</a>: {plural(len(q.claims), "claim")} from '
        f'{plural(q.claimants, "claimant")}{" — <strong>sources conflict</strong>" if q.conflicting else ""}</li>'
        for q in shared)
    return f"""<h2 id="section-quantities">Where sources meet and disagree</h2>
<p class="muted">Quantities (one measure over the same days) with claims from more than one claimant, or whose claims
cannot all be true; each page draws the interval every claim's words allow.</p>
<ul class="quantities">
{items}
</ul>"""

