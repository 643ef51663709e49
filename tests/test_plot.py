"""`idlibstats plot`: the figure draws every claim with a value, its bounds as stated, one colour per claimant.

Artists are inspected through their gids (``claim:<id>``, ``bound:<id>``), never pixels.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from collections import Counter
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
from idlibstats.package.folder import DataPackage

VALUES = ["value_low", "value_best", "value_high"]
CLAIMS = [name for name in idlibstats.tables() if idlibstats.load(name, history=True).columns.isin(VALUES).any()]
PLOTTABLE = [name for name in CLAIMS if idlibstats.load(name)[VALUES].notna().any(axis=1).any()]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idlibstats", *args], capture_output=True, text=True)


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
    fig = plot.figure(name)
    drawn = Counter(a.get_gid().removeprefix("claim:") for a in claim_lines(fig))
    expected = with_value(idlibstats.load(name))["claim_id"]
    assert len(claim_lines(fig)) == len(expected)
    assert drawn == Counter(expected)


def test_timeline_skips_withdrawn_claims_and_draws_every_kind_of_bound(rich: DataPackage) -> None:
    from idlibstats.frames.loading import load

    fig = plot.figure("displacement", package=rich)
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

    fig = plot.figure("displacement", package=rich)
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
    (ax,) = fig.axes
    assert ax.get_title()
    assert "date" in ax.get_xlabel()
    assert "persons" in ax.get_ylabel() or "households" in ax.get_ylabel() or "movements" in ax.get_ylabel()
    assert f"data version {idlibstats.__version__}" in fig.get_supxlabel()


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
    assert f"{SERIES_CLAIMANT}:" in legend and "since 2019-12-01" in legend
    plot.save(fig, tmp_path / "cumulative.png")
    assert png_size(tmp_path / "cumulative.png") == (1200, 700)


def test_cumulative_without_a_series_says_so(package_copy: DataPackage) -> None:
    path = package_copy.path_of("data/displacement.csv")
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    with pytest.raises(plot.NothingToPlot, match="no cumulative series.*use --style timeline"):
        plot.figure("displacement", "cumulative", package=package_copy)


def test_cumulative_from_the_command_draws_or_explains(tmp_path: Path) -> None:
    out = tmp_path / "c.png"
    result = run("plot", "displacement", "--out", str(out), "--style", "cumulative")
    if result.returncode == 0:
        assert png_size(out) == (1200, 700)
    else:
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
