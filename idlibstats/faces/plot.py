"""Figures of a claims table: a timeline of its claims, or its cumulative series as stepped lines.

Each claim is drawn over its period at its figure (``value_best``, else its one bound), with
what its wording leaves open drawn as such: an arrow up where only a lower bound is stated
("more than", "at least", a vague word), an arrow down where only an upper bound is
("fewer than", "up to", "nearly"), a bar from low to high for a stated range, a hollow marker
for a figure given as "about" with no bound. One colour per claimant.

Every claim's main artist carries the ``gid`` ``"claim:<claim_id>"`` and the artists of its
bounds ``"bound:<claim_id>"``, so a figure can be inspected without reading pixels.

Matplotlib (the ``plot`` extra) is imported only here and only when a figure is made; figures
are drawn on the Agg canvas, never through pyplot, so no global backend is changed.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idlibstats.errors import IdlibstatsError, MissingDependency, NothingToPlot
from idlibstats.faces.output import write_bytes
from idlibstats.package.contract import Table
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

STYLES = ("timeline", "cumulative")
VALUES = ("value_low", "value_best", "value_high")
WIDTH_PX, HEIGHT_PX, DPI = 1200, 700, 100
DEFAULT_UNIT = "persons"  # claims tables without a `unit` column count people
APPROXIMATE = "about"
CLAIM_GID, BOUND_GID = "claim:", "bound:"
LEGEND_WIDTH = 30  # characters per line of a legend entry
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h")


@dataclass(frozen=True)
class Series:
    """Claims of one claimant counting the same thing from the same day, reported as of several days."""

    claimant: str
    start: Any
    keys: tuple[tuple[str, str], ...]
    rows: pd.DataFrame

    @property
    def label(self) -> str:
        since = self.start.date().isoformat()
        what = ", ".join(value for _, value in self.keys)
        return f"{self.claimant}: {what}, since {since}" if what else f"{self.claimant}, since {since}"


def require_matplotlib() -> None:
    """Raise :class:`MissingDependency` with the pip command when matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        message = "plots need matplotlib: pip install matplotlib (in a clone of idlibstats: pip install '.[plot]')"
        raise MissingDependency(message) from None


def plot(name: str, out: str | Path, style: str = "timeline", package: DataPackage | None = None) -> Path:
    """Draw table ``name`` in ``style`` and write it as a 1200x700 PNG to ``out``."""
    out = Path(out)
    if out.suffix.lower() != ".png":
        raise IdlibstatsError(f"plots are written as PNG: give an --out path ending in .png, not {out.name!r}",
                              path=str(out))
    save(figure(name, style, package), out)
    return out


def figure(name: str, style: str = "timeline", package: DataPackage | None = None) -> Figure:
    """The matplotlib ``Figure`` of table ``name`` in ``style`` (``timeline`` or ``cumulative``)."""
    if style not in STYLES:
        raise IdlibstatsError(f"unknown plot style {style!r}; expected one of {', '.join(STYLES)}")
    require_matplotlib()
    package = package or DataPackage.shipped()
    table = claims_table(package, name)
    frame = with_value(claims(package, table))
    if frame.empty:
        raise NothingToPlot(f"table {name!r} has no active claim with a value to plot")
    if style == "timeline":
        return timeline(frame, table, package)
    found = series(frame, table)
    if not found:
        message = (f"table {name!r} has no cumulative series to plot (two or more claims from one claimant "
                   "counting the same thing from the same day, reported as of different days); "
                   "use --style timeline")
        raise NothingToPlot(message)
    return cumulative(found, frame, table, package)


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


def units(frame: pd.DataFrame) -> list[str]:
    if "unit" not in frame.columns:
        return [DEFAULT_UNIT]
    return sorted(str(u) for u in frame["unit"].dropna().unique()) or [DEFAULT_UNIT]


def shape_field(table: Table) -> str | None:
    """The first measure field with an enumeration (outcome, metric, ...): it picks the marker shape."""
    for name in table.measure:
        if table.field(name).enum is not None:
            return name
    return None


def colours(claimants: list[str]) -> dict[str, Any]:
    from matplotlib import colormaps

    palette = colormaps["tab10"].colors + colormaps["Dark2"].colors  # type: ignore[attr-defined]
    return {claimant: palette[i % len(palette)] for i, claimant in enumerate(claimants)}


def shapes(frame: pd.DataFrame, field: str | None) -> dict[str, str]:
    if field is None:
        return {}
    values = [str(v) for v in frame[field].dropna().unique()]
    return {value: MARKERS[i % len(MARKERS)] for i, value in enumerate(sorted(values))}


def new_figure() -> tuple[Figure, Axes]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def timeline(frame: pd.DataFrame, table: Table, package: DataPackage) -> Figure:
    """Every claim of ``frame`` over its period, with its bounds, one colour per claimant."""
    fig, ax = new_figure()
    claimants = sorted(str(c) for c in frame["claimant"].unique())
    colour = colours(claimants)
    field = shape_field(table)
    shape = shapes(frame, field)
    start, end = table.period  # type: ignore[misc]
    label_claims = len(frame) <= 12
    for row in frame.itertuples(index=False):
        first, last = getattr(row, start).to_pydatetime(), getattr(row, end).to_pydatetime()
        middle = first + (last - first) / 2
        y = position(row)
        hue = colour[str(row.claimant)]
        marker = shape.get(str(getattr(row, field)), "o") if field else "o"
        hollow = missing(row.value_low) and missing(row.value_high)
        ax.plot([first, last], [y, y], color=hue, linewidth=2.5, solid_capstyle="butt", marker=marker,
                markevery=[1], markersize=8, markerfacecolor="white" if hollow else hue, markeredgecolor=hue,
                markeredgewidth=1.8, gid=f"{CLAIM_GID}{row.claim_id}", zorder=3)
        if first != last:
            ax.plot([first, first], [y, y], color=hue, marker="|", markersize=9, linestyle="none",
                    gid=f"{BOUND_GID}{row.claim_id}", zorder=3)
        draw_bounds(ax, row, middle, y, hue)
        if label_claims:
            ax.annotate(plain(str(row.stated_as)), (last, y), xytext=(8, 6), textcoords="offset points", fontsize=8,
                        color="#333333", gid=f"label:{row.claim_id}")
    finish_axes(ax, table, frame)
    legend(fig, ax, claimants, colour, field, shape, frame)
    ax.set_title(f"{table.title}: {len(frame)} claims, each over the period it covers", fontsize=14)
    caption(fig, package, table, "Line: the period a claim covers, marker at its end. Arrows: open-ended bounds.")
    return fig


def draw_bounds(ax: Axes, row: Any, x: Any, y: int, hue: Any) -> None:
    """Arrows for open-ended bounds, an error bar from low to high for stated ranges."""
    side = openness(row)
    gid = f"{BOUND_GID}{row.claim_id}"
    if side is not None:
        direction = 34 if side == "above" else -34
        ax.annotate("", xy=(x, y), xytext=(0, direction), textcoords="offset points", gid=gid,
                    arrowprops={"arrowstyle": "<|-", "color": hue, "linewidth": 1.8, "shrinkA": 0, "shrinkB": 0})
        return
    low, high = row.value_low, row.value_high
    if not missing(low) and not missing(high) and int(low) != int(high):
        ax.errorbar([x], [y], yerr=[[y - int(low)], [int(high) - y]], fmt="none", ecolor=hue, elinewidth=1.8,
                    capsize=6, gid=gid, zorder=2)


def finish_axes(ax: Axes, table: Table, frame: pd.DataFrame, log: bool = True) -> None:
    """Value axis (log for claims of very different sizes, linear from 0 for a series), date axis, labels."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter, SymmetricalLogLocator

    scale = "log scale" if log else "linear scale"
    if log:
        bottom, top = value_limits(frame)
        ax.set_yscale("symlog", linthresh=1, linscale=0.3)
        ax.set_ylim(bottom, top)
        decades = math.log10(top) - math.log10(max(bottom, 1))
        subs = [1.0, 2.0, 5.0] if decades <= 3 else [1.0]  # 1-2-5 ticks when few powers of ten are shown
        ax.yaxis.set_major_locator(SymmetricalLogLocator(base=10, linthresh=1, subs=subs))
    else:
        ax.set_ylim(0, max(int(v) for column in VALUES for v in frame[column].dropna()) * 1.15)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    locator = mdates.AutoDateLocator(minticks=5, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("Period covered by the claim (date)", fontsize=11)
    ax.set_ylabel(f"{table.title}: number of {' or '.join(units(frame))} ({scale})", fontsize=11)
    ax.grid(True, which="major", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def value_limits(frame: pd.DataFrame) -> tuple[float, float]:
    """From a power of ten below the smallest value (0 when a value is below 10) to room above the largest."""
    values = [int(v) for column in VALUES for v in frame[column].dropna()]
    smallest, largest = min(values), max(values)
    bottom = 0.0 if smallest < 10 else 10 ** math.floor(math.log10(smallest)) / 2
    return bottom, max(largest, 1) * 6


def plain(text: str) -> str:
    """``text`` as matplotlib shows it literally: a ``$`` from the data never starts mathtext."""
    return text.replace("$", r"\$")


def wrapped(label: str) -> str:
    return textwrap.fill(plain(label), LEGEND_WIDTH)


def legend(fig: Figure, ax: Axes, claimants: list[str], colour: dict[str, Any], field: str | None,
           shape: dict[str, str], frame: pd.DataFrame) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=colour[c], linewidth=2.5, label=wrapped(c)) for c in claimants]
    if field and len(shape) > 1:
        handles += [Line2D([], [], color="#555555", marker=m, linestyle="none", label=wrapped(f"{field}: {value}"))
                    for value, m in shape.items()]
    kinds = [openness(row) for row in frame.itertuples(index=False)]
    if "above" in kinds:
        handles.append(Line2D([], [], color="#555555", marker="$\u2191$", markersize=11, linestyle="none",
                              label=wrapped("lower bound only (more than, at least, a vague word)")))
    if "below" in kinds:
        handles.append(Line2D([], [], color="#555555", marker="$\u2193$", markersize=11, linestyle="none",
                              label=wrapped("upper bound only (fewer than, up to, nearly)")))
    low, high = frame["value_low"], frame["value_high"]
    if (low.notna() & high.notna() & (low != high).fillna(False)).any():
        handles.append(Line2D([], [], color="#555555", marker="$\u2195$", markersize=11, linestyle="none",
                              label=wrapped("stated range, low to high")))
    if (low.isna() & high.isna()).any():
        handles.append(Line2D([], [], color="#555555", marker="o", markerfacecolor="white", linestyle="none",
                              label=wrapped("approximate figure (about), no bound stated")))
    fig.legend(handles=handles, loc="outside right upper", title="Claimant (colour), key", fontsize=9, title_fontsize=10,
               alignment="left", frameon=False)


def caption(fig: Figure, package: DataPackage, table: Table, note: str) -> None:
    text = (f"{package.name} data version {package.version} \u00b7 table {table.name}, active claims \u00b7 "
            f"one colour per claimant \u00b7 {note}")
    fig.get_layout_engine().set(h_pad=0.08)  # type: ignore[union-attr, call-arg]
    fig.supxlabel(text, fontsize=9, color="#444444", x=0.01, ha="left")


def series(frame: pd.DataFrame, table: Table) -> list[Series]:
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
        found.append(Series(str(named["claimant"]), named[start], what,
                            frame.loc[rows.index].sort_values([end, "claim_id"])))
    return found


def cumulative(found: list[Series], frame: pd.DataFrame, table: Table, package: DataPackage) -> Figure:
    """Each series as a stepped line through its claims, each claim a marker at the day it is reported as of."""
    fig, ax = new_figure()
    claimants = sorted({s.claimant for s in found})
    colour = colours(claimants)
    end = table.period[1]  # type: ignore[index]
    drawn = []
    for index, one in enumerate(found):
        hue = colour[one.claimant]
        marker = MARKERS[index % len(MARKERS)]
        days = [d.to_pydatetime() for d in one.rows[end]]
        heights = [position(row) for row in one.rows.itertuples(index=False)]
        first = one.start.to_pydatetime()
        ax.step(days, heights, where="post", color=hue, linewidth=2, alpha=0.8, gid=f"series:{index}")
        ax.plot([first, days[0]], [0, heights[0]], color=hue, linewidth=1, linestyle=":", marker="|",
                markevery=[0], markersize=14, gid=f"start:{index}")
        for row, day, y in zip(one.rows.itertuples(index=False), days, heights):
            hollow = missing(row.value_low) and missing(row.value_high)
            ax.plot([day], [y], marker=marker, markersize=7, color=hue, markerfacecolor="white" if hollow else hue,
                    linestyle="none", gid=f"{CLAIM_GID}{row.claim_id}", zorder=3)
            draw_bounds(ax, row, day, y, hue)
        drawn.append(one)
    rows = frame[frame["claim_id"].isin([c for s in drawn for c in s.rows["claim_id"]])]
    finish_axes(ax, table, rows, log=False)
    ax.set_xlabel("Day each cumulative figure is reported as of (date); dotted: from 0 on the series' first day",
                  fontsize=11)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=colour[s.claimant], marker=MARKERS[i % len(MARKERS)], linewidth=2,
                      label=wrapped(s.label)) for i, s in enumerate(drawn)]
    fig.legend(handles=handles, loc="outside right upper", title="Series (claimant, what, since)", fontsize=9,
               title_fontsize=10, alignment="left", frameon=False)
    ax.set_title(f"{table.title}: cumulative series, {len(rows)} claims", fontsize=14)
    caption(fig, package, table, "Steps: each series' figure since its start day. Arrows: open-ended bounds.")
    return fig


def png(fig: Figure) -> bytes:
    """``fig`` rendered as PNG bytes at its own size (1200x700 px)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def save(fig: Figure, out: str | Path) -> None:
    """Write ``fig`` as a PNG to ``out``, atomically."""
    write_bytes(out, png(fig))
