"""How long `idlibstats.load(table, backend="polars")` takes beside a bare `polars.read_csv` of the same file.

Both are timed as whole processes (interpreter start, imports, reading; what a user waits for),
side by side in one run, for every claims table of the installed package; the median of --runs
runs each. The bare read does no casting and no checks, so it is the floor: the ratio says what the
contract costs on top of it.

    python benchmarks/polars_backend.py --runs 9
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

LOAD = "import idlibstats; idlibstats.load({table!r}, backend='polars')"
BARE = "import polars; polars.read_csv({path!r})"


def seconds(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def median(code: str, runs: int) -> float:
    return statistics.median(seconds(code) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (default: 7)")
    args = parser.parse_args()
    import idlibstats
    from idlibstats.package.folder import DataPackage

    package = DataPackage.shipped()
    print(f"idlibstats {idlibstats.__version__}, polars {__import__('polars').__version__}, "
          f"Python {sys.version.split()[0]}; median of {args.runs} whole-process runs")
    print(f"{'table':<14}{'rows':>6}{'polars.read_csv':>17}{'idlibstats.load':>17}{'ratio':>8}")
    for table in ("casualties", "displacement", "refugees"):
        path = str(package.path_of(package.resource(table)["path"]))
        rows = len(idlibstats.load(table, history=True))
        bare = median(BARE.format(path=path), args.runs)
        load = median(LOAD.format(table=table), args.runs)
        print(f"{table:<14}{rows:>6}{bare:>16.3f}s{load:>16.3f}s{load / bare:>7.2f}x")


if __name__ == "__main__":
    main()
