"""The site in a real browser: headless Chromium renders the pages, takes screenshots, dumps the DOM.

CI installs Debian's `chromium` (.ci/run); the test is skipped only when no Chromium can be found.
Set CHROMIUM to a browser binary to use another one.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from html_pages import parse
from site_builds import shipped_site

import idlibstats
from idlibstats.rules.context import normalise

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars")
WINDOW = (1200, 900)
TIMEOUT = 180


def find_chromium() -> str | None:
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return shutil.which(chosen)
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on PATH (looked for chromium, chromium-browser, google-chrome); "
           "install Debian's: apt-get install -y chromium, as .ci/run does",
)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped package's site, the same build test_site.py reads: tests only read it."""
    return shipped_site(tmp_path_factory)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW[0]},{WINDOW[1]}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def dom(tmp_path: Path, page: Path, *flags: str) -> str:
    return chromium(tmp_path, *flags, "--dump-dom", page.as_uri()).stdout


def screenshot(tmp_path: Path, page: Path, name: str) -> Path:
    shot = tmp_path / name
    chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    return shot


@pytest.mark.parametrize("page", ["index.html", "tables/casualties.html"], ids=["index", "table-page"])
def test_pages_render_to_a_screenshot(built: Path, tmp_path: Path, page: str) -> None:
    shot = screenshot(tmp_path, built / page, page.replace("/", "-") + ".png")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == WINDOW
    assert len(data) > 20_000, "a blank page compresses to almost nothing"


def test_the_rendered_table_page_holds_every_row(built: Path, tmp_path: Path) -> None:
    markup = dom(tmp_path, built / "tables" / "casualties.html")
    rendered = parse(markup)
    frame = idlibstats.load("casualties", history=True)
    assert len(frame) in rendered.body_rows
    assert set(frame["claim_id"]) <= set(rendered.rows)
    assert "Sort by this column" in markup, "sort.js, the site's own script, did not run"


def test_the_rendered_pages_are_complete_without_javascript(built: Path, tmp_path: Path) -> None:
    """The site's only script removed (--dump-dom itself needs the browser's JavaScript on)."""
    bare = tmp_path / "without-script"
    shutil.copytree(built, bare)
    (bare / "sort.js").unlink()
    markup = dom(tmp_path, bare / "tables" / "casualties.html")
    rendered = parse(markup)
    assert "Sort by this column" not in markup
    frame = idlibstats.load("casualties", history=True)
    assert len(frame) in rendered.body_rows
    assert set(frame["claim_id"]) <= set(rendered.rows)


def test_the_rendered_archive_highlights_the_quotes(built: Path, tmp_path: Path) -> None:
    sources = idlibstats.load("sources")
    archived = sources[sources["archive_path"].notna()]
    source_id = archived["source_id"].iloc[0]
    rendered = parse(dom(tmp_path, built / "archive" / f"{source_id}.html"))
    assert rendered.marks, "no <mark> in the rendered archive page"
    marked = normalise(" ".join(text for _, text in rendered.marks))
    for name in ("casualties", "displacement", "refugees"):
        claims = idlibstats.load(name, history=True)
        for row in claims[(claims["source_id"] == source_id) & claims["quote"].notna()].itertuples():
            assert row.claim_id in rendered.ids
            assert normalise(row.quote) in marked, row.claim_id


# Measured as a reader sees them: a 1280 x 900 window, the figures on screen without scrolling sideways.

MEASURED = (1280, 900)
MEASURE = """<script>
(function () {
  function box(element) {
    var r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  }
  var out = {width: window.innerWidth, height: window.innerHeight,
             scrollWidth: document.documentElement.scrollWidth, cells: {}};
  var table = document.querySelector("table.rows");
  var first = table ? table.tBodies[0].rows[0] : null;
  if (first) {
    Array.prototype.forEach.call(first.cells, function (cell) { out.cells[cell.getAttribute("data-label")] = box(cell); });
    window.scrollTo(0, table.getBoundingClientRect().top + window.scrollY + table.offsetHeight / 2);
    out.scrolled = window.scrollY;
    out.header = box(table.tHead);
  }
  var headline = document.querySelector("article.headline");
  if (headline) { out.headline = box(headline); }
  var pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def measure(tmp_path: Path, built: Path, page: str) -> dict:  # type: ignore[type-arg]
    """The page's layout at 1280 x 900: the first row's cells, the header once scrolled, the first headline."""
    import html
    import json

    copy = tmp_path / "measured"
    if not copy.exists():
        shutil.copytree(built, copy)
    target = copy / page
    target.write_text(target.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    profile = tmp_path / f"profile-measure-{page.replace('/', '-')}"
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={MEASURED[0]},{MEASURED[1]}",
               "--dump-dom", target.as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout, re.S)
    assert found, "the measuring script did not run"
    return json.loads(html.unescape(found.group(1)))


def inside(box: dict, width: float, height: float) -> bool:  # type: ignore[type-arg]
    return 0 <= box["left"] and box["right"] <= width and 0 <= box["top"] and box["bottom"] <= height


@pytest.mark.parametrize("name", idlibstats.tables())
def test_the_first_rows_wording_and_figure_lie_inside_the_window(built: Path, tmp_path: Path, name: str) -> None:
    measured = measure(tmp_path, built, f"tables/{name}.html")
    width, height = measured["width"], measured["height"]
    assert width == MEASURED[0]
    assert measured["scrollWidth"] <= width, "the page scrolls sideways"
    cells = measured["cells"]
    assert cells, "no rows table on the page"
    wanted = ["as stated", "figure", "claimant", "period", "source"] if "figure" in cells else list(cells)
    for label in wanted:
        assert inside(cells[label], width, height), f"{name}: the first row's {label!r} is outside the window: {cells[label]}"
    for label, box in cells.items():  # every column on screen without scrolling sideways
        assert 0 <= box["left"] and box["right"] <= width, f"{name}: column {label!r} is off screen: {box}"
    assert measured["scrolled"] > 0 or measured["header"]["top"] >= 0
    if measured["scrolled"] > measured["cells"][wanted[0]]["top"]:
        assert abs(measured["header"]["top"]) < 1, f"{name}: the header scrolled away: {measured['header']}"


def test_the_index_shows_a_headline_figure_in_the_first_screen(built: Path, tmp_path: Path) -> None:
    measured = measure(tmp_path, built, "index.html")
    assert measured["scrollWidth"] <= measured["width"]
    assert "headline" in measured and inside(measured["headline"], measured["width"], measured["height"])
