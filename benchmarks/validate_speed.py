"""How fast `idlibstats validate` is next to `frictionless validate`, and whether it finds planted errors.

    python benchmarks/validate_speed.py [--rows 1000000] [--runs 3] [--keep DIR]

1. Copies the shipped package and grows its `casualties` table to --rows rows, repeating the
   shipped rows under new claim ids (a `supersedes` inside a repetition points to the same
   repetition's copy), so the grown package is as valid as the shipped one. The files are then
   flushed to disk and read once, so that neither tool pays for the other's writes.
2. Times `idlibstats validate` (--runs times; the median counts) and `frictionless validate`
   (once: it takes minutes) on it, each as a whole process (start-up and imports included), in the
   same run, and prints their wall times, the ratio, and the peak memory (maximum resident set
   size) of each process.
3. Plants 100 errors of 16 kinds at known lines of the grown table, runs `idlibstats validate
   --format json`, and counts how many planted (line, type) pairs the report holds.

Needs the test extra (`pip install '.[test]'`, which brings frictionless and pyarrow). This is a
benchmark, not a test: it asserts nothing and prints its figures.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from idlibstats.package.folder import DataPackage

PLANTED = 100
MARK = "LATIN-1-BYTE-HERE"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the grown casualties table")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of idlibstats validate (the median counts)")
    parser.add_argument("--keep", type=Path, help="build the packages in this folder and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="idlibstats-bench-"))
    try:
        run(work, args.rows, args.runs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def run(work: Path, rows: int, runs: int) -> None:
    grown = work / "grown"
    header, body = grow(grown, rows)
    table = grown / "data" / "casualties.csv"
    settle(table)
    print(f"casualties grown to {rows:,} rows ({table.stat().st_size / 1e6:.0f} MB); the other tables as shipped")
    ours = [timed([sys.executable, "-m", "idlibstats", "validate", str(grown), "--format", "json"])
            for _ in range(max(runs, 1))]
    theirs = timed([sys.executable, "-m", "frictionless", "validate", "--json", str(grown / "datapackage.json")])
    median = statistics.median(r["seconds"] for r in ours)
    times = ", ".join(f"{r['seconds']:.2f}" for r in ours)
    print(f"idlibstats validate    median {median:6.2f} s  (runs: {times})  "
          f"peak {max(r['peak_mb'] for r in ours):4.0f} MB  exit {ours[0]['code']}  valid: {ours[0]['valid']}")
    print(f"frictionless validate         {theirs['seconds']:6.2f} s  peak {theirs['peak_mb']:4.0f} MB  "
          f"exit {theirs['code']}  valid: {theirs['valid']}")
    print(f"ratio: idlibstats is {theirs['seconds'] / median:.1f}x faster")

    planted_package = work / "planted"
    planted = plant(grown, planted_package, header, body)
    settle(planted_package / "data" / "casualties.csv")
    result = timed([sys.executable, "-m", "idlibstats", "validate", str(planted_package), "--format", "json"])
    found = {(e["line"], e["type"]) for e in result["report"]["errors"] if e["resource"] == "casualties"}
    located = sum(1 for line, type_ in planted if (line, type_) in found)
    kinds = sorted({type_ for _, type_ in planted})
    print(f"planted {len(planted)} errors of {len(kinds)} types ({', '.join(kinds)})")
    print(f"located {located}/{len(planted)} at their line and type; the report holds "
          f"{len(result['report']['errors'])} findings ({result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB)")
    for line, type_ in planted:
        if (line, type_) not in found:
            print(f"  not located: line {line} {type_}")


def grow(target: Path, rows: int) -> tuple[list[str], list[list[str]]]:
    """Copy the shipped package to ``target`` with ``casualties`` grown to ``rows`` rows."""
    shipped = DataPackage.shipped()
    target.mkdir(parents=True)
    shutil.copy(shipped.root / "datapackage.json", target / "datapackage.json")
    shutil.copytree(shipped.root / "data", target / "data")
    shutil.copytree(shipped.root / "seeds", target / "seeds")
    path = target / "data" / "casualties.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        header, *shipped_rows = list(csv.reader(handle))
    claim, supersedes = header.index("claim_id"), header.index("supersedes")
    body = []
    for start in range(0, rows, len(shipped_rows)):
        renamed = {row[claim]: f"cas-{start + n + 1:07d}" for n, row in enumerate(shipped_rows)}
        for row in shipped_rows[:rows - start]:
            copy = list(row)
            copy[claim] = renamed[row[claim]]
            copy[supersedes] = renamed.get(row[supersedes], row[supersedes])
            body.append(copy)
    write_rows(path, header, body)
    return header, body


def settle(path: Path) -> None:
    """Flush what was written to disk, then read the file once, as a file at rest is read."""
    os.sync()
    with open(path, "rb") as handle:
        while handle.read(1 << 24):
            pass


def write_rows(path: Path, header: list[str], body: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)


def plant(grown: Path, target: Path, header: list[str], body: list[list[str]]) -> list[tuple[int, str]]:
    """A copy of ``grown`` with errors planted at known lines: the (line, type) of each."""
    shutil.copytree(grown, target)
    col = {name: n for n, name in enumerate(header)}
    kinds = [
        ("type-error", lambda r: r.__setitem__(col["period_start"], "15/03/2020")),
        ("type-error", lambda r: r.__setitem__(col["period_end"], "20200315")),
        ("constraint-error", lambda r: r.__setitem__(col["outcome"], "captured")),
        ("constraint-error", lambda r: r.__setitem__(col["claimant"], "")),
        ("primary-key", lambda r: r.__setitem__(col["claim_id"], "cas-0000001")),
        ("foreign-key", lambda r: r.__setitem__(col["source_id"], "no-such-source")),
        ("foreign-key", lambda r: r.__setitem__(col["area_id"], "syr-nowhere")),
        ("value-order", lambda r: [r.__setitem__(col[c], v) for c, v in
                                   (("qualifier", "range"), ("value_low", "9"), ("value_best", ""),
                                    ("value_high", "7"))]),
        ("period-order", lambda r: r.__setitem__(col["period_end"], "2000-01-01")),
        ("formula-like-value", lambda r: r.__setitem__(col["notes"], "=HYPERLINK(\"http://example.org\")")),
        ("extra-cell", lambda r: r.append("surplus")),
        ("missing-cell", lambda r: r.__delitem__(slice(-2, None))),
        ("blank-row", lambda r: r.clear()),
        ("quote-not-found", lambda r: r.__setitem__(col["quote"], r[col["quote"]] + " (sic)")),
        ("nul-byte", lambda r: r.__setitem__(col["notes"], r[col["notes"]] + "\x00")),
        ("encoding-error", lambda r: r.__setitem__(col["perpetrator"], MARK)),  # a Latin-1 byte, written below
    ]
    step = max(len(body) // PLANTED, 1)
    planted: list[tuple[int, str]] = []
    rows = [list(r) for r in body]
    for n in range(min(PLANTED, len(body) - 1)):
        index = 1 + n * step  # the first data row stays intact: the primary-key repeats point at it
        type_, mutate = kinds[n % len(kinds)]
        if type_ == "quote-not-found":  # only a row quoting an archived source can misquote it
            index = next(i for i in range(index, len(rows)) if rows[i][col["quote"]])
        mutate(rows[index])
        planted.append((index + 2, type_))  # line 1 is the header, and no shipped cell spans lines
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    with open(target / "data" / "casualties.csv", "wb") as handle:
        handle.write(text.getvalue().encode("utf-8"))
        for row in rows:
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(row) if row else text.write("\n")
            handle.write(text.getvalue().encode("utf-8").replace(MARK.encode(), b"caf\xe9"))
    return planted


def timed(command: list[str]) -> dict:
    """Run ``command`` as a process: wall seconds, peak memory (MB), exit code, and its JSON report."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
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
