"""`idlibstats plot`: the figure draws every claim with a value, its bounds as stated, one colour per claimant.

Artists are inspected through their gids (``claim:<id>``, ``bound:<id>``), never pixels.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from sample_claims import SERIES_CLAIMANT, enrich

import idlibstats
from idlibstats.faces import plot
from idlibstats.package.contract import crisis_window
from idlibstats.package.folder import DataPackage

VALUES = ["value_low", "value_best", "value_high"]
CLAIMS = [name for name in idlibstats.tables() if idlibstats.load(name, history=True).columns.isin(VALUES).any()]
PLOTTABLE = [name for name in CLAIMS if idlibstats.load(name)[VALUES].notna().any(axis=1).any()]
# A window holding every claim of the package: with it, figures draw what they drew before the crisis window.
WHOLE = {"date_from": min(idlibstats.load(n, history=True)["period_start"].min() for n in CLAIMS).date(),
         "date_to": max(idlibstats.load(n, history=True)["period_end"].max() for n in CLAIMS).date() + pd.Timedelta(days=31)}


def shows_dates(ax) -> bool:  # type: ignore[no-untyped-def]
    """Whether the panel labels its x ticks (matplotlib 3.7's get_tick_params() reports the wrong axis)."""
    ticks = ax.xaxis.get_major_ticks()
    return bool(ticks) and ticks[0].label1.get_visible()


def title_of(fig) -> str:  # type: ignore[no-untyped-def]
    """The figure's title (its suptitle); Figure.get_suptitle is newer than matplotlib 3.7, the declared floor."""
    getter = getattr(fig, "get_suptitle", None)
    return getter() if getter is not None else fig._suptitle.get_text()


def caption_of(fig) -> str:  # type: ignore[no-untyped-def]
    """The figure's caption (its supxlabel); Figure.get_supxlabel is newer than matplotlib 3.7, the declared floor."""
    getter = getattr(fig, "get_supxlabel", None)
    return getter() if getter is not None else fig._supxlabel.get_text()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idlibstats", *args], capture_output=True, text=True)


# `python -m idlibstats` with the package in argv[1] in place of the shipped one: the command reads no other.
ON_PACKAGE = ("import sys; from pathlib import Path; from idlibstats.package import folder; "
              "root = Path(sys.argv.pop(1)).resolve(); folder.shipped_root = lambda: root; "
              "from idlibstats.cli.main import main; sys.exit(main(sys.argv[1:]))")


def run_on(package: DataPackage, *args: str) -> subprocess.CompletedProcess[str]:
    """The command run on ``package`` as on the shipped package (which the command always reads)."""
    return subprocess.run([sys.executable, "-c", ON_PACKAGE, str(package.root), *args], capture_output=True, text=True)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def with_value(frame):  # type: ignore[no-untyped-def]
    return frame[frame[VALUES].notna().any(axis=1)]


def artists(fig, prefix: str) -> dict[str, list]:  # type: ignore[no-untyped-def]
    found: dict[str, list] = {}
    for artist in fig.findobj():
        gid = artist.get_gid()
        if isinstance(gid, str) and gid.startswith(prefix):
            found.setdefault(gid[len(prefix):], []).append(artist)
    return found


def claim_lines(fig) -> list[Line2D]:  # type: ignore[no-untyped-def]
    return [a for group in artists(fig, "claim:").values() for a in group]


@pytest.fixture
def rich(package_copy: DataPackage) -> DataPackage:
    return enrich(package_copy)


@pytest.mark.parametrize("name", PLOTTABLE)
def test_timeline_draws_one_claim_per_row_with_a_value(name: str) -> None:
    fig = plot.figure(name, **WHOLE)
    drawn = Counter(a.get_gid().removeprefix("claim:") for a in claim_lines(fig))
    expected = with_value(idlibstats.load(name))["claim_id"]
    assert len(claim_lines(fig)) == len(expected)
    assert drawn == Counter(expected)


def test_timeline_skips_withdrawn_claims_and_draws_every_kind_of_bound(rich: DataPackage) -> None:
    from idlibstats.frames.loading import load

    fig = plot.figure("displacement", package=rich, **WHOLE)
    frame = with_value(load("displacement", package=rich))
    assert sorted(artists(fig, "claim:")) == sorted(frame["claim_id"])
    assert "dis-9004" not in artists(fig, "claim:")
    bounds = artists(fig, "bound:")
    for row in frame.itertuples():
        low, high = row.value_low, row.value_high
        has_low, has_high = not pd.isna(low), not pd.isna(high)
        arrows = [a for a in bounds.get(row.claim_id, []) if isinstance(a, Annotation)]
        bars = [a for a in bounds.get(row.claim_id, []) if isinstance(a, LineCollection)]
        if has_low and not has_high:
            assert len(arrows) == 1 and arrows[0].xyann[1] > 0, f"{row.claim_id}: an arrow up, open above"
        elif has_high and not has_low:
            assert len(arrows) == 1 and arrows[0].xyann[1] < 0, f"{row.claim_id}: an arrow down, open below"
        else:
            assert arrows == [], row.claim_id
        if row.qualifier == "range":
            (segment,) = bars[0].get_segments()
            assert sorted(segment[:, 1]) == [low, high]
    hollow = {a.get_gid()[6:] for a in claim_lines(fig) if a.get_markerfacecolor() == "white"}
    assert hollow == set(frame.loc[frame["value_low"].isna() & frame["value_high"].isna(), "claim_id"])


def test_each_claim_spans_its_period(rich: DataPackage) -> None:
    import matplotlib.dates as mdates

    from idlibstats.frames.loading import load

    fig = plot.figure("displacement", package=rich, **WHOLE)
    lines = {a.get_gid()[6:]: a for a in claim_lines(fig)}
    for row in load("displacement", package=rich).itertuples():
        xs = [mdates.num2date(x).date() if not hasattr(x, "date") else x.date() for x in lines[row.claim_id].get_xdata()]
        assert xs == [row.period_start.date(), row.period_end.date()]


def test_one_colour_per_claimant_and_a_legend_naming_each(rich: DataPackage) -> None:
    from idlibstats.frames.loading import load

    fig = plot.figure("displacement", package=rich)
    frame = load("displacement", package=rich).set_index("claim_id")
    colours: dict[str, set[str]] = {}
    for line in claim_lines(fig):
        colours.setdefault(frame.loc[line.get_gid()[6:], "claimant"], set()).add(to_hex(line.get_color()))
    assert all(len(c) == 1 for c in colours.values())
    assert len({c.pop() for c in colours.values()}) == len(colours)
    legend = " ".join(t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts())
    for claimant in colours:
        assert claimant.replace("$", r"\$") in legend


def test_figure_has_title_axis_labels_with_units_and_the_data_version() -> None:
    name = PLOTTABLE[0]
    fig = plot.figure(name)
    assert title_of(fig)
    for ax in fig.axes:  # one panel per kind of count, each with its title and its unit
        assert ax.get_title(loc="left")
        assert "persons" in ax.get_ylabel() or "households" in ax.get_ylabel() or "movements" in ax.get_ylabel()
    assert any("date" in ax.get_xlabel() for ax in fig.axes)
    assert all("date" in ax.get_xlabel() for ax in fig.axes if shows_dates(ax))
    assert f"data version {idlibstats.__version__}" in caption_of(fig)


@pytest.mark.parametrize("name", PLOTTABLE)
def test_the_command_writes_a_1200_by_700_png(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.png"
    result = run("plot", name, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1200, 700)
    assert str(out) in result.stdout


def test_cumulative_draws_each_series_claim_as_a_step(rich: DataPackage, tmp_path: Path) -> None:
    from idlibstats.frames.loading import load

    frame = with_value(load("displacement", package=rich))
    keys = ["claimant", "period_start", "metric", "unit", "origin_area_id", "destination", "cause", "subgroup"]
    grouped = frame.astype({k: "string" for k in keys if k != "period_start"}).fillna(
        {"destination": "", "subgroup": ""})
    expected = [c for _, rows in grouped.groupby(keys, observed=True) if rows["period_end"].nunique() >= 2
                for c in rows["claim_id"]]
    assert {"dis-9001", "dis-9002", "dis-9003"} <= set(expected)
    fig = plot.figure("displacement", "cumulative", package=rich)
    assert Counter(a.get_gid()[6:] for a in claim_lines(fig)) == Counter(expected)
    steps = artists(fig, "series:")
    assert len(steps) == len({tuple(r) for r in grouped[grouped["claim_id"].isin(expected)][keys].astype(str).values})
    legend = " ".join(t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts())
    assert f"{SERIES_CLAIMANT}:" in legend and "since 1 December 2019" in legend
    plot.save(fig, tmp_path / "cumulative.png")
    assert png_size(tmp_path / "cumulative.png") == (1200, 700)


def test_cumulative_without_a_series_says_so(package_copy: DataPackage) -> None:
    path = package_copy.path_of("data/displacement.csv")
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    with pytest.raises(plot.NothingToPlot, match="no cumulative series.*use --style timeline"):
        plot.figure("displacement", "cumulative", package=package_copy)


def test_cumulative_from_the_command_draws_a_series(rich: DataPackage, tmp_path: Path) -> None:
    out = tmp_path / "c.png"
    result = run_on(rich, "plot", "displacement", "--out", str(out), "--style", "cumulative")
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1200, 700)
    assert str(out) in result.stdout


def test_cumulative_from_the_command_explains_that_there_is_no_series(package_copy: DataPackage,
                                                                     tmp_path: Path) -> None:
    path = package_copy.path_of("data/displacement.csv")
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    out = tmp_path / "c.png"
    result = run_on(package_copy, "plot", "displacement", "--out", str(out), "--style", "cumulative")
    assert result.returncode == 2
    assert "[nothing-to-plot]" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["areas", "--out", "a.png"], r"\[nothing-to-plot\].*holds no claims"),
     (["nowhere", "--out", "a.png"], r"\[unknown-table\]"),
     (["casualties", "--out", "a.svg"], r"ending in \.png")],
    ids=["reference-table", "unknown-table", "not-png"],
)
def test_the_command_refuses_what_it_cannot_draw(args: list[str], message: str, tmp_path: Path) -> None:
    args = [a if not a.endswith(("png", "svg")) else str(tmp_path / a) for a in args]
    result = run("plot", *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1

    assert re.search(message, result.stderr), result.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from idlibstats.errors import MissingDependency

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependency, match=r"pip install matplotlib \(in a clone of idlibstats: pip install '\.\[plot\]'\)"):
        plot.figure("casualties")


def test_a_dollar_in_the_data_is_drawn_literally(package_copy: DataPackage, tmp_path: Path) -> None:
    path = package_copy.path_of("data/casualties.csv")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",the article,", ",Fund $1 and $2,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    plot.save(plot.figure("casualties", package=package_copy), tmp_path / "d.png")
    assert png_size(tmp_path / "d.png") == (1200, 700)


def test_the_readme_image_regenerates_with_the_readmes_command(tmp_path: Path) -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", readme)
    assert images, "README shows no plot from docs/"
    for image in images:
        command = re.search(rf"^idlibstats (plot .*?)--out {re.escape(image)}(.*)$", readme, flags=re.MULTILINE)
        assert command, f"README gives no command that writes {image}"
        args = [*command.group(1).split(), "--out", str(tmp_path / Path(image).name), *command.group(2).split()]
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert png_size(tmp_path / Path(image).name) == png_size(REPO / image) == (1200, 700)


# The crisis window, panels, words, filters: what the issue of the 2011-2020 axis asked for.

WINDOW = crisis_window(DataPackage.shipped())


def day(x: float) -> date:
    import matplotlib.dates as mdates

    return mdates.num2date(x).date()


def mostly_inside(frame: pd.DataFrame, start: date, end: date) -> pd.Series:
    """The claims with at least half of their period's days in the window: those a figure draws."""
    days = (frame["period_end"] - frame["period_start"]).dt.days + 1
    first = frame["period_start"].clip(lower=pd.Timestamp(start))
    last = frame["period_end"].clip(upper=pd.Timestamp(end))
    return ((last - first).dt.days + 1).clip(lower=0) * 2 >= days


def in_window(name: str, package: DataPackage | None = None) -> pd.DataFrame:
    from idlibstats.frames.loading import load

    frame = with_value(load(name, package=package or DataPackage.shipped()))
    return frame[mostly_inside(frame, *WINDOW)]


def claims_of(ax) -> set[str]:  # type: ignore[no-untyped-def]
    return {a.get_gid()[6:] for a in ax.get_lines() if str(a.get_gid()).startswith("claim:")}


def titles(fig) -> list[str]:  # type: ignore[no-untyped-def]
    """Each panel's quantity: its title without the count line, unwrapped."""
    return [ax.get_title(loc="left").rsplit("\n", 1)[0].replace("\n", " ") for ax in fig.axes]


def legend_text(fig) -> str:  # type: ignore[no-untyped-def]
    return " ".join(t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts())


def left_out_in(caption: str) -> int:
    found = re.findall(r"(\d[\d,]*) claims? whose period lies mostly (?:before|after)", caption.replace("\n", " "))
    return sum(int(n.replace(",", "")) for n in found)


def test_the_crisis_window_is_declared_once_in_the_descriptor() -> None:
    from conftest import REPO

    declared = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["idlibstats"]["crisisWindow"]
    assert WINDOW == (date.fromisoformat(declared["start"]), date.fromisoformat(declared["end"]))
    assert WINDOW[0] == date(2019, 4, 26) and WINDOW[1] == date(2020, 4, 30)
    events = idlibstats.load("events")
    assert (events["date_start"] == pd.Timestamp(WINDOW[0])).any(), "the window starts on a dated escalation"


@pytest.mark.parametrize("style", plot.STYLES)
@pytest.mark.parametrize("name", PLOTTABLE)
def test_by_default_the_axes_show_the_crisis_window_and_no_day_before_it(name: str, style: str) -> None:
    try:
        fig = plot.figure(name, style)
    except plot.NothingToPlot:
        assert style == "cumulative"
        return
    start, end = WINDOW
    for ax in fig.axes:
        left, right = (day(x) for x in ax.get_xlim())
        assert left == start, (ax.get_title(loc="left"), left)
        assert end <= right <= end + timedelta(days=14)
    drawn = Counter(a.get_gid()[6:] for a in claim_lines(fig))
    inside = in_window(name)
    assert set(drawn) <= set(inside["claim_id"])
    if style == "timeline":
        assert drawn == Counter(inside["claim_id"])
    everything = with_value(idlibstats.load(name))
    assert left_out_in(caption_of(fig)) == len(everything) - len(inside)


def test_context_claims_outside_the_window_are_left_out_with_a_note_saying_how_many() -> None:
    frame = with_value(idlibstats.load("casualties"))
    context = frame[~mostly_inside(frame, *WINDOW)]
    assert (context["period_start"].dt.year == 2011).any(), "the shipped data holds a toll since 2011"
    fig = plot.figure("casualties")
    assert not set(context["claim_id"]) & set(artists(fig, "claim:"))
    caption = caption_of(fig).replace("\n", " ")
    assert f"Left out: {count_words(len(context))} whose period lies mostly before the window" in caption
    assert "1 January 2011" in caption


def count_words(n: int) -> str:
    return f"{n} claim" if n == 1 else f"{n} claims"


def test_from_widens_the_window_and_to_narrows_it() -> None:
    frame = with_value(idlibstats.load("casualties"))
    earliest = frame["period_start"].min().date()
    wide = plot.figure("casualties", date_from=earliest)
    assert {day(ax.get_xlim()[0]) for ax in wide.axes} == {earliest}
    assert set(frame.loc[frame["period_start"].dt.date == earliest, "claim_id"]) <= set(artists(wide, "claim:"))
    assert "Left out" not in caption_of(wide) or left_out_in(caption_of(wide)) < len(frame)

    narrow = plot.figure("displacement", date_from="2020-01-01", date_to="2020-03-31")
    for ax in narrow.axes:
        assert day(ax.get_xlim()[0]) == date(2020, 1, 1) and day(ax.get_xlim()[1]) <= date(2020, 4, 3)
    displacement = with_value(idlibstats.load("displacement"))
    expected = displacement[mostly_inside(displacement, date(2020, 1, 1), date(2020, 3, 31))]
    assert Counter(a.get_gid()[6:] for a in claim_lines(narrow)) == Counter(expected["claim_id"])
    assert "--from/--to" in caption_of(narrow)


def test_a_period_running_past_the_window_is_cut_at_the_edge_and_marked() -> None:
    fig = plot.figure("casualties")
    inside = in_window("casualties")
    crossing = inside.loc[(inside["period_start"] < pd.Timestamp(WINDOW[0]))
                          | (inside["period_end"] > pd.Timestamp(WINDOW[1])), "claim_id"]
    assert len(crossing) > 0
    assert set(artists(fig, "edge:")) == set(crossing)
    assert "past the window" in legend_text(fig)


@pytest.mark.parametrize(("name", "fields"), [("casualties", ["outcome", "victim_group"]),
                                              ("displacement", ["metric", "unit"]),
                                              ("refugees", ["asylum_iso3"])])
def test_one_panel_per_kind_of_count(name: str, fields: list[str]) -> None:
    fig = plot.figure(name)
    inside = in_window(name).set_index("claim_id")
    kinds = {tuple(str(v) for v in values) for values in inside[fields].itertuples(index=False)}
    assert len(fig.axes) == len(kinds) and len(fig.axes) > 1
    seen = set()
    for ax in fig.axes:
        claims = claims_of(ax)
        assert claims, "no empty panel"
        (kind,) = {tuple(str(v) for v in inside.loc[c, fields]) for c in claims}  # one kind of count per axis
        seen.add(kind)
    assert seen == kinds


def test_panel_titles_say_the_kind_of_count_in_words() -> None:
    casualties = titles(plot.figure("casualties"))
    assert "Killed: civilians" in casualties and "Killed: combatants" in casualties
    assert "Injured: civilians" in casualties
    displacement = titles(plot.figure("displacement"))
    assert "People displaced" in displacement
    assert any(t.startswith("Movements of people displaced") for t in displacement)
    refugees = titles(plot.figure("refugees"))
    assert refugees[0] == "People from Syria in Türkiye, any status"
    assert "Refugees from Syria in Jordan" in refugees and "Refugees from Syria in Lebanon" in refugees
    for title in casualties + displacement + refugees:
        assert not re.search(r"\b(REF|TUR|SYR|LBN|JOR|all|flow|stock|syr-nw)\b", title), title


def test_refugees_say_which_country_has_no_claim_in_the_window() -> None:
    frame = with_value(idlibstats.load("refugees"))
    inside = in_window("refugees")
    missing_countries = set(frame["asylum_iso3"]) - set(inside["asylum_iso3"])
    assert missing_countries == {"IRQ"}
    caption = caption_of(plot.figure("refugees")).replace("\n", " ")
    assert "every claim on refugees from Syria in Iraq" in caption


def test_legends_name_claimants_and_series_in_words_and_explain_the_marks() -> None:
    timeline = legend_text(plot.figure("casualties"))
    assert "the article (a news text, in its own voice)" in timeline
    assert "How to read the marks" in timeline and "only a lower bound is stated" in timeline
    assert "line: the period a claim covers" in timeline
    series = legend_text(plot.figure("displacement", "cumulative"))
    assert "OCHA: people displaced from north-west Syria since 1 December 2019" in series
    for code in ("syr-nw", "syr-idleb", "flow", "persons,", "conflict", "2019-12-01"):
        assert code not in series, code
    assert "Idleb governorate" in series


def test_each_series_of_a_cumulative_plot_has_its_own_colour() -> None:
    fig = plot.figure("displacement", "cumulative")
    steps = artists(fig, "series:")
    colours = {key: to_hex(group[0].get_color()) for key, group in steps.items()}
    assert len(set(colours.values())) == len(colours) > 3
    by_claimant = [t for t in legend_text(fig).split("OCHA: ")[1:]]
    assert len(by_claimant) > 1, "several OCHA series, each its own colour"


def test_the_caption_gives_the_data_version_the_window_and_the_sources() -> None:
    caption = caption_of(plot.figure("casualties")).replace("\n", " ")
    assert f"data version {idlibstats.__version__}" in caption
    assert "26 April 2019 to 30 April 2020" in caption and "crisis window" in caption
    sources = set(in_window("casualties")["source_id"])
    assert f"Sources: {len(sources)} documents" in caption and "idlibstats cite casualties" in caption


def test_where_keeps_only_the_claims_it_names() -> None:
    inside = in_window("casualties")
    fig = plot.figure("casualties", where=["victim_group=civilian", "outcome=killed"])
    expected = inside[(inside["victim_group"] == "civilian") & (inside["outcome"] == "killed")]
    assert Counter(a.get_gid()[6:] for a in claim_lines(fig)) == Counter(expected["claim_id"])
    assert len(fig.axes) == 1 and "victim_group = civilian" in title_of(fig)
    either = plot.figure("casualties", where={"victim_group": ["civilian", "combatant"]})
    kept = inside[inside["victim_group"].isin(["civilian", "combatant"])]
    assert set(artists(either, "claim:")) == set(kept["claim_id"])
    whole = plot.figure("casualties", where=["subgroup="])  # an empty value keeps the empty cells
    assert set(artists(whole, "claim:")) == set(inside.loc[inside["subgroup"].isna(), "claim_id"])


def test_where_from_the_command(tmp_path: Path) -> None:
    out = tmp_path / "civilians.png"
    result = run("plot", "casualties", "--out", str(out), "--where", "victim_group=civilian", "--where",
                 "area_id=syr-nw")
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1200, 700)


@pytest.mark.parametrize(
    ("args", "allowed"),
    [(["--where", "victim_group=soldiers"], "victim_group cannot be 'soldiers'; it is one of: civilian, combatant, "
                                            "unknown, all"),
     (["--where", "colour=red"], "casualties has no column 'colour'; --where takes one of: claim_id, source_id"),
     (["--where", "victim_group"], "--where takes FIELD=VALUE"),
     (["--where", "area_id=atlantis"], "it is one of: syr, syr-aleppo"),
     (["--where", "period_end=yesterday"], "YYYY-MM-DD"),
     (["--facet", "colour"], "--facet takes a field of casualties"),
     (["--facet", "claimant"], "too many to read"),
     (["--from", "2020-13-01"], "--from takes a date written YYYY-MM-DD"),
     (["--from", "2020-03-01", "--to", "2020-01-01"], "give --from a day before --to")],
    ids=["enum-value", "unknown-field", "no-equals", "unknown-area", "bad-date", "bad-facet", "too-many-panels",
         "bad-from", "reversed-window"],
)
def test_a_bad_option_exits_2_with_one_line_saying_what_is_allowed(args: list[str], allowed: str,
                                                                    tmp_path: Path) -> None:
    result = run("plot", "casualties", "--out", str(tmp_path / "c.png"), *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "[invalid-argument]" in result.stderr and allowed in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_bad_where_from_python_is_an_invalid_argument() -> None:
    from idlibstats.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="it is one of: killed, injured"):
        plot.figure("casualties", where={"outcome": "dead"})


def test_a_where_no_claim_meets_says_which_values_there_are(tmp_path: Path) -> None:
    result = run("plot", "casualties", "--out", str(tmp_path / "c.png"), "--where", "claimant=Nobody")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "[nothing-to-plot]" in result.stderr and "OHCHR" in result.stderr


def test_an_empty_out_is_refused_by_the_output_check(tmp_path: Path) -> None:
    result = run("plot", "casualties", "--out", "")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "[output-refused]" in result.stderr and "empty" in result.stderr


def test_facet_puts_another_field_in_place_of_the_default() -> None:
    inside = in_window("casualties")
    fig = plot.figure("casualties", facet="none")
    assert len(fig.axes) == inside["outcome"].nunique()
    fig = plot.figure("casualties", where=["outcome=killed", "victim_group=civilian"], facet="area_id")
    killed = inside[(inside["outcome"] == "killed") & (inside["victim_group"] == "civilian")].set_index("claim_id")
    assert len(fig.axes) == killed["area_id"].nunique()
    for ax in fig.axes:
        assert len({killed.loc[c, "area_id"] for c in claims_of(ax)}) == 1
    assert any("north-west Syria" in t for t in titles(fig)) and not any("syr-nw" in t for t in titles(fig))


def test_without_a_declared_window_the_axis_covers_the_claims(package_copy: DataPackage) -> None:
    path = package_copy.root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    del descriptor["idlibstats"]["crisisWindow"]
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    package = DataPackage.open(package_copy.root)
    fig = plot.figure("casualties", package=package)
    assert len(claim_lines(fig)) == len(with_value(idlibstats.load("casualties")))
    assert "the span of the claims" in caption_of(fig)


@pytest.mark.parametrize(("name", "style"), [("casualties", "timeline"), ("displacement", "timeline"),
                                             ("displacement", "cumulative"), ("refugees", "timeline")])
def test_describe_says_in_one_sentence_what_the_picture_shows(name: str, style: str) -> None:
    text = plot.describe(name, style)
    fig = plot.figure(name, style)
    assert "\n" not in text and text.endswith(".") and ". " not in text, text
    assert "26 April 2019 to 30 April 2020" in text
    assert f"{len(claim_lines(fig)):,} claims" in text
    for title in titles(fig):
        assert (title[:1].lower() + title[1:]) in text, title
    left_out = left_out_in(caption_of(fig))
    if left_out:
        assert f"{left_out} claim" in text and "left out" in text


def test_describe_needs_no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert plot.describe("refugees").startswith("Timeline of ")
