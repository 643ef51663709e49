"""The site's page per quantity: every claim of a quantity drawn as its interval, conflicts marked, the index listing them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from idlibstats.faces.comparison import compare
from idlibstats.faces.site import build

CLAIMS = ("casualties", "displacement", "refugees")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("quantities") / "site", plots=False).root


def shared() -> dict[str, set[str]]:
    """The claim ids of every quantity with two or more claims, by the page it must have."""
    pages: dict[str, set[str]] = {}
    for table in CLAIMS:
        frame = compare(table)
        for number, group in frame.groupby("quantity"):
            if len(group) > 1:
                pages[f"quantities/{table}-{number}.html"] = set(group["claim_id"])
    return pages


def test_every_quantity_with_two_claims_has_a_page_drawing_each_claim(site: Path) -> None:
    pages = shared()
    assert pages, "the shipped data must hold quantities with two claims for this test to bite"
    assert {p.relative_to(site).as_posix() for p in (site / "quantities").iterdir()} == set(pages)
    for relative, claim_ids in pages.items():
        text = (site / relative).read_text(encoding="utf-8")
        drawn = set(re.findall(r'class="interval[^"]*" role="listitem" id="([^"]+)"', text))
        assert drawn == claim_ids, relative
        assert text.count('class="track"') == len(claim_ids)
        assert all("../tables/" in text and f"#{claim}" in text for claim in claim_ids)


def test_conflicts_are_marked_and_led_by_the_index(site: Path) -> None:
    frame = compare("casualties", conflicts=True)
    assert len(frame), "the shipped data must hold a conflict for this test to bite"
    first = frame.iloc[0]
    page = (site / f"quantities/casualties-{first['quantity']}.html").read_text(encoding="utf-8")
    assert "These sources conflict" in page and f"conflicts with {first['conflicts_with']}" in page
    index = (site / "index.html").read_text(encoding="utf-8")
    section = index[index.index('id="section-quantities"'):]
    assert f'href="quantities/casualties-{first["quantity"]}.html"' in section
    assert "sources conflict" in section


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_a_quantity_page_reads_at_1280_px(site: Path, tmp_path: Path) -> None:
    """Every claim's wording and bar lie inside a 1280 px window: measured by the browser, not guessed."""
    relative = next(iter(shared()))
    script = """<script>window.onload=()=>{const w=innerWidth;const bad=[...document.querySelectorAll('.interval')]
      .filter(r=>{const t=r.querySelector('.track').getBoundingClientRect();const b=r.querySelector('.bar')
      .getBoundingClientRect();return t.right>w||b.left<t.left-1||b.width<=0});document.title='bad:'+bad.length;}
      </script>"""
    page = tmp_path / "page.html"
    shutil.copytree(site, tmp_path / "site")
    page = tmp_path / "site" / relative
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    result = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--window-size=1280,900", "--dump-dom", page.as_uri()], capture_output=True, text=True,
                            timeout=90, check=False)
    assert "<title>bad:0</title>" in result.stdout, result.stdout[:500]
