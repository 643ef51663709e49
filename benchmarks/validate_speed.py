"""How fast `idlibstats validate` is next to `frictionless validate` on real-looking contributions.

    python benchmarks/validate_speed.py [--rows 1000000] [--runs 5] [--keep DIR] [--no-repeated]

1. Builds a copy of the shipped package whose `casualties` table holds --rows generated claims,
   every row distinct, as contributions are: its own claim id; one of many sources (generated
   sources, cited by address, are added to `sources`; one row in twenty quotes an archived source
   of the shipped package, word for word); claimants, areas, perpetrators and groups drawn from
   pools; periods over five years (2019-2023) with their precision; a wording of every qualifier
   form the parser reads ("1,234", "forty-two", "two hundred and ten", "1.7 million", "about",
   "some", "nearly", "at least", "more than", "over", "fewer than", "up to", "between N and M",
   "N to M", "N-M", vague words), each with its own numbers and the bounds it implies; locators
   and notes of their own; and a few corrections and withdrawals. The package is valid against
   the shipped contract and every rule. The files are flushed to disk and read once, so that
   neither tool pays for the other's writes.
2. Times `idlibstats validate` (--runs times; the median counts) and `frictionless validate`
   (once: it takes minutes) on it, each as a whole process (start-up and imports included), in the
   same run, and prints their wall times, the ratio, and the peak memory (maximum resident set
   size) of each process. Both keep their compiled bytecode between runs, as installed packages do,
   even where PYTHONDONTWRITEBYTECODE is set.
3. Plants 100 errors of 15 types (18 kinds) at known lines of that table, runs `idlibstats validate --format
   json`, and counts how many planted (line, type) pairs the report holds.
4. A second figure, labelled as such (skip it with --no-repeated): the same timings on the table
   grown by repeating the shipped rows under new claim ids, whose few hundred distinct wordings are
   read once each; it flatters a validator that judges each distinct value once.

Needs the test extra (`pip install '.[test]'`, which brings frictionless and pyarrow). This is a
benchmark, not a test: it asserts nothing and prints its figures, with the machine and versions.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from importlib import metadata
from itertools import cycle, islice
from pathlib import Path

from idlibstats.package.folder import DataPackage

PLANTED = 100
# both tools run with their compiled bytecode kept, as an installed package has it (pip compiles it), even where
# the environment says not to write it: else a checkout installed in place would compile every module on every run
BYTECODE_KEPT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
MARK = "LATIN-1-BYTE-HERE"
START = date(2019, 1, 1)
YEARS = 5
QUOTED_SHARE = 0.05  # rows quoting an archived source of the shipped package
CORRECTED_SHARE = 0.002  # rows corrected by the next row
WITHDRAWN_SHARE = 0.001

ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
QUALIFIED = {  # qualifier -> its words, and which bounds the figure fills (low, best, high)
    "about": (("about", "some", "around", "approximately", "roughly", "an estimated", "estimated"),
              (False, True, False)),
    "nearly": (("nearly", "almost", "close to", "just under"), (False, True, True)),
    "at_least": (("at least", "no fewer than", "no less than", "a minimum of"), (True, False, False)),
    "more_than": (("more than", "over", "well over", "just over", "in excess of", "upwards of"), (True, False, False)),
    "fewer_than": (("fewer than", "less than"), (False, False, True)),
    "up_to": (("up to", "as many as"), (False, False, True)),
}
COUNTED = ("", "people", "civilians", "children", "women and children", "displaced people", "residents", "patients",
           "health workers", "aid workers", "people in camps", "families", "students", "farmers", "men")
CLAIMANT_BASES = ("OCHA", "OHCHR", "UNHCR", "UNICEF", "WHO", "Save the Children", "Syria Civil Defence",
                  "Syrian Network for Human Rights", "Syrian Observatory for Human Rights", "Response Coordination Group",
                  "CCCM Cluster", "Syrian American Medical Society", "Turkish Ministry of National Defence",
                  "Russian Ministry of Defence", "Government of Syria", "Government of Turkey", "the article",
                  "UN Secretary-General", "Office of the UN Special Envoy for Syria", "Idlib Health Directorate",
                  "Violations Documentation Center", "local council", "camp management", "MSF", "IOM")
CLAIMANT_SUFFIXES = ("", " (country office)", " (field team)", " (Gaziantep hub)", " (Damascus office)",
                     " (monitoring unit)", " (press office)", " (regional office)")
PERPETRATORS = ("", "", "", "Syrian government forces", "Russian forces", "Syrian government and Russian forces",
                "Turkish Armed Forces", "Hay'at Tahrir al-Sham", "non-state armed groups", "pro-government forces",
                "unidentified armed groups", "armed opposition groups")
AFFILIATIONS = ("", "", "", "", "Turkish Armed Forces", "Syrian government forces", "armed opposition groups",
                "Syria Civil Defence", "SAMS staff", "pro-government forces")
SUBGROUPS = ("", "", "", "", "", "children", "women", "men", "health workers", "humanitarian workers", "teachers",
             "women and children", "Syria Civil Defence volunteers")
PUBLISHERS = ("UN Office for the Coordination of Humanitarian Affairs", "UNHCR", "UNICEF", "World Health Organization",
              "Save the Children", "Syrian Network for Human Rights", "Syrian Observatory for Human Rights",
              "Response Coordination Group", "Reuters", "Agence France-Presse", "Anadolu Agency", "Al Jazeera",
              "The Guardian", "Human Rights Watch", "Amnesty International")
SOURCE_TYPES = ("news_article", "un_report", "ngo_report", "government_statement", "dataset", "other")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the generated casualties table")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of idlibstats validate (the median counts)")
    parser.add_argument("--keep", type=Path, help="build the packages in this folder and keep them")
    parser.add_argument("--no-repeated", action="store_true", help="skip the second figure, on repeated rows")
    parser.add_argument("--seed", type=int, default=2020, help="seed of the generated rows")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="idlibstats-bench-"))
    try:
        run(work, args.rows, args.runs, args.seed, not args.no_repeated)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def run(work: Path, rows: int, runs: int, seed: int, repeated: bool) -> None:
    print(environment())
    distinct = work / "distinct"
    started = time.perf_counter()
    stats = build_distinct(distinct, rows, seed)
    table = distinct / "data" / "casualties.csv"
    settle(table)
    print(f"\ncasualties: {rows:,} generated rows, every one distinct ({table.stat().st_size / 1e6:.0f} MB, "
          f"built in {time.perf_counter() - started:.0f} s): {stats['wordings']:,} distinct wordings, "
          f"{stats['sources']:,} sources, {stats['claimants']} claimants, {stats['quoted']:,} quoting an archived "
          f"source, {stats['corrected']} corrections, {stats['withdrawn']} withdrawals; the other tables as shipped")
    first = race(distinct, runs, "distinct rows")

    planted_package = work / "planted"
    planted = plant(distinct, planted_package)
    settle(planted_package / "data" / "casualties.csv")
    result = timed(idlibstats_command(planted_package))
    found = {(e["line"], e["type"]) for e in result["report"].get("errors", []) if e["resource"] == "casualties"}
    located = sum(1 for line, type_ in planted if (line, type_) in found)
    kinds = sorted({type_ for _, type_ in planted})
    print(f"planted {len(planted)} errors of {len(kinds)} types ({', '.join(kinds)})")
    print(f"located {located}/{len(planted)} at their line and type; the report holds "
          f"{len(result['report'].get('errors', []))} findings ({result['seconds']:.2f} s, "
          f"peak {result['peak_mb']:.0f} MB)")
    for line, type_ in planted:
        if (line, type_) not in found:
            print(f"  not located: line {line} {type_}")
    figures = [first]
    if repeated:
        grown = work / "repeated"
        grow_repeated(grown, rows)
        settle(grown / "data" / "casualties.csv")
        print(f"\nsecond figure: casualties grown to {rows:,} rows by repeating the shipped rows under new claim "
              f"ids ({(grown / 'data' / 'casualties.csv').stat().st_size / 1e6:.0f} MB; few distinct wordings)")
        figures.append(race(grown, runs, "repeated shipped rows (second figure)"))
    print("\n| table | rows | `idlibstats validate` (median) | `frictionless validate` | ratio | "
          "peak memory (idlibstats / frictionless) | planted errors located |")
    print("|---|---|---|---|---|---|---|")
    for number, figure in enumerate(figures):
        where = f"{located} of {len(planted)}" if number == 0 else "-"
        print(f"| {figure['label']} | {rows:,} | {figure['median']:.2f} s (runs {figure['low']:.2f} to "
              f"{figure['high']:.2f}) | {figure['theirs']:.1f} s | {figure['ratio']:.1f}x | "
              f"{figure['ours_mb']:.0f} MB / {figure['theirs_mb']:.0f} MB | {where} |")


def race(package: Path, runs: int, label: str) -> dict:
    """Both validators on ``package``, as whole processes: idlibstats ``runs`` times, frictionless once."""
    ours = [timed(idlibstats_command(package)) for _ in range(max(runs, 1))]
    theirs = timed([sys.executable, "-m", "frictionless", "validate", "--json", str(package / "datapackage.json")])
    median = statistics.median(r["seconds"] for r in ours)
    times = ", ".join(f"{r['seconds']:.2f}" for r in ours)
    print(f"idlibstats validate    median {median:6.2f} s  (runs: {times})  "
          f"peak {max(r['peak_mb'] for r in ours):4.0f} MB  exit {ours[0]['code']}  valid: {ours[0]['valid']}")
    print(f"frictionless validate         {theirs['seconds']:6.2f} s  peak {theirs['peak_mb']:4.0f} MB  "
          f"exit {theirs['code']}  valid: {theirs['valid']}")
    print(f"ratio: idlibstats is {theirs['seconds'] / median:.1f}x faster")
    if ours[0]["valid"] is not True:
        for error in ours[0]["report"].get("errors", [])[:10]:
            print(f"  idlibstats: {error['type']} line {error['line']} {error['field']}: {error['message']}")
    return {"label": label, "median": median, "low": min(r["seconds"] for r in ours),
            "high": max(r["seconds"] for r in ours), "theirs": theirs["seconds"],
            "ratio": theirs["seconds"] / median, "ours_mb": max(r["peak_mb"] for r in ours),
            "theirs_mb": theirs["peak_mb"]}


def idlibstats_command(package: Path) -> list[str]:
    return [sys.executable, "-m", "idlibstats", "validate", str(package), "--format", "json"]


def environment() -> str:
    """The machine and the versions the figures were measured with."""
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        memory = 0.0
    versions = []
    for name in ("idlibstats", "pyarrow", "pandas", "numpy", "frictionless"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return (f"machine: {cpu or 'unknown CPU'}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; {', '.join(versions)}")


# --- the generated table ------------------------------------------------------------------------------

def number_words(n: int) -> str:
    """1 to 999 in words, as the parser reads them ("forty-two", "two hundred and ten")."""
    hundreds, rest = divmod(n, 100)
    small = ONES[rest] if rest < 20 else TENS[rest // 10 - 2] + (f"-{ONES[rest % 10]}" if rest % 10 else "")
    if not hundreds:
        return small
    return f"{ONES[hundreds]} hundred" + (f" and {small}" if rest else "")


def figure(rng: random.Random) -> tuple[str, int]:
    """A figure in one of the forms sources write, and the number it states."""
    form = rng.random()
    if form < 0.12:
        n = rng.randint(1, 999)
        return number_words(n), n
    if form < 0.22:
        tenths = rng.randint(11, 99)  # 1.1 to 9.9 million
        return f"{tenths // 10}.{tenths % 10} million", tenths * 100_000
    if form < 0.30:
        n = rng.randint(2, 999)
        return f"{n} thousand", n * 1000
    magnitude = rng.choice((10, 100, 1000, 10_000, 100_000, 1_000_000))
    n = rng.randint(1, magnitude * 9)
    return (f"{n:,}" if n >= 1000 and rng.random() < 0.7 else str(n)), n


def wording(rng: random.Random, vague: dict[str, int]) -> tuple[str, str, tuple[int | None, ...]]:
    """``(stated_as, qualifier, (low, best, high))``: a wording of one qualifier form, with the bounds it implies."""
    counted = rng.choice(COUNTED)
    kind = rng.random()
    if kind < 0.06:
        word = rng.choice(sorted(vague))
        return f"{word} of {counted or 'people'}", "vague", (vague[word], None, None)
    if kind < 0.16:
        low = rng.randint(1, 5000)
        high = low + rng.randint(1, 5000)
        shape = rng.choice(("{a} to {b}", "between {a} and {b}", "{a}-{b}"))
        text = shape.format(a=f"{low:,}" if low >= 1000 else low, b=f"{high:,}" if high >= 1000 else high)
        return " ".join(filter(None, (text, counted))), "range", (low, None, high)
    text, n = figure(rng)
    if kind < 0.40:
        return " ".join(filter(None, (text, counted))), "exact", (n, n, n)
    qualifier = rng.choice(sorted(QUALIFIED))
    words, filled = QUALIFIED[qualifier]
    stated = " ".join(filter(None, (rng.choice(words), text, counted)))
    return stated, qualifier, tuple(n if on else None for on in filled)


def period(rng: random.Random) -> tuple[str, str, str]:
    start = START + timedelta(days=rng.randrange(365 * YEARS))
    days = rng.choice((0, 0, 0, 6, 6, 13, 27, 29, 30, 90, 182, 364, rng.randrange(400)))
    precision = "day" if days == 0 else "week" if days <= 13 else "month" if days <= 31 else "year"
    return start.isoformat(), (start + timedelta(days=days)).isoformat(), precision


def locator(rng: random.Random) -> str:
    shape = rng.randrange(4)
    if shape == 0:
        return f"page {rng.randint(1, 80)}, paragraph {rng.randint(1, 12)}"
    if shape == 1:
        return f"line {rng.randint(1, 4000)}"
    if shape == 2:
        return f"table {rng.randint(1, 9)}, row {rng.randint(1, 60)}"
    return f"section {rng.randint(1, 9)}.{rng.randint(1, 9)} ('{rng.choice(MONTHS)} update')"


def note(rng: random.Random, area: str, start: str) -> str:
    year, month = start[:4], MONTHS[int(start[5:7]) - 1]
    return rng.choice((
        f"Figure for {area}, {month} {year}; read on {rng.randint(1, 28)} {rng.choice(MONTHS)} 2026 "
        f"from the document's {rng.choice(('summary', 'key figures', 'annex', 'timeline'))}.",
        f"Cross-checked against the document's table {rng.randint(1, 20)}; {month} {year} figure for {area}.",
        f"The document gives the figure for {area} as of its {month} {year} update (item {rng.randint(1, 500)}).",
        f"Second reader confirmed the figure on {rng.randint(1, 28)} {rng.choice(MONTHS)} 2026 (check {rng.randint(1, 99999)}).",
    ))


def build_distinct(target: Path, rows: int, seed: int) -> dict[str, int]:
    """A copy of the shipped package whose casualties table holds ``rows`` generated, distinct, valid claims."""
    rng = random.Random(seed)
    shipped = DataPackage.shipped()
    target.mkdir(parents=True)
    shutil.copy(shipped.root / "datapackage.json", target / "datapackage.json")
    shutil.copytree(shipped.root / "data", target / "data")
    shutil.copytree(shipped.root / "seeds", target / "seeds")
    vague = {str(w): int(v) for w, v in shipped.descriptor["idlibstats"]["vagueLowerBounds"].items()}
    with open(target / "data" / "casualties.csv", encoding="utf-8", newline="") as handle:
        header, *shipped_rows = list(csv.reader(handle))
    col = {name: n for n, name in enumerate(header)}
    quoted = [r for r in shipped_rows if r[col["quote"]] and r[col["status"]] == "active"]
    with open(target / "data" / "areas.csv", encoding="utf-8", newline="") as handle:
        areas = [(r["area_id"], r["name"]) for r in csv.DictReader(handle)]
    claimants = [base + suffix for base in CLAIMANT_BASES for suffix in CLAIMANT_SUFFIXES]
    sources = write_sources(target / "data" / "sources.csv", max(rows // 20, 50), rng)

    stats = {"sources": len(sources), "claimants": len(claimants), "quoted": 0, "corrected": 0, "withdrawn": 0}
    wordings: set[str] = set()
    out = open(target / "data" / "casualties.csv", "w", encoding="utf-8", newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    number = 0
    while number < rows:
        row = [""] * len(header)
        row[col["claim_id"]] = f"cas-{number + 1:07d}"
        area_id, area = rng.choice(areas)
        start, end, precision = period(rng)
        row[col["period_start"]], row[col["period_end"]], row[col["date_precision"]] = start, end, precision
        row[col["locator"]] = locator(rng)
        row[col["status"]] = "active"
        if rng.random() < QUOTED_SHARE:  # an archived source, quoted word for word
            model = rng.choice(quoted)
            for name in ("source_id", "claimant", "stated_as", "qualifier", "value_low", "value_best", "value_high",
                         "quote", "outcome", "victim_group", "victim_affiliation", "perpetrator", "area_id", "subgroup"):
                row[col[name]] = model[col[name]]
            row[col["notes"]] = note(rng, area, start)
            stats["quoted"] += 1
        else:
            stated, qualifier, bounds = wording(rng, vague)
            row[col["source_id"]] = rng.choice(sources)
            row[col["claimant"]] = rng.choice(claimants)
            row[col["outcome"]] = rng.choice(("killed", "injured"))
            row[col["victim_group"]] = rng.choice(("civilian", "civilian", "combatant", "unknown", "all"))
            row[col["victim_affiliation"]] = rng.choice(AFFILIATIONS)
            row[col["perpetrator"]] = rng.choice(PERPETRATORS)
            row[col["area_id"]] = area_id
            row[col["subgroup"]] = rng.choice(SUBGROUPS)
            row[col["stated_as"]], row[col["qualifier"]] = stated, qualifier
            for name, value in zip(("value_low", "value_best", "value_high"), bounds):
                row[col[name]] = "" if value is None else str(value)
            row[col["notes"]] = note(rng, area, start)
        wordings.add(row[col["stated_as"]])
        chance = rng.random()
        if chance < CORRECTED_SHARE and number + 2 <= rows:  # this row, then its correction
            correction = list(row)
            row[col["status"]] = "superseded"
            correction[col["claim_id"]] = f"cas-{number + 2:07d}"
            correction[col["supersedes"]] = row[col["claim_id"]]
            correction[col["locator"]] = locator(rng)
            correction[col["notes"]] = (f"Correction: the period was read again against the document "
                                        f"(check {rng.randint(1, 99999)}). " + row[col["notes"]])
            writer.writerows((row, correction))
            stats["corrected"] += 1
            number += 2
            continue
        if chance < CORRECTED_SHARE + WITHDRAWN_SHARE:
            row[col["status"]] = "withdrawn"
            row[col["notes"]] = (f"Withdrawn: the document repeats another source's figure "
                                 f"(check {rng.randint(1, 99999)}). " + row[col["notes"]])
            stats["withdrawn"] += 1
        writer.writerow(row)
        number += 1
    out.close()
    stats["wordings"] = len(wordings)
    return stats


def write_sources(path: Path, count: int, rng: random.Random) -> list[str]:
    """The shipped sources, then ``count`` generated documents cited by address: their ids."""
    with open(path, encoding="utf-8", newline="") as handle:
        header, *shipped = list(csv.reader(handle))
    col = {name: n for n, name in enumerate(header)}
    ids = []
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(shipped)
        for n in range(count):
            source_id = f"src-{n + 1:07d}"
            published = START + timedelta(days=rng.randrange(365 * YEARS))
            publisher = rng.choice(PUBLISHERS)
            row = [""] * len(header)
            row[col["source_id"]] = source_id
            row[col["title"]] = f"{rng.choice(('Situation report', 'Flash update', 'Press release', 'Briefing'))} " \
                                f"no. {rng.randint(1, 400)} of {published.isoformat()}"
            row[col["publisher"]] = publisher
            row[col["published"]] = published.isoformat()
            row[col["url"]] = f"https://example.org/{publisher.lower().replace(' ', '-')}/documents/{n + 1}"
            row[col["source_type"]] = rng.choice(SOURCE_TYPES)
            row[col["accessed"]] = "2026-11-26"
            row[col["notes"]] = f"A generated document for the benchmark (batch {rng.randint(1, 999)})."
            writer.writerow(row)
            ids.append(source_id)
    return ids


def grow_repeated(target: Path, rows: int) -> None:
    """The second figure: a copy of the shipped package with ``casualties`` grown by repeating its rows."""
    shipped = DataPackage.shipped()
    target.mkdir(parents=True)
    shutil.copy(shipped.root / "datapackage.json", target / "datapackage.json")
    shutil.copytree(shipped.root / "data", target / "data")
    shutil.copytree(shipped.root / "seeds", target / "seeds")
    path = target / "data" / "casualties.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        header, *shipped_rows = list(csv.reader(handle))
    claim, supersedes, status = header.index("claim_id"), header.index("supersedes"), header.index("status")
    # the last, partial repetition takes only claims that no correction names, so the package stays valid
    named = {row[supersedes] for row in shipped_rows}
    alone = [row for row in shipped_rows if row[status] == "active" and not row[supersedes] and row[claim] not in named]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for start in range(0, rows, len(shipped_rows)):
            renamed = {row[claim]: f"cas-{start + n + 1:07d}" for n, row in enumerate(shipped_rows)}
            whole = rows - start >= len(shipped_rows)
            for n, row in enumerate(shipped_rows if whole else islice(cycle(alone), rows - start)):
                if not whole:
                    row = list(row)
                    row[claim] = shipped_rows[n][claim]  # the n-th claim id of this repetition
                copy = list(row)
                copy[claim] = renamed[row[claim]]
                copy[supersedes] = renamed.get(row[supersedes], row[supersedes])
                writer.writerow(copy)


def settle(path: Path) -> None:
    """Flush what was written to disk, then read the file once, as a file at rest is read."""
    os.sync()
    with open(path, "rb") as handle:
        while handle.read(1 << 24):
            pass


# --- planted errors -----------------------------------------------------------------------------------

Kind = tuple[str, Callable[[list[str], dict[str, int]], None], Callable[[list[str], dict[str, int]], bool]]


def plain(row: list[str], col: dict[str, int]) -> bool:
    """An active claim that corrects nothing and quotes nothing: changing it breaks only what is planted."""
    return len(row) == len(col) and row[col["status"]] == "active" and not row[col["supersedes"]] \
        and not row[col["quote"]]


def quoted(row: list[str], col: dict[str, int]) -> bool:
    return len(row) == len(col) and row[col["status"]] == "active" and bool(row[col["quote"]])


def put(name: str, value: str) -> Callable[[list[str], dict[str, int]], None]:
    def change(row: list[str], col: dict[str, int]) -> None:
        row[col[name]] = value
    return change


def value_order(row: list[str], col: dict[str, int]) -> None:
    row[col["qualifier"]], row[col["value_low"]], row[col["value_best"]], row[col["value_high"]] = "range", "9", "", "7"


def mismatch(row: list[str], col: dict[str, int]) -> None:
    """A bound typed wrong: one more than the wording says."""
    for name in ("value_low", "value_best", "value_high"):
        if row[col[name]]:
            row[col[name]] = str(int(row[col[name]]) + 1)
            return


KINDS: tuple[Kind, ...] = (
    ("type-error", put("period_start", "15/03/2020"), plain),
    ("type-error", put("period_end", "20200315"), plain),
    ("constraint-error", put("outcome", "captured"), plain),
    ("constraint-error", put("claimant", ""), plain),
    ("primary-key", put("claim_id", "cas-0000001"), plain),
    ("foreign-key", put("source_id", "no-such-source"), plain),
    ("foreign-key", put("area_id", "syr-nowhere"), plain),
    ("value-order", value_order, plain),
    ("period-order", put("period_end", "2000-01-01"), plain),
    ("formula-like-value", put("notes", "=HYPERLINK(\"http://example.org\")"), plain),
    ("extra-cell", lambda r, c: r.append("surplus"), plain),
    ("missing-cell", lambda r, c: r.__delitem__(slice(-2, None)), plain),
    ("blank-row", lambda r, c: r.clear(), plain),
    ("quote-not-found", lambda r, c: r.__setitem__(c["quote"], r[c["quote"]] + " (sic)"), quoted),
    ("nul-byte", lambda r, c: r.__setitem__(c["notes"], r[c["notes"]] + "\x00"), plain),
    ("encoding-error", put("perpetrator", MARK), plain),  # a Latin-1 byte, written below
    ("stated-as-mismatch", mismatch, plain),
    ("stated-as-unreadable", put("stated_as", "several dozen"), plain),
)


def plant(source: Path, target: Path) -> list[tuple[int, str]]:
    """A copy of ``source`` with errors planted at known lines of casualties: the (line, type) of each.

    The file is streamed line by line (no generated cell spans lines); each error goes to the first
    suitable row at or after its evenly spaced position, the first data row staying intact (the
    primary-key repeats point at it).
    """
    shutil.copytree(source, target)
    path = target / "data" / "casualties.csv"
    with open(path, encoding="utf-8") as handle:
        total = sum(1 for _ in handle) - 1
    step = max(total // PLANTED, 1)
    due = {1 + n * step: KINDS[n % len(KINDS)] for n in range(min(PLANTED, total - 1))}
    planted: list[tuple[int, str]] = []
    waiting: list[Kind] = []
    with open(source / "data" / "casualties.csv", encoding="utf-8", newline="") as reading, \
            open(path, "wb") as writing:
        lines = iter(reading)
        header = next(lines)
        writing.write(header.encode("utf-8"))
        col = {name: n for n, name in enumerate(next(csv.reader([header])))}
        for index, line in enumerate(lines):
            if index in due:
                waiting.append(due[index])
            if waiting:
                row = next(csv.reader([line]))
                fitting = next((k for k in waiting if k[2](row, col)), None)
                if fitting is not None:
                    waiting.remove(fitting)
                    type_, change, _ = fitting
                    change(row, col)
                    planted.append((index + 2, type_))  # line 1 is the header
                    line = csv_line(row) if row else "\n"
            writing.write(line.encode("utf-8").replace(MARK.encode(), b"caf\xe9"))
    return planted


def csv_line(row: list[str]) -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerow(row)
    return text.getvalue()


def timed(command: list[str]) -> dict:
    """Run ``command`` as a process: wall seconds, peak memory (MB), exit code, and its JSON report."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=BYTECODE_KEPT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    try:
        report = json.loads(output)
    except ValueError:
        report = {}
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "code": process.returncode,
            "valid": report.get("valid"), "report": report}


if __name__ == "__main__":
    sys.exit(main())
