"""Claims added to a writable copy of the package, so plots and the site meet every kind of figure.

The shipped data may hold no range, no "about", no upper bound and no cumulative series; these
rows hold all of them, from a source cited by URL only (so they need no quote), plus a withdrawn
claim that must not be drawn and text that must be escaped in HTML.
"""

from __future__ import annotations

import csv
import io

from idlibstats.package.folder import DataPackage

SOURCE = {
    "source_id": "test-sitreps", "title": "Test situation reports <b>&</b> \"updates\"", "publisher": "Test office",
    "published": "2020-02-20", "url": "https://example.org/sitreps?a=1&b=2", "archive_path": "", "sha256": "",
    "source_type": "un_report", "accessed": "2026-11-26", "notes": "Made up for the tests.",
}
HOSTILE_CLAIMANT = "Council <script>alert(1)</script> & \"Local\""
SERIES_CLAIMANT = "Test office"
BASE = {
    "source_id": "test-sitreps", "metric": "flow", "unit": "persons", "origin_area_id": "syr-nw", "destination": "",
    "cause": "conflict", "date_precision": "day", "quote": "", "locator": "para 1", "notes": "", "status": "active",
    "supersedes": "",
}
DISPLACEMENT = [
    # A cumulative series: one claimant, one start day, three days reported as of.
    {"claim_id": "dis-9001", "claimant": SERIES_CLAIMANT, "period_start": "2019-12-01", "period_end": "2020-01-15",
     "stated_as": "some 350,000", "qualifier": "about", "value_best": "350000"},
    {"claim_id": "dis-9002", "claimant": SERIES_CLAIMANT, "period_start": "2019-12-01", "period_end": "2020-02-01",
     "stated_as": "586,000", "qualifier": "exact", "value_low": "586000", "value_best": "586000",
     "value_high": "586000"},
    {"claim_id": "dis-9003", "claimant": SERIES_CLAIMANT, "period_start": "2019-12-01", "period_end": "2020-02-20",
     "stated_as": "nearly 900,000", "qualifier": "nearly", "value_best": "900000", "value_high": "900000"},
    # Withdrawn: never drawn.
    {"claim_id": "dis-9004", "claimant": SERIES_CLAIMANT, "period_start": "2019-12-01", "period_end": "2020-02-10",
     "stated_as": "700,000", "qualifier": "exact", "value_low": "700000", "value_best": "700000",
     "value_high": "700000", "status": "withdrawn", "notes": "Withdrawn in the tests."},
    {"claim_id": "dis-9005", "claimant": HOSTILE_CLAIMANT, "period_start": "2020-02-05", "period_end": "2020-02-05",
     "stated_as": "10,000 to 15,000", "qualifier": "range", "value_low": "10000", "value_high": "15000",
     "destination": "camps <near> the border"},
    {"claim_id": "dis-9006", "claimant": HOSTILE_CLAIMANT, "period_start": "2020-01-01", "period_end": "2020-01-31",
     "stated_as": "up to 50,000", "qualifier": "up_to", "value_high": "50000"},
]


def append_rows(package: DataPackage, relative: str, rows: list[dict[str, str]]) -> None:
    path = package.path_of(relative)
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in header})
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + buffer.getvalue(), encoding="utf-8")


def enrich(package: DataPackage) -> DataPackage:
    """Add the sample source and displacement claims to ``package`` (a writable copy) and return it."""
    append_rows(package, "data/sources.csv", [SOURCE])
    append_rows(package, "data/displacement.csv", [BASE | row for row in DISPLACEMENT])
    return package
