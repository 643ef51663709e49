"""Figures of a claims table: a timeline of its claims, or its cumulative series as stepped lines.

**Time.** The time axis covers the package's crisis window (``idlibstats.crisisWindow`` in
``datapackage.json``, read by :func:`idlibstats.package.contract.crisis_window`) unless
``date_from``/``date_to`` (``--from``/``--to``) widen or narrow it; it never shows a day before the
window's start. A claim is drawn when at least half of its period lies in the window; the others
(context such as a toll "since 2011" or a count made months later) are left out, and the caption
says how many. A period that runs on past an edge of the window is cut there, marked by a triangle.

**Panels.** Figures of different things never share an axis: one panel per kind of count (killed
apart from injured, flows apart from stocks, persons apart from households and movements) and, by
default, per victim group (civilians, combatants, ...) and per country of asylum. ``facet``
(``--facet``) puts another field, or none, in place of the default ones. ``where`` (``--where
FIELD=VALUE``) keeps the claims whose field has that value, checked against the contract.

**Marks.** Each claim is drawn over its period at its figure (``value_best``, else its one bound),
with what its wording leaves open drawn as such: an arrow up where only a lower bound is stated
("more than", "at least", a vague word), an arrow down where only an upper bound is ("fewer
than", "up to", "nearly"), a bar from low to high for a stated range, a hollow marker for a figure
given as "about" with no bound. Colours tell apart what the legend lists: the claimants of a
timeline (each with its own marker too), the series of a cumulative plot. Labels are words, not
codes: area names from the ``areas`` table, population groups and measures in plain words.

Every claim's main artist carries the ``gid`` ``"claim:<claim_id>"``, the artists of its bounds
``"bound:<claim_id>"`` and the triangle where its period leaves the window ``"edge:<claim_id>"``,
so a figure can be inspected without reading pixels.

Matplotlib (the ``plot`` extra) is imported only here and only when a figure is made; figures
are drawn on the Agg canvas, never through pyplot, so no global backend is changed.
:func:`describe` (the alt text of a figure) needs only pandas.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idlibstats.errors import InvalidArgument, MissingDependency, NothingToPlot
from idlibstats.faces.output import output_file, write_bytes
from idlibstats.package.contract import Table, crisis_window
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["STYLES", "NothingToPlot", "describe", "figure", "plot", "png", "save"]

STYLES = ("timeline", "cumulative")
VALUES = ("value_low", "value_best", "value_high")
WIDTH_PX, HEIGHT_PX, DPI = 1200, 700, 100
DEFAULT_UNIT = "persons"  # claims tables without a `unit` column count people
CLAIM_GID, BOUND_GID, EDGE_GID = "claim:", "bound:", "edge:"
LEGEND_WIDTH = 40  # characters per line of a legend entry
CAPTION_WIDTH = 195  # characters per line of the caption
KEY_TITLE = "How to read the marks"
HEADLINE_WIDTH = 90  # characters per line of the figure's title
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h")
# Twenty colours that stay apart on white: matplotlib's tab10, then ten darker or lighter others.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf", "#222222", "#393b79", "#e6ab02", "#1b9e77", "#843c39", "#637939", "#a6cee3", "#fb9a99",
           "#b15928", "#cab2d6")
GREY = "#555555"

KIND_FIELDS = ("outcome", "metric", "unit")  # different kinds of count: never on one axis
DEFAULT_FACETS = ("victim_group", "asylum_iso3")  # one panel each by default; --facet replaces them
TITLE_FIELDS = ("population_group", "origin_iso3")  # said in a panel's title when one value fills it
NO_FACET = "none"
MAX_PANELS = 8
SHOWN_LABELS = 5  # a panel with at most this many claims writes each claim's words beside it

# The contract's codes in words.
GROUPS = {"civilian": "civilians", "combatant": "combatants", "unknown": "people", "all": "civilians and combatants"}
GROUP_NOTES = {"unknown": " (civilian or combatant not said)", "all": " (counted together)"}
GROUP_TITLES = {"civilian": "civilians", "combatant": "combatants", "unknown": "civilian or combatant not said",
                "all": "civilians and combatants together"}
UNIT_NOUNS = {"persons": "people", "households": "households", "movements": "movements of people"}
CAUSES = {"conflict": "", "disaster": " by disasters", "other": " for reasons other than conflict or disaster"}
POPULATION_GROUPS = {
    "REF": "refugees", "ASY": "asylum-seekers", "OIP": "other people in need of international protection",
    "ROC": "people in refugee-like situations", "IDP": "internally displaced people",
    "IOC": "people in IDP-like situations", "STA": "stateless people", "OOC": "others of concern to UNHCR",
    "HST": "host communities", "all": "people",
}
# Countries of asylum the areas table does not name (it names only the areas figures are counted in).
COUNTRIES = {"SYR": "Syria", "TUR": "Türkiye", "LBN": "Lebanon", "JOR": "Jordan", "IRQ": "Iraq", "EGY": "Egypt"}
CLAIMANT_NOTES = {"the article": "the article (a news text, in its own voice)"}
AFTER_NOUN = ("in ", "living ", "at ", "on ", "from ", "with ", "under ", "inside ", "outside ", "near ")
PLACE_WORDS = ("out ", "to ", "into ", "towards ", "toward ", "through ", "across ", "within ", "in ", "inside ",
               "from ", "near ")


@dataclass(frozen=True)
class Window:
    """The days the time axis covers, and what set them."""

    start: date
    end: date
    origin: str

    @property
    def words(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def covers(self, frame: pd.DataFrame, table: Table) -> pd.Series:
        """Rows with at least half of their period (days counted inclusively) inside the window."""
        import pandas as pd

        start, end = table.period  # type: ignore[misc]
        first, last = frame[start], frame[end]
        days = (last - first).dt.days + 1
        inside = ((last.clip(upper=pd.Timestamp(self.end)) - first.clip(lower=pd.Timestamp(self.start))).dt.days + 1)
        return (inside.clip(lower=0) * 2 >= days).astype(bool)


@dataclass(frozen=True)
class Names:
    """Words for the codes of the data: area names from the ``areas`` table, country names."""

    areas: Mapping[str, tuple[str, str, str]]  # area_id -> (name, level, iso3)
    countries: Mapping[str, str]  # iso3 -> name

    @classmethod
    def of(cls, package: DataPackage) -> Names:
        from idlibstats.frames.loading import load

        areas = load("areas", package=package)
        named = {str(r.area_id): (str(r.name), str(r.level), "" if missing(r.iso3) else str(r.iso3))
                 for r in areas.itertuples(index=False)}
        countries = {iso3: name for name, level, iso3 in named.values() if level == "country" and iso3}
        countries.update(COUNTRIES)  # the short name in running text: "from Syria", not "from Syrian Arab Republic"
        return cls(named, countries)

    def place(self, area_id: str) -> str:
        """``syr-nw`` -> "north-west Syria", ``syr-idleb`` -> "Idleb governorate", ``syr`` -> "Syria"."""
        if area_id not in self.areas:
            return area_id
        name, level, iso3 = self.areas[area_id]
        if level == "region":
            return name[:1].lower() + name[1:]
        if level == "admin1":
            return f"{name} governorate"
        return f"all of {self.countries.get(iso3, name)}" if level == "country" else name

    def country(self, iso3: str) -> str:
        return self.countries.get(iso3, iso3)


@dataclass(frozen=True)
class Series:
    """Claims of one claimant counting the same thing from the same day, reported as of several days."""

    claimant: str
    start: Any
    keys: tuple[tuple[str, str], ...]
    rows: pd.DataFrame
    words: str = ""

    @property
    def label(self) -> str:
        """"OCHA: people displaced from north-west Syria since 1 December 2019"."""
        if self.words:
            return f"{self.claimant}: {self.words}"
        since = long_date(self.start)
        what = ", ".join(value for _, value in self.keys)
        return f"{self.claimant}: {what}, since {since}" if what else f"{self.claimant}, since {since}"


@dataclass
class Panel:
    """The claims of one kind of count: one axes of the figure."""

    key: tuple[tuple[str, str], ...]  # (field, value) of each facet field; "" for an empty cell
    rows: pd.DataFrame
    title: str
    unit: str
    place: tuple[int, int] = (0, 0)  # (row, column) in the grid
    series: list[Series] = field(default_factory=list)


@dataclass
class Selection:
    """What a figure draws: the claims in the window, after the filters, in panels."""

    package: DataPackage
    table: Table
    style: str
    window: Window
    frame: pd.DataFrame  # the claims drawn
    before: pd.DataFrame  # the claims with a value left out, most of their period before the window
    after: pd.DataFrame  # ... after it
    lost: list[str]  # panels that would exist but hold no claim in the window
    conditions: dict[str, tuple[str, ...]]
    facets: tuple[str, ...]
    panels: list[Panel]
    grid: tuple[int, int]
    names: Names
    unseries: int = 0  # claims in the window that belong to no series (cumulative only)

    @property
    def outside(self) -> int:
        return len(self.before) + len(self.after)

    @property
    def series(self) -> list[Series]:
        return [s for panel in self.panels for s in panel.series]


def require_matplotlib() -> None:
    """Raise :class:`MissingDependency` with the pip command when matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        message = "plots need matplotlib: pip install matplotlib (in a clone of idlibstats: pip install '.[plot]')"
        raise MissingDependency(message) from None


Where = Mapping[str, Any] | Sequence[str] | None
Facet = str | Sequence[str] | None


def plot(name: str, out: str | Path, style: str = "timeline", package: DataPackage | None = None, *,
         date_from: str | date | None = None, date_to: str | date | None = None, where: Where = None,
         facet: Facet = None) -> Path:
    """Draw table ``name`` in ``style`` and write it as a 1200x700 PNG to ``out`` (see :func:`figure`)."""
    target = output_file(out)  # an empty path, a missing folder or a folder is refused before drawing
    if target.suffix.lower() != ".png":
        raise InvalidArgument(f"plots are written as PNG: give an --out path ending in .png, not {target.name!r}",
                              path=str(target))
    save(figure(name, style, package, date_from=date_from, date_to=date_to, where=where, facet=facet), target)
    return target


def figure(name: str, style: str = "timeline", package: DataPackage | None = None, *,
           date_from: str | date | None = None, date_to: str | date | None = None, where: Where = None,
           facet: Facet = None) -> Figure:
    """The matplotlib ``Figure`` of table ``name`` in ``style`` (``timeline`` or ``cumulative``).

    ``date_from``/``date_to`` (YYYY-MM-DD) replace the start or end of the crisis window; ``where``
    keeps claims by field, as ``{"victim_group": "civilian"}`` or ``["victim_group=civilian"]`` (a
    field named twice keeps either value; an empty value keeps empty cells); ``facet`` names the
    fields that split the panels beyond the kind of count (``"none"`` for no more).
    """
    check_style(style)
    require_matplotlib()
    chosen = select(name, style, package, date_from=date_from, date_to=date_to, where=where, facet=facet)
    return timeline(chosen) if style == "timeline" else cumulative(chosen)


def describe(name: str, style: str = "timeline", package: DataPackage | None = None, *,
             date_from: str | date | None = None, date_to: str | date | None = None, where: Where = None,
             facet: Facet = None) -> str:
    """One sentence saying what :func:`figure` draws with the same arguments, for an image's alt text.

    It says which quantities (one per panel), over which period, how many claims and claimants, and
    how many claims are left out for lying outside the window. It needs pandas, not matplotlib.
    """
    check_style(style)
    chosen = select(name, style, package, date_from=date_from, date_to=date_to, where=where, facet=facet)
    table, frame = chosen.table, chosen.frame
    claimants = frame["claimant"].nunique()
    filters = f" ({conditions_words(chosen.conditions)})" if chosen.conditions else ""
    if style == "timeline":
        parts = [f"{lower_first(p.title)} ({count(len(p.rows), 'claim')})" for p in chosen.panels]
        text = (f"Timeline of {count(len(frame), 'claim')} by {count(claimants, 'claimant')} about "
                f"{table.title.lower()}{filters}, each drawn over the period it covers, from {chosen.window.words}, "
                f"in {count(len(chosen.panels), 'panel')}: {'; '.join(parts)}")
    else:
        parts = [f"{lower_first(p.title)} ({count(len(p.series), 'series', 'series')})" for p in chosen.panels]
        text = (f"Cumulative series of {table.title.lower()}{filters} from {chosen.window.words}: "
                f"{count(len(chosen.series), 'series', 'series')} of {count(len(frame), 'claim')} by "
                f"{count(claimants, 'claimant')}, each a stepped line through the figures one claimant reported "
                f"as of successive days, in {count(len(chosen.panels), 'panel')}: {'; '.join(parts)}")
    if chosen.outside:
        text += (f"; {count(chosen.outside, 'claim')} with most of {'its' if chosen.outside == 1 else 'their'} "
                 "period outside this window left out")
    return text + "."


def check_style(style: str) -> None:
    if style not in STYLES:
        raise InvalidArgument(f"unknown plot style {style!r}; expected one of {', '.join(STYLES)}")


# ---------------------------------------------------------------------------------------------
# What is drawn: the filters, the window, the panels.


def select(name: str, style: str, package: DataPackage | None, *, date_from: str | date | None = None,
           date_to: str | date | None = None, where: Where = None, facet: Facet = None) -> Selection:
    """The claims a figure of ``name`` draws, in panels, and those left out."""
    package = package or DataPackage.shipped()
    table = claims_table(package, name)
    asked = conditions(where, table, package)
    facets = facet_fields(table, facet)
    window = window_for(package, date_from, date_to)
    frame = with_value(claims(package, table))
    if frame.empty:
        raise NothingToPlot(f"table {name!r} has no active claim with a value to plot")
    frame = filtered(frame, table, asked)
    inside = window.covers(frame, table)
    start, end = table.period  # type: ignore[misc]
    outside = frame[~inside]
    middle = outside[start] + (outside[end] - outside[start]) / 2
    centre = as_datetime(window.start) + (as_datetime(window.end) - as_datetime(window.start)) / 2
    before, after = outside[middle < centre], outside[middle >= centre]
    drawn = frame[inside].reset_index(drop=True)
    if drawn.empty:
        raise NothingToPlot(f"no claim of {name} with a value has most of its period within {window.words}; "
                            "widen the window with --from/--to (YYYY-MM-DD)")
    names = Names.of(package)
    found: list[Series] = []
    unseries = 0
    if style == "cumulative":
        found = series(drawn, table, names)
        if not found:
            message = (f"table {name!r} has no cumulative series to plot (two or more claims from one claimant "
                       "counting the same thing from the same day, reported as of different days) within "
                       f"{window.words}; use --style timeline")
            raise NothingToPlot(message)
        kept = {c for s in found for c in s.rows["claim_id"]}
        unseries = int((~drawn["claim_id"].isin(kept)).sum())
        drawn = drawn[drawn["claim_id"].isin(kept)].reset_index(drop=True)
    panels, grid = make_panels(drawn, table, facets, names, found)
    shown = {p.key for p in panels}
    lost = [] if style == "cumulative" else [panel_title(table, dict(key), rows, names)
                                             for key, rows in groups(frame, facets) if key not in shown]
    return Selection(package, table, style, window, drawn, before, after, lost, asked, facets, panels, grid, names,
                     unseries)


def claims_table(package: DataPackage, name: str) -> Table:
    table = table_contract(package, name)
    if not table.is_claims or table.period is None:
        plottable = ", ".join(t for t in package.resource_names() if table_contract(package, t).is_claims)
        raise NothingToPlot(f"table {name!r} holds no claims to plot; plot one of: {plottable}")
    return table


def claims(package: DataPackage, table: Table) -> pd.DataFrame:
    """The table's active claims."""
    from idlibstats.frames.loading import load

    return load(table.name, package=package)


def with_value(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with at least one of value_low, value_best, value_high: the claims a figure draws."""
    return frame[frame[list(VALUES)].notna().any(axis=1)].reset_index(drop=True)


def window_for(package: DataPackage, date_from: str | date | None, date_to: str | date | None) -> Window:
    """The package's crisis window, its start or end replaced by ``date_from``/``date_to``."""
    declared = crisis_window(package)
    start = as_date(date_from, "--from") if date_from not in (None, "") else None
    end = as_date(date_to, "--to") if date_to not in (None, "") else None
    if declared is None and (start is None or end is None):
        from idlibstats.frames.loading import load

        starts, ends = [], []
        for name in package.resource_names():
            table = table_contract(package, name)
            if table.is_claims and table.period:
                frame = load(name, package=package)
                starts += list(frame[table.period[0]].dropna())
                ends += list(frame[table.period[1]].dropna())
        declared = (min(starts).date(), max(ends).date()) if starts else (date.today(), date.today())
        kind = "the span of the claims, as the package declares no crisis window"
    else:
        kind = "the crisis window of datapackage.json"
    if start is None and end is None:
        origin = f"{kind}; --from/--to change it"
    elif start is not None and end is not None:
        origin = "set by --from/--to"
    else:
        origin = f"{'start set by --from' if start is not None else 'end set by --to'}, otherwise {kind}"
    window = Window(start or declared[0], end or declared[1], origin)  # type: ignore[index]
    if window.end < window.start:
        raise InvalidArgument(f"the window ends before it starts: {window.start.isoformat()} to "
                              f"{window.end.isoformat()}; give --from a day before --to")
    return window


def as_date(value: str | date, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidArgument(f"{what} takes a date written YYYY-MM-DD, not {str(value)!r}", value=value) from None


def conditions(where: Where, table: Table, package: DataPackage) -> dict[str, tuple[str, ...]]:
    """``where`` as {field: allowed values}, each field a column and each value one the contract allows."""
    if where is None:
        return {}
    pairs: list[tuple[str, str]] = []
    if isinstance(where, Mapping):
        for column, values in where.items():
            many = values if isinstance(values, (list, tuple, set, frozenset)) else [values]
            pairs += [(str(column), "" if v is None else str(v)) for v in many]
    else:
        if isinstance(where, str):
            where = [where]
        for text in where:
            column, sep, value = str(text).partition("=")
            if not sep or not column.strip():
                raise InvalidArgument(f"--where takes FIELD=VALUE, e.g. --where outcome=killed; got {str(text)!r}")
            pairs.append((column.strip(), value.strip()))
    found: dict[str, tuple[str, ...]] = {}
    for column, value in pairs:
        check_condition(table, package, column, value)
        found[column] = (*found.get(column, ()), value)
    return found


def check_condition(table: Table, package: DataPackage, column: str, value: str) -> None:
    """Refuse, in one line saying what is allowed, a column the table lacks or a value its contract forbids."""
    if column not in table.field_names:
        raise InvalidArgument(f"{table.name} has no column {column!r}; --where takes one of: "
                              f"{', '.join(table.field_names)}", field=column, value=value)
    if value == "":
        return  # the rows where the cell is empty
    spec = table.field(column)
    if spec.enum is not None and value not in spec.enum:
        raise InvalidArgument(f"{column} cannot be {value!r}; it is one of: {', '.join(spec.enum)}",
                              field=column, value=value)
    if spec.type == "date":
        as_date(value, f"--where {column}=")
    if spec.type == "integer" and not value.lstrip("+-").isdigit():
        raise InvalidArgument(f"{column} is a whole number, not {value!r}", field=column, value=value)
    for key in table.foreign_keys:
        if key.fields == (column,) and key.resource:
            from idlibstats.frames.loading import load

            known = sorted(str(v) for v in load(key.resource, package=package)[key.reference_fields[0]].dropna())
            if value not in known:
                raise InvalidArgument(f"{column} cannot be {value!r}: no such {key.reference_fields[0]} in "
                                      f"{key.resource}; it is one of: {', '.join(known)}", field=column, value=value)


def filtered(frame: pd.DataFrame, table: Table, asked: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """The rows meeting every condition; a condition no claim meets is refused with the values there are."""
    import pandas as pd

    for column, values in asked.items():
        spec = table.field(column)
        keep = pd.Series(False, index=frame.index)
        for value in values:
            if value == "":
                keep |= frame[column].isna()
            elif spec.type == "date":
                keep |= (frame[column] == pd.Timestamp(as_date(value, column))).fillna(False).astype(bool)
            elif spec.type == "integer":
                keep |= (frame[column] == int(value)).fillna(False).astype(bool)
            else:
                keep |= (frame[column].astype("string") == value).fillna(False).astype(bool)
        if not keep.any():
            present = sorted({str(v) for v in frame[column].dropna()})
            shown = ", ".join(present) if present else "none"
            raise NothingToPlot(f"no active claim of {table.name} with a value has {column} = "
                                f"{' or '.join(repr(v) for v in values)} (with the other --where conditions); "
                                f"{column} there is one of: {shown}")
        frame = frame[keep]
    return frame.reset_index(drop=True)


def facet_fields(table: Table, facet: Facet) -> tuple[str, ...]:
    """The fields each panel holds one value of: the kinds of count, then the default or asked facets."""
    kinds = tuple(f for f in KIND_FIELDS if f in table.field_names)
    if facet is None:
        extra: Iterable[str] = (f for f in DEFAULT_FACETS if f in table.field_names)
    else:
        allowed = [*table.measure, "claimant"]
        extra = []
        for name in [facet] if isinstance(facet, str) else list(facet):
            if name == NO_FACET:
                continue
            if name not in allowed:
                raise InvalidArgument(f"--facet takes a field of {table.name} that says what is counted: one of "
                                      f"{', '.join(allowed)}, or {NO_FACET}; not {name!r}", value=name)
            extra.append(name)
    chosen: list[str] = []
    for name in (*kinds, *extra):
        if name not in chosen:
            chosen.append(name)
    return tuple(chosen)


def groups(frame: pd.DataFrame, facets: tuple[str, ...]) -> list[tuple[tuple[tuple[str, str], ...], pd.DataFrame]]:
    """``frame`` split by the facet fields, each part with its key ((field, value), ...)."""
    if not facets:
        return [((), frame)]
    keyed = frame.assign(**{f"_facet_{f}": frame[f].astype("string").fillna("") for f in facets})
    found = []
    for values, rows in keyed.groupby([f"_facet_{f}" for f in facets], sort=False):
        values = values if isinstance(values, tuple) else (values,)
        found.append((tuple(zip(facets, (str(v) for v in values))), frame.loc[rows.index]))
    return found


def make_panels(frame: pd.DataFrame, table: Table, facets: tuple[str, ...], names: Names,
                found: list[Series]) -> tuple[list[Panel], tuple[int, int]]:
    """One panel per facet key holding claims, ordered as the contract lists the values, laid out in a grid."""
    parts = groups(frame, facets)

    def order(key: tuple[tuple[str, str], ...]) -> tuple[Any, ...]:
        ranks: list[Any] = []
        for name, value in key:
            enum = table.field(name).enum if name in table.field_names else None
            if enum is not None:
                ranks.append((enum.index(value) if value in enum else len(enum), ""))
            else:
                ranks.append((-int((frame[name].astype("string").fillna("") == value).sum()), value))
        return tuple(ranks)

    parts.sort(key=lambda part: order(part[0]))
    if len(parts) > MAX_PANELS:
        example = next((f for f in facets if f not in KIND_FIELDS), facets[-1] if facets else "claimant")
        value = dict(parts[0][0]).get(example, "")
        raise InvalidArgument(f"{len(parts)} panels ({' x '.join(facets)}) are too many to read at "
                              f"{WIDTH_PX}x{HEIGHT_PX}; keep fewer with --where (e.g. --where {example}={value}) "
                              f"or another --facet (at most {MAX_PANELS} panels)")
    panels = []
    for key, rows in parts:
        values = dict(key)
        unit = values.get("unit") or ", ".join(units(rows))
        title = panel_title(table, values, rows, names)
        own = [s for s in found if s.rows["claim_id"].isin(rows["claim_id"]).all()]
        panels.append(Panel(key, rows, title, unit, series=own))
    kinds = [f for f in facets if f in KIND_FIELDS]

    def split(panel: Panel) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (tuple(v for f, v in panel.key if f in kinds), tuple(v for f, v in panel.key if f not in kinds))

    rows_of = list(dict.fromkeys(split(p)[0] for p in panels))
    cols_of = list(dict.fromkeys(split(p)[1] for p in panels))
    if len(rows_of) > 1 and len(cols_of) > 1 and len(rows_of) * len(cols_of) <= MAX_PANELS and len(rows_of) <= 2:
        for panel in panels:
            kind, other = split(panel)
            panel.place = (rows_of.index(kind), cols_of.index(other))
        return panels, (len(rows_of), len(cols_of))
    count_ = len(panels)
    nrows = 1 if count_ <= 3 else 2
    ncols = math.ceil(count_ / nrows)
    for index, panel in enumerate(panels):
        panel.place = divmod(index, ncols)
    return panels, (nrows, ncols)


def units(frame: pd.DataFrame) -> list[str]:
    if "unit" not in frame.columns:
        return [DEFAULT_UNIT]
    return sorted(str(u) for u in frame["unit"].dropna().unique()) or [DEFAULT_UNIT]


# ---------------------------------------------------------------------------------------------
# Words.


def long_date(day: Any) -> str:
    """``2019-12-01`` -> "1 December 2019"."""
    day = day.date() if hasattr(day, "date") and callable(day.date) else day
    return f"{day.day} {day:%B %Y}"


def count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def claimant_words(claimant: str) -> str:
    return CLAIMANT_NOTES.get(claimant, claimant)


def phrase(values: Mapping[str, str], names: Names, *, title: bool = False) -> str:
    """What a claim counts, in words, from its measure values: "civilians killed in north-west Syria"."""
    got = {k: v for k, v in values.items() if v not in (None, "")}
    subgroup = got.get("subgroup", "")
    if "outcome" in values or "victim_group" in values:  # casualties
        group = got.get("victim_group", "")
        if title:  # "Killed: civilians", "Injured: combatants (Turkish Armed Forces), in Idleb governorate"
            text = upper_first(got.get("outcome", "killed or injured"))
            text += f": {GROUP_TITLES[group]}" if group in GROUP_TITLES else ""
            text += f" ({got['victim_affiliation']})" if got.get("victim_affiliation") else ""
            text += f", {subgroup}" if subgroup else ""
            text += f", in {names.place(got['area_id'])}" if got.get("area_id") else ""
            return text + (f", attributed to {got['perpetrator']}" if got.get("perpetrator") else "")
        noun = GROUPS.get(group, "people")
        if got.get("victim_affiliation"):
            noun += f" ({got['victim_affiliation']})"
        text = f"{with_subgroup(noun, subgroup)} {got.get('outcome', 'killed or injured')}{GROUP_NOTES.get(group, '')}"
        if got.get("area_id"):
            text += f" in {names.place(got['area_id'])}"
        if got.get("perpetrator"):
            text += f", attributed to {got['perpetrator']}"
        return text + after_noun(subgroup)
    if "metric" in values or "unit" in values:  # displacement
        noun = UNIT_NOUNS.get(got.get("unit", ""), "people")
        stock = got.get("metric") == "stock"
        text = f"{with_subgroup(noun, subgroup)} {'in displacement' if stock else 'displaced'}"
        if got.get("origin_area_id"):
            text += f" from {names.place(got['origin_area_id'])}"
        if got.get("destination"):
            where = got["destination"]
            text += f" {where}" if where.lower().startswith(PLACE_WORDS) else f" to {where}"
        text += CAUSES.get(got.get("cause", ""), "")
        text += after_noun(subgroup)
        if title and got.get("unit") == "movements":
            text += ": one person can move more than once"
        if title and stock:
            text += " on a given day"
        return text
    if "population_group" in values or "asylum_iso3" in values or "origin_iso3" in values:  # refugees
        group = got.get("population_group", "")
        noun = POPULATION_GROUPS.get(group, "people") if group or not title else ""
        text = with_subgroup(noun, subgroup) if noun else ""
        if got.get("origin_iso3"):
            text += f" from {names.country(got['origin_iso3'])}"
        if got.get("asylum_iso3"):
            text += f" {'in' if text else 'hosted in'} {names.country(got['asylum_iso3'])}"
        if group == "all":
            text += ", any status"
        return (text + after_noun(subgroup)).strip()
    words = [f"{k} {v}" for k, v in got.items()]
    return ", ".join(words)


def with_subgroup(noun: str, subgroup: str) -> str:
    if not subgroup or subgroup.lower().startswith(AFTER_NOUN):
        return noun
    return f"{subgroup} among {noun}"


def after_noun(subgroup: str) -> str:
    return f", {subgroup}" if subgroup and subgroup.lower().startswith(AFTER_NOUN) else ""


def panel_title(table: Table, key: Mapping[str, str], rows: pd.DataFrame, names: Names) -> str:
    """A panel's quantity in words, with the title fields one value fills (the population group)."""
    values = dict(key)
    for name in TITLE_FIELDS:
        if name in table.field_names and name not in values:
            present = rows[name].astype("string").dropna().unique()
            if len(present) == 1:
                values[name] = str(present[0])
    if "claimant" in values:
        claimant = values.pop("claimant")
        return upper_first(f"{phrase(values, names, title=True)}, according to {claimant}")
    return upper_first(phrase(values, names, title=True) or table.title)


def conditions_words(asked: Mapping[str, tuple[str, ...]], joiner: str = "; ") -> str:
    return joiner.join(f"{column} = {' or '.join(v if v else '(empty)' for v in values)}"
                     for column, values in asked.items())


def wrapped(label: str, width: int = LEGEND_WIDTH) -> str:
    return textwrap.fill(plain(label), width, break_on_hyphens=False, break_long_words=False)


def plain(text: str) -> str:
    """``text`` as matplotlib shows it literally: a ``$`` from the data never starts mathtext."""
    return text.replace("$", r"\$")


# ---------------------------------------------------------------------------------------------
# Drawing.


def position(row: Any) -> int:
    """Where a claim sits on the value axis: its figure, else its lower bound, else its upper bound."""
    for column in ("value_best", "value_low", "value_high"):
        value = getattr(row, column)
        if not missing(value):
            return int(value)
    raise ValueError(f"claim {row.claim_id} has no value")


def missing(value: Any) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def openness(row: Any) -> str | None:
    """``"above"`` when only a lower bound is stated, ``"below"`` when only an upper bound, else ``None``."""
    low, high = not missing(row.value_low), not missing(row.value_high)
    if low and not high:
        return "above"
    if high and not low:
        return "below"
    return None


def hollow(row: Any) -> bool:
    return missing(row.value_low) and missing(row.value_high)


def styles_for(labels: list[str]) -> dict[str, tuple[str, str]]:
    """A colour and a marker for each label; no two labels share both (nor a colour, up to twenty)."""
    return {label: (PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)]) for i, label in enumerate(labels)}


@dataclass
class Canvas:
    """A figure, one axes per panel (sharing the time axis), which of them show dates, and the key's row."""

    fig: Figure
    axes: list[Axes]
    bottom: list[bool]
    widths: list[float]  # each panel's share of the panels' width
    columns: int

    def panel_width(self, index: int) -> float:
        """About how many pixels wide a panel is: the figure, less the legend and each panel's value axis."""
        return (WIDTH_PX - 320 - 70 * self.columns) * self.widths[index]

    def title_width(self, index: int) -> int:
        """How many characters of a panel title fit on one line of its panel."""
        return max(16, int(self.panel_width(index) / 6.3))


def new_figure(chosen: Selection) -> Canvas:
    """The figure laid out as a grid of panels, wider where a column holds more claims, over a row for the key."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    nrows, ncols = chosen.grid
    per_column = [sum(len(p.rows) for p in chosen.panels if p.place[1] == col) for col in range(ncols)]
    widths = [1 + math.sqrt(n / max(per_column)) for n in per_column]  # the busiest column twice the emptiest
    grid = fig.add_gridspec(nrows, ncols, width_ratios=widths)
    axes: list[Axes] = []
    for panel in chosen.panels:
        row, col = panel.place
        axes.append(fig.add_subplot(grid[row, col], sharex=axes[0] if axes else None))
    taken = {p.place for p in chosen.panels}
    bottom = [not any((below, p.place[1]) in taken for below in range(p.place[0] + 1, nrows)) for p in chosen.panels]
    for ax, shows in zip(axes, bottom):
        ax.tick_params(axis="x", labelbottom=shows)
    share = [widths[p.place[1]] / sum(widths) for p in chosen.panels]
    return Canvas(fig, axes, bottom, share, ncols)


def timeline(chosen: Selection) -> Figure:
    """Every claim over its period, with its bounds, one colour and marker per claimant, one panel per quantity."""
    canvas = new_figure(chosen)
    fig = canvas.fig
    frame, table, window = chosen.frame, chosen.table, chosen.window
    tally = frame["claimant"].astype(str).value_counts()
    claimants = sorted(tally.index, key=lambda c: (-int(tally[c]), c))
    look = styles_for(claimants)
    start, end = table.period  # type: ignore[misc]
    edges = False
    for index, (ax, shows_dates, panel) in enumerate(zip(canvas.axes, canvas.bottom, chosen.panels)):
        crowded = len(panel.rows) > 40
        small = len(chosen.panels) > 3
        for row in panel.rows.itertuples(index=False):
            first, last = getattr(row, start).to_pydatetime(), getattr(row, end).to_pydatetime()
            seen_first, seen_last = max(first.date(), window.start), min(last.date(), window.end)
            middle = as_datetime(seen_first) + (as_datetime(seen_last) - as_datetime(seen_first)) / 2
            y = position(row)
            hue, marker = look[str(row.claimant)]
            ax.plot([first, last], [y, y], color=hue, linewidth=1.4 if crowded else 2.2, solid_capstyle="butt",
                    marker=marker, markevery=[1], markersize=5.5 if crowded else 7.5,
                    markerfacecolor="white" if hollow(row) else hue, markeredgecolor=hue, markeredgewidth=1.5,
                    alpha=0.9, gid=f"{CLAIM_GID}{row.claim_id}", zorder=3)
            if first != last and first.date() >= window.start:
                ax.plot([first], [y], color=hue, marker="|", markersize=7, linestyle="none",
                        gid=f"{BOUND_GID}{row.claim_id}", zorder=3)
            edges |= draw_edges(ax, row, first, last, y, hue, window)
            draw_bounds(ax, row, middle, y, hue, length=22 if small or crowded else 30)
        finish_axes(ax, chosen, panel, log=True)
        if len(panel.rows) <= SHOWN_LABELS and len(chosen.panels) <= 4:
            label_claims(ax, panel.rows, table, window, canvas.panel_width(index))
        ax.set_title(f"{wrapped(panel.title, canvas.title_width(index))}\n{count(len(panel.rows), 'claim')}",
                     fontsize=9.5, loc="left", linespacing=1.3)
        if shows_dates:
            ax.set_xlabel("Period the claim covers (date)", fontsize=9)
    handles = claimant_handles(claimants, look, tally)
    add_legends(canvas, handles, "Claimant (colour and marker), claims", key_handles(frame, "timeline", edges))
    fig.suptitle(headline(chosen, f"{count(len(frame), 'claim')}, each over the period it covers"), fontsize=13,
                 x=0.005, ha="left")
    caption(fig, chosen)
    return fig


def label_claims(ax: Axes, rows: pd.DataFrame, table: Table, window: Window, width_px: float) -> None:
    """Each claim's own words beside its marker, above it, or below it where another label stands; none where
    neither has room, nor for words in a right-to-left script (matplotlib would draw their letters apart)."""
    end = table.period[1]  # type: ignore[index]
    span = max((window.end - window.start).days, 1)
    bottom, top = ax.get_ylim()
    height = max(math.log10(max(top, 10)) - math.log10(max(bottom, 1)), 0.1)
    taken: list[tuple[float, float, float]] = []  # (left, right, height) of each label, in axes fractions
    for row in sorted(rows.itertuples(index=False), key=position, reverse=True):
        text = str(row.stated_as)
        if any("\u0590" <= c <= "\u08ff" or "\ufb1d" <= c <= "\ufeff" for c in text):
            continue
        day = getattr(row, end).date()
        x, y = (day - window.start).days / span, math.log10(max(position(row), 1)) / height
        gap, wide = 8 / max(width_px, 1), (len(text) * 5.8 + 6) / max(width_px, 1)  # 8 pt text, 8 pt from the marker
        right = x > 0.45 or x + gap + wide > 1
        left_edge, right_edge = (x - gap - wide, x - gap) if right else (x + gap, x + gap + wide)

        above, below = y + 0.04, y - 0.06
        if not clashes(taken, left_edge, right_edge, above):
            level, offset, anchor = above, 6, "baseline"
        elif not clashes(taken, left_edge, right_edge, below):
            level, offset, anchor = below, -9, "top"
        else:
            continue
        taken.append((left_edge, right_edge, level))
        ax.annotate(plain(text), (as_datetime(day), position(row)), xytext=(-8 if right else 8, offset),
                    textcoords="offset points", fontsize=8, color="#333333", ha="right" if right else "left",
                    va=anchor, gid=f"label:{row.claim_id}")


def clashes(taken: list[tuple[float, float, float]], left: float, right: float, level: float) -> bool:
    """Whether a label from ``left`` to ``right`` at ``level`` would overlap one already placed."""
    return any(a < right and left < b and abs(level - h) < 0.1 for a, b, h in taken)


def as_datetime(day: date) -> Any:
    from datetime import datetime

    return datetime(day.year, day.month, day.day)


def draw_edges(ax: Axes, row: Any, first: Any, last: Any, y: int, hue: Any, window: Window) -> bool:
    """A triangle where a claim's period runs on past the window's edge; whether one was drawn."""
    drawn = False
    gid = f"{EDGE_GID}{row.claim_id}"
    if first.date() < window.start:
        ax.plot([as_datetime(window.start)], [y], marker="<", markersize=6, color=hue, linestyle="none",
                clip_on=False, gid=gid, zorder=4)
        drawn = True
    if last.date() > window.end:
        ax.plot([as_datetime(window.end)], [y], marker=">", markersize=6, color=hue, linestyle="none",
                clip_on=False, gid=gid, zorder=4)
        drawn = True
    return drawn


def draw_bounds(ax: Axes, row: Any, x: Any, y: int, hue: Any, length: int = 30) -> None:
    """Arrows for open-ended bounds, an error bar from low to high for stated ranges."""
    side = openness(row)
    gid = f"{BOUND_GID}{row.claim_id}"
    if side is not None:
        direction = length if side == "above" else -length
        ax.annotate("", xy=(x, y), xytext=(0, direction), textcoords="offset points", gid=gid,
                    arrowprops={"arrowstyle": "<|-", "color": hue, "linewidth": 1.5, "shrinkA": 0, "shrinkB": 0,
                                "mutation_scale": 9})
        return
    low, high = row.value_low, row.value_high
    if not missing(low) and not missing(high) and int(low) != int(high):
        ax.errorbar([x], [y], yerr=[[y - int(low)], [int(high) - y]], fmt="none", ecolor=hue, elinewidth=1.8,
                    capsize=5, gid=gid, zorder=2)


def finish_axes(ax: Axes, chosen: Selection, panel: Panel, log: bool = True) -> None:
    """Value axis (log for claims of very different sizes, linear from 0 for a series), the window's dates."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter, MaxNLocator, SymmetricalLogLocator

    frame = panel.rows
    scale = "log scale" if log else "linear scale"
    if log:
        bottom, top = value_limits(frame)
        ax.set_yscale("symlog", linthresh=1, linscale=0.3)
        ax.set_ylim(bottom, top)
        decades = math.log10(top) - math.log10(max(bottom, 1))
        subs = ([float(n) for n in range(1, 10)] if decades < 1 else [1.0, 2.0, 5.0] if decades <= 3 else [1.0])
        ax.yaxis.set_major_locator(SymmetricalLogLocator(base=10, linthresh=1, subs=subs))
    else:
        ax.set_ylim(0, max(int(v) for column in VALUES for v in frame[column].dropna()) * 1.15)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: compact(value)))
    window = chosen.window
    span = (window.end - window.start).days
    ax.set_xlim(as_datetime(window.start), as_datetime(window.end) + (window.end - window.start) * 0.02
                if span else as_datetime(window.end))
    most = {1: 13, 2: 7, 3: 5}.get(chosen.grid[1], 4)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=most))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, pos: tick_date(x, pos, span)))
    ax.set_ylabel(f"{panel.unit}, {scale}", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(True, which="major", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def tick_date(x: float, pos: int | None, span: int) -> str:
    """A date tick: its month (its day too in a window of under two months), with the year on the first and in January."""
    import matplotlib.dates as mdates

    day = mdates.num2date(x)
    text = f"{day.day} {day:%b}" if span < 62 else f"{day:%b}"
    return f"{text}\n{day:%Y}" if pos == 0 or day.month == 1 and (span >= 62 or day.day == 1) else text


def compact(value: float) -> str:
    """Tick labels that fit a small panel: 1,500 / 20k / 3.6M."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.1f}M".replace(".0M", "M")
    if abs(value) >= 10_000:
        return f"{value / 1000:,.0f}k"
    return f"{value:,.0f}"


def value_limits(frame: pd.DataFrame) -> tuple[float, float]:
    """Room for the arrows below the smallest value (0 when a value is below 10) and above the largest."""
    values = [int(v) for column in VALUES for v in frame[column].dropna()]
    smallest, largest = max(min(values), 1), max(max(values), 1)
    margin = max(0.35, (math.log10(largest) - math.log10(smallest)) * 0.2)  # in powers of ten
    bottom = 0.0 if smallest < 10 else smallest / 10**margin
    return bottom, largest * 10**margin


def claimant_handles(claimants: list[str], look: dict[str, tuple[str, str]], tally: Any) -> list[Any]:
    from matplotlib.lines import Line2D

    return [Line2D([], [], color=look[c][0], marker=look[c][1], markersize=6, linewidth=2,
                   label=wrapped(f"{claimant_words(c)} ({int(tally[c])})")) for c in claimants]


def key_handles(frame: pd.DataFrame, style: str, edges: bool) -> list[Any]:
    """The legend's explanation of the marks a figure uses: periods, steps, bounds, edges."""
    from matplotlib.lines import Line2D

    def entry(label: str, **style_: Any) -> Any:
        style_.setdefault("linestyle", "none")
        return Line2D([], [], color=GREY, label=wrapped(label), **style_)

    handles = []
    if style == "timeline":
        handles.append(entry("line: the period a claim covers; marker: its figure, at the period's end",
                             linestyle="-", linewidth=2, marker="o", markevery=[1], markersize=6))
    else:
        handles.append(entry("steps: a series' figure, from each day it is reported as of", linestyle="-",
                             linewidth=2, marker="o", markersize=6))
        handles.append(entry("dotted: from 0 on the day the series counts from", linestyle=":", linewidth=1))
    kinds = [openness(row) for row in frame.itertuples(index=False)]
    if "above" in kinds:
        handles.append(entry("arrow up: only a lower bound is stated (more than, at least, a vague word such "
                             "as hundreds)", marker="$\u2191$", markersize=11))
    if "below" in kinds:
        handles.append(entry("arrow down: only an upper bound is stated (fewer than, up to, nearly)",
                             marker="$\u2193$", markersize=11))
    low, high = frame["value_low"], frame["value_high"]
    if (low.notna() & high.notna() & (low != high).fillna(False)).any():
        handles.append(entry("bar: a stated range, from low to high", marker="$\u2195$", markersize=11))
    if (low.isna() & high.isna()).any():
        handles.append(entry("hollow marker: about N, no bound stated", marker="o", markerfacecolor="white",
                             markersize=7))
    if edges:
        handles.append(entry("triangle at the edge: the period runs on past the window", marker="<",
                             markersize=6))
    return handles


def add_legends(canvas: Canvas, handles: list[Any], title: str, key: list[Any]) -> None:
    """One legend on the right: what the colours tell apart, then how to read the marks."""
    from matplotlib.lines import Line2D

    heading = [Line2D([], [], linestyle="none", label=" "), Line2D([], [], linestyle="none", label=KEY_TITLE)]
    legend = canvas.fig.legend(handles=[*handles, *heading, *key], loc="outside right upper", title=title,
                               fontsize=8, title_fontsize=9, alignment="left", frameon=False, handlelength=2.2,
                               labelspacing=0.4)
    legend.get_title().set_fontweight("bold")
    for text in legend.get_texts():
        if text.get_text() == KEY_TITLE:
            text.set_fontweight("bold")
            text.set_fontsize(9)


def headline(chosen: Selection, what: str) -> str:
    """The figure's title: the table, the window, the filters, what is drawn; on two lines when long."""
    filters = f", where {conditions_words(chosen.conditions, ' and ')}" if chosen.conditions else ""
    return wrapped(f"{chosen.table.title}, {chosen.window.words}{filters}: {what}", HEADLINE_WIDTH)


def caption(fig: Figure, chosen: Selection) -> None:
    """The data version, the window and what it leaves out, and the sources, under the panels."""
    package, table, window = chosen.package, chosen.table, chosen.window
    lines = [f"{package.name} data version {package.version} \u00b7 table {table.name}, active claims with a figure "
             f"\u00b7 time axis: {window.words} ({window.origin})"
             + (f" \u00b7 only the claims where {conditions_words(chosen.conditions, ' and ')}" if chosen.conditions else "")]
    if chosen.outside or chosen.lost:
        parts = []
        if len(chosen.before):
            earliest = long_date(chosen.before[table.period[0]].min())  # type: ignore[index]
            parts.append(f"{count(len(chosen.before), 'claim')} whose period lies mostly before the window ("
                         f"{'from' if len(chosen.before) == 1 else 'the earliest from'} {earliest})")
        if len(chosen.after):
            latest = long_date(chosen.after[table.period[1]].max())  # type: ignore[index]
            parts.append(f"{count(len(chosen.after), 'claim')} whose period lies mostly after "
                         f"{'it' if parts else 'the window'} ("
                         f"{'to' if len(chosen.after) == 1 else 'the latest to'} {latest})")
        text = f"Left out: {' and '.join(parts)}" if parts else ""
        if chosen.lost:
            lost = "; ".join(lower_first(t) for t in chosen.lost)
            text += f", among them every claim on {lost}" if text else f"No claim in the window on {lost}"
        lines.append(text + ".")
    if chosen.style == "cumulative" and chosen.unseries:
        lines.append(f"Drawn: the {count(len(chosen.frame), 'claim')} in the window that form series; the other "
                     f"{count(chosen.unseries, 'claim')} there belong to no series (--style timeline draws every claim).")
    lines.append(sources_line(chosen))
    text = "\n".join(textwrap.fill(line, CAPTION_WIDTH, break_on_hyphens=False) for line in lines)
    fig.get_layout_engine().set(h_pad=0.04)  # type: ignore[union-attr, call-arg]
    fig.supxlabel(plain(text), fontsize=8, color="#444444", x=0.005, ha="left", linespacing=1.45)


def sources_line(chosen: Selection) -> str:
    """How many documents the drawn claims come from, by whom most often, and where the list is."""
    from idlibstats.frames.loading import load

    ids = set(chosen.frame["source_id"].astype(str))
    sources = load("sources", package=chosen.package)
    used = sources[sources["source_id"].astype(str).isin(ids)]
    publishers = used["publisher"].astype("string").value_counts()  # documents per named publisher
    top = ", ".join(f"{name} ({n})" for name, n in publishers.head(3).items())
    many = len(publishers) + int(used["publisher"].isna().any())
    return (f"Sources: {count(len(ids), 'document')} from {count(many, 'publisher')}"
            f"{', most often ' + top if many > 1 else ': ' + top}; the command idlibstats cite {chosen.table.name} lists "
            "them all.")


def series(frame: pd.DataFrame, table: Table, names: Names | None = None) -> list[Series]:
    """Cumulative series in ``frame``: claims of one claimant, with one period start and the same counted
    thing (every measure field, so a subgroup or a destination is a series of its own), reported as of two
    or more different days."""
    start, end = table.period  # type: ignore[misc]
    measures = list(table.measure)
    keys = ["claimant", start, *measures]
    grouped = frame.assign(**{k: frame[k].astype("string").fillna("") for k in keys if k != start})
    found = []
    for values, rows in grouped.groupby(keys, sort=True, observed=True, dropna=False):
        if rows[end].nunique() < 2:
            continue
        named = dict(zip(keys, values))
        what = tuple((m, str(named[m])) for m in measures if named[m])
        words = f"{phrase(dict(what), names)} since {long_date(named[start])}" if names else ""
        found.append(Series(str(named["claimant"]), named[start], what,
                            frame.loc[rows.index].sort_values([end, "claim_id"]), words))
    return found


def cumulative(chosen: Selection) -> Figure:
    """Each series as a stepped line through its claims, each claim a marker at the day it is reported as of."""
    canvas = new_figure(chosen)
    fig = canvas.fig
    table = chosen.table
    end = table.period[1]  # type: ignore[index]
    found = chosen.series
    look = styles_for([s.label for s in found])
    number = {id(s): i for i, s in enumerate(found)}
    for index, (ax, shows_dates, panel) in enumerate(zip(canvas.axes, canvas.bottom, chosen.panels)):
        for one in panel.series:
            hue, marker = look[one.label]
            gid = number[id(one)]
            days = [d.to_pydatetime() for d in one.rows[end]]
            heights = [position(row) for row in one.rows.itertuples(index=False)]
            first = one.start.to_pydatetime()
            ax.step(days, heights, where="post", color=hue, linewidth=2, alpha=0.85, gid=f"series:{gid}")
            ax.plot([first, days[0]], [0, heights[0]], color=hue, linewidth=1, linestyle=":", marker="|",
                    markevery=[0], markersize=12, gid=f"start:{gid}")
            for row, day, y in zip(one.rows.itertuples(index=False), days, heights):
                ax.plot([day], [y], marker=marker, markersize=6.5, color=hue,
                        markerfacecolor="white" if hollow(row) else hue, linestyle="none",
                        gid=f"{CLAIM_GID}{row.claim_id}", zorder=3)
                draw_bounds(ax, row, day, y, hue, length=22)
        finish_axes(ax, chosen, panel, log=False)
        ax.set_title(f"{wrapped(panel.title, canvas.title_width(index))}\n"
                     f"{count(len(panel.series), 'series', 'series')}, {count(len(panel.rows), 'claim')}",
                     fontsize=9.5, loc="left", linespacing=1.3)
        if shows_dates:
            ax.set_xlabel("Day each cumulative figure is reported as of (date)", fontsize=9)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=look[s.label][0], marker=look[s.label][1], markersize=6, linewidth=2,
                      label=wrapped(s.label)) for s in found]
    add_legends(canvas, handles, "Series: claimant, what it counts, since",
                key_handles(chosen.frame, "cumulative", False))
    fig.suptitle(headline(chosen, f"{count(len(found), 'cumulative series', 'cumulative series')}, "
                                  f"{count(len(chosen.frame), 'claim')}"), fontsize=13, x=0.005, ha="left")
    caption(fig, chosen)
    return fig


def png(fig: Figure) -> bytes:
    """``fig`` rendered as PNG bytes at its own size (1200x700 px)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def save(fig: Figure, out: str | Path) -> None:
    """Write ``fig`` as a PNG to ``out``, atomically."""
    write_bytes(out, png(fig))
