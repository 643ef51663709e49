"""The ``idlibstats`` command: parses arguments, calls the library, prints. Nothing else."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from idlibstats.errors import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    IdlibstatsError,
)


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples kept as written; each command's help on its own line in the command list.

    argparse measures the command names at the indent of their group, not at their own deeper
    indent, so a long name pushed its help onto a second line; this measures them where they stand.
    """

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            for sub in self._iter_indented_subactions(action):
                length = len(self._format_action_invocation(sub)) + self._current_indent
                self._action_max_length = max(self._action_max_length, length)


class Parser(argparse.ArgumentParser):
    """argparse with help text kept as written, so examples keep their line breaks."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        if stop.code == EXIT_USAGE and wants_json_report(sys.argv[1:] if argv is None else list(argv)):
            print_usage_report()
        raise
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except IdlibstatsError as error:
        print(f"idlibstats: error [{error.code}]: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("idlibstats: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # no traceback reaches a user
        if os.environ.get("IDLIBSTATS_DEBUG"):
            raise
        print(f"idlibstats: internal error [{type(error).__name__}]: {error} "
              "(set IDLIBSTATS_DEBUG=1 for a traceback, and please report it)", file=sys.stderr)
        return EXIT_INTERNAL


def run() -> None:
    """The ``idlibstats`` command: :func:`main`, then the process ends at once, its output flushed.

    Python's own exit would first free every object the command made (a million-row validation
    holds hundreds of megabytes of them: about 0.2 s here), which nothing needs: by then
    every file is closed and every thread joined. mypy ends the same way.

    No command does linear algebra: numpy's OpenBLAS is told to start no threads of its own, which
    otherwise spin on both cores for a while after numpy loads (about 0.1 s of CPU taken from a
    million-row validation). A value the caller set is kept. The C library's allocator keeps the
    memory the command frees for its next allocations (:func:`keep_freed_memory`).
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    keep_freed_memory()
    try:
        code = main()
    except SystemExit as stop:  # argparse's usage errors and --help
        code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else EXIT_USAGE
        if not isinstance(stop.code, (int, type(None))):
            print(stop.code, file=sys.stderr)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # a reader that stopped early (`| head`): nothing more to say
        pass
    os._exit(code)


# glibc's mallopt parameters (malloc.h) and the values the command sets
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
KEPT_FREE = 1 << 30  # free memory at the top of the heap handed back to the kernel only beyond 1 GiB
TOP_PAD = 256 << 20  # the heap grows by 256 MiB more than each request needs
MMAP_THRESHOLD = 32 << 20  # only blocks from 32 MiB up get memory of their own (glibc's largest setting)
MALLOC_SETTINGS = ("GLIBC_TUNABLES", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_")


def keep_freed_memory() -> None:
    """Have glibc's malloc keep freed memory in the process for the next allocations (Linux with glibc only).

    A large validation allocates and frees hundreds of megabytes of arrays. By default glibc maps
    each large block anew and hands freed memory at the top of its heap back to the kernel, so each
    new array costs a page fault per 4 KiB page, in which the kernel zeroes the page: on this
    project's virtual machine, 0.8 to 1.0 s of a million-row validation's 4.2 to 5.3 s of CPU. Kept,
    the pages are reused (0.6 to 0.7 s in the kernel; README, Validation speed). The peak memory is hardly higher: what is
    kept is reused. Settings the caller made (``GLIBC_TUNABLES``, ``MALLOC_*_``) are kept; elsewhere
    (macOS, Windows, musl) nothing is done.
    """
    if not sys.platform.startswith("linux") or any(name in os.environ for name in MALLOC_SETTINGS):
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library to ask, or one without mallopt
        return
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    for parameter, value in ((M_TRIM_THRESHOLD, KEPT_FREE), (M_TOP_PAD, TOP_PAD), (M_MMAP_THRESHOLD, MMAP_THRESHOLD)):
        mallopt(parameter, value)


def wants_json_report(argv: list[str]) -> bool:
    """Whether the command line asks `validate` for JSON, whose report must be printed even for a usage error."""
    pairs = zip(argv, argv[1:] + [""], strict=True)
    asked = any(a == "--format=json" or (a == "--format" and after == "json") for a, after in pairs)
    return "validate" in argv and asked


def print_usage_report() -> None:
    from idlibstats.validation.findings import usage_error
    from idlibstats.validation.report import Report, render

    report = Report(errors=[usage_error("the command line could not be understood; see the usage message on stderr")])
    report.total = 1
    print(render(report, "json"))


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="idlibstats",
        description="Casualties, displacement and refugees of the 2019-2020 Idlib crisis, every figure with its provenance.",
        epilog="Run `idlibstats COMMAND --help` for a command's options and an example.",
    )
    parser.add_argument("--version", action=VersionAction)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


class VersionAction(argparse.Action):
    """``--version``: the data package's version, read only when asked (every other command starts sooner)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest=dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the package's version and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        print(f"{parser.prog} {package_version()}")
        parser.exit()


def package_version() -> str:
    try:
        from idlibstats.package.folder import DataPackage

        return DataPackage.shipped().version
    except IdlibstatsError:
        return "(no data found)"


def add_summary(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "summary", help="rows, period, sources and schema check of each table",
        description="Each table with its row count, the period it covers, its number of sources, "
                    "and whether it passes its checks, with the number of findings `idlibstats validate` "
                    "gives for it. Every table is checked, even when one cannot be read. Exits 1 if any table fails.",
        epilog="example:\n  idlibstats summary\n  idlibstats summary --format json\n"
               "  idlibstats summary --package path/to/package",
    )
    sub.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    sub.add_argument("--package", metavar="DIR",
                     help="a package folder (holding datapackage.json) to summarise instead of the installed one")
    sub.set_defaults(run=run_summary)


def run_summary(args: argparse.Namespace) -> int:
    from idlibstats.faces.summary import as_rows, summarise_package

    summary = summarise_package(path=args.package)
    if summary.internal_error:
        print(f"idlibstats: internal error: {summary.internal_error}", file=sys.stderr)
        return EXIT_INTERNAL
    summaries = summary.tables
    if args.format == "json":
        print(json.dumps({"name": summary.name, "version": summary.version, "passes": summary.passes,
                          "findings": summary.findings, "findings_outside_tables": summary.other_findings,
                          "tables": as_rows(summaries)}, indent=2))
        return EXIT_OK if summary.passes else EXIT_INVALID
    print(f"{summary.name} {summary.version}: {len(summaries)} tables")
    print(f"{'table':<14}{'rows':>6}  {'period covered':<25}{'sources':>8}  checks")
    for s in summaries:
        period = f"{s.period_start} to {s.period_end}" if s.period_start else "-"
        sources = "-" if s.sources is None else str(s.sources)
        verdict = "passes" if s.passes else f"FAILS ({s.findings} finding{'s' if s.findings != 1 else ''})"
        print(f"{s.name:<14}{s.rows:>6}  {period:<25}{sources:>8}  {verdict}")
    for message in summary.messages:
        print(f"not in a table: {message}")
    if summary.passes:
        print("The package passes its schemas.")
    else:
        where = f" {args.package}" if args.package else ""
        print(f"The package does NOT pass its checks: {summary.findings} finding{'s' if summary.findings != 1 else ''}; "
              f"run `idlibstats validate{where}` for each with its line.")
    return EXIT_OK if summary.passes else EXIT_INVALID


def add_dictionary(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "dictionary", help="print the data dictionary, or refresh README's copy",
        description="Render the data dictionary of every table from datapackage.json as Markdown.",
        epilog="example:\n  idlibstats dictionary\n  idlibstats dictionary --write README.md",
    )
    sub.add_argument("--write", metavar="README",
                     help="replace the dictionary between the markers in this file instead of printing it")
    sub.set_defaults(run=run_dictionary)


def run_dictionary(args: argparse.Namespace) -> int:
    from idlibstats.errors import InvalidArgument
    from idlibstats.faces import dictionary

    if args.write is None:
        print(dictionary.render(), end="")
        return EXIT_OK
    if not args.write.strip():
        raise InvalidArgument("--write needs the Markdown file to write the dictionary into, e.g. --write README.md")
    dictionary.write_into(args.write)
    print(f"wrote the data dictionary into {args.write}")
    return EXIT_OK


def add_compare(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "compare", help="claims about one quantity side by side; series; conflicts",
        description="Set side by side the active claims of a claims table about the same quantity: the same "
                    "measure (datapackage.json's idlibstats.measure fields) over the same period (the same start "
                    "and end, each within --within-days). Overlap alone never joins two claims. A claimant's "
                    "claims from one start with different ends are shown as a series, by end date, marked where "
                    "the count goes down. Each claim shows the interval its words allow; two claims of one "
                    "quantity whose intervals cannot both be true are marked as conflicting: a fact about the "
                    "sources, never a verdict on which is right.",
        epilog="example:\n"
               "  idlibstats compare displacement --where origin_area_id=syr-nw --from 2019-12-01 --to 2020-02-29\n"
               "  idlibstats compare casualties --where victim_group=civilian --where outcome=killed --within-days 3\n"
               "  idlibstats compare casualties --conflicts\n"
               "  idlibstats compare refugees --area tur --claimant UNHCR --within-days 31\n"
               "  idlibstats compare casualties --package . --format csv   # your own checkout's rows",
    )
    sub.add_argument("table", help="a claims table: casualties, displacement or refugees")
    sub.add_argument("--where", action="append", default=[], metavar="COLUMN=VALUE",
                     help="keep claims whose COLUMN equals VALUE (repeatable; a value the contract allows; "
                          "dates as YYYY-MM-DD), e.g. --where victim_group=civilian")
    sub.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                     help="keep claims whose period starts on or after this day, e.g. --from 2019-12-01")
    sub.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                     help="keep claims whose period ends on or before this day, e.g. --to 2020-02-29")
    sub.add_argument("--area", metavar="AREA_ID",
                     help="keep claims about this area or an area within it (areas.parent_id), e.g. --area syr-nw")
    sub.add_argument("--claimant", metavar="NAME", help="keep one claimant's claims, e.g. --claimant OCHA")
    sub.add_argument("--within-days", type=int, default=0, metavar="N",
                     help="join claims whose starts and ends each lie at most N days apart (default 0: the same "
                          "days), e.g. --within-days 3")
    sub.add_argument("--about-margin", type=float, default=None, metavar="FRACTION",
                     help="how far 'about N' and 'nearly N' may lie from N, as a fraction of N (default 0.1), "
                          "e.g. --about-margin 0.05")
    sub.add_argument("--conflicts", action="store_true", help="show only quantities with a conflict")
    sub.add_argument("--single", action="store_true",
                     help="also show claims alone in their quantity and in no series")
    sub.add_argument("--package", metavar="DIR", help="compare the package in DIR (e.g. your checkout: --package .) "
                                                       "instead of the installed one")
    sub.add_argument("--format", choices=("text", "csv", "json"), default="text",
                     help="text (default), csv or json (dates as YYYY-MM-DD), e.g. --format json")
    sub.set_defaults(run=run_compare)


def run_compare(args: argparse.Namespace) -> int:
    from idlibstats.faces import comparison

    filters = {}
    for condition in args.where:
        column, sep, value = condition.partition("=")
        if not sep or not column:
            raise comparison.CompareError(f"--where takes COLUMN=VALUE, e.g. --where outcome=killed; got {condition!r}")
        filters[column] = value
    options = {} if args.about_margin is None else {"margin": args.about_margin}
    frame = comparison.compare(args.table, within_days=args.within_days, single=args.single, conflicts=args.conflicts,
                               date_from=args.date_from, date_to=args.date_to, area=args.area,
                               claimant=args.claimant, path=args.package, **options, **filters)
    print(comparison.render(frame, args.table, args.format), end="")
    return EXIT_OK


def add_extract(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "extract", help="propose candidate rows from a plain-text document",
        description="Read a plain-text (UTF-8) document and propose one candidate row per figure phrase about "
                    "people: the sentence it stands in (quote), its wording (stated_as), qualifier and bounds, "
                    "and a guess of table and measure from the nearest cue word (killed, wounded, displaced, "
                    "fled, refugees, hosted, ...), said in the guess column. Numbers not about people (years, "
                    "dates, percentages, money, targets struck) are left out unless --all. The candidates are "
                    "for review: nothing is written into data/.",
        epilog="example:\n  idlibstats extract seeds/000_030452a704b5cc27.txt\n"
               "  idlibstats extract report.txt --out candidates.csv --all",
    )
    sub.add_argument("file", type=Path, metavar="FILE", help="the document, as UTF-8 plain text")
    sub.add_argument("--out", metavar="CANDIDATES.csv",
                     help="write the candidates to this CSV file (default: print them to stdout)")
    sub.add_argument("--all", dest="everything", action="store_true",
                     help="also list the figures judged not about people, marked in the guess column")
    sub.set_defaults(run=run_extract)


def run_extract(args: argparse.Namespace) -> int:
    from idlibstats.faces import extract
    from idlibstats.faces.output import write_text

    candidates = extract.extract(extract.read_document(args.file), everything=args.everything)
    text = extract.to_csv(candidates)
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    write_text(args.out, text)
    people = sum(c.about_people for c in candidates)
    others = f" and {len(candidates) - people} figures not about people (marked in guess)" if args.everything else ""
    print(f"wrote {people} candidate rows{others} to {args.out}; review them before copying any into data/")
    return EXIT_OK


def add_export(commands: argparse._SubParsersAction) -> None:
    from idlibstats.faces.exporting import FORMATS

    sub = commands.add_parser(
        "export", help="write the tables as HXL CSV, plain CSV or Parquet",
        description="Write one file per table into a folder: HXL-tagged CSV (hashtag row under the header, "
                    "for HDX and HXL tools), plain CSV, or typed Parquet. CSV cells that a spreadsheet "
                    "would run as formulas get a leading apostrophe. Every row of each table is written.",
        epilog="example:\n  idlibstats export --format hxl --out exports/\n"
               "  idlibstats export --format parquet --out exports/ casualties displacement",
    )
    sub.add_argument("tables", nargs="*", metavar="TABLE", help="tables to export (default: all)")
    sub.add_argument("--format", default="hxl", metavar="{" + ",".join(FORMATS) + "}",
                     help="hxl: CSV with HXL hashtags (<table>.hxl.csv); csv: plain CSV (<table>.csv); "
                          "parquet: typed Parquet (<table>.parquet) (default: hxl)")
    sub.add_argument("--out", required=True, metavar="DIR",
                     help="folder to write into (created if needed, inside a folder that exists)")
    add_quiet(sub)
    sub.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    from idlibstats.errors import InvalidArgument
    from idlibstats.faces.exporting import FORMATS, export
    from idlibstats.faces.output import folder_target, output_file

    if args.format not in FORMATS:  # said in one line, not argparse's usage block
        raise InvalidArgument(f"--format must be one of {', '.join(FORMATS)}, got {args.format!r}")
    if not folder_target(args.out).exists():
        output_file(args.out)  # the folder it is made in must exist: a mistyped path is refused, not created
    written = export(args.out, format=args.format, tables=args.tables or None, progress=progress_printer(args))
    if not args.quiet:
        print(f"wrote {len(written)} {args.format} file{'s' if len(written) != 1 else ''} to {args.out}")
    return EXIT_OK


def add_cite(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "cite", help="how to cite the package and the sources of a table",
        description="Print how to cite the package (with its version) and every source document behind "
                    "the rows of TABLE, or behind the whole package, as plain text or BibTeX.",
        epilog="example:\n  idlibstats cite casualties\n  idlibstats cite --bibtex > idlibstats.bib",
    )
    sub.add_argument("table", nargs="?", metavar="TABLE", help="the table whose sources to list (default: all)")
    sub.add_argument("--bibtex", action="store_true", help="print BibTeX entries instead of text")
    sub.set_defaults(run=run_cite)


def run_cite(args: argparse.Namespace) -> int:
    from idlibstats.faces.citation import cite

    print(cite(args.table, bibtex=args.bibtex), end="")
    return EXIT_OK


def add_quiet(sub: argparse.ArgumentParser) -> None:
    """``--quiet`` for commands that report progress (shown only when stderr is a terminal)."""
    sub.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def progress_printer(args: argparse.Namespace) -> Callable[[str], None] | None:
    """Progress lines on stderr, only on a terminal and without ``--quiet``: CI logs stay clean."""
    if getattr(args, "quiet", False) or not sys.stderr.isatty():
        return None
    return lambda message: print(message, file=sys.stderr, flush=True)


def add_diff(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "diff", help="what changed in the claims between two versions",
        description="Compare two versions of the package, each a package folder or a git revision of this "
                    "repository (a folder wins when both exist): per table, claims added, superseded (by which "
                    "correction, and why), withdrawn, changed in place and removed, and schema changes. "
                    "Exits 0 when it ran, whatever it found; with --exit-code, 1 when there are differences.",
        epilog="example:\n  idlibstats diff HEAD~1 HEAD\n  idlibstats diff origin/main . --format json\n"
               "  idlibstats diff ../idlibstats-0.1.0 . --exit-code",
    )
    sub.add_argument("old", metavar="OLD", help="the earlier version: a package folder or a git revision")
    sub.add_argument("new", metavar="NEW", help="the later version: a package folder or a git revision")
    sub.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    sub.add_argument("--exit-code", action="store_true", help="exit 1 when the versions differ (as git diff)")
    sub.set_defaults(run=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    from idlibstats.history import revisions

    result = revisions.diff(args.old, args.new)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(revisions.render_text(result), end="")
    return EXIT_INVALID if args.exit_code and result.differs else EXIT_OK


def add_release_check(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "release-check", help="check the version bump and CHANGELOG entry a change needs",
        description="Compare NEW (default: the current folder) with a reference, work out the version bump "
                    "the differences require (Data Package versioning recipe: new data or tables minor, "
                    "corrections patch, removed, renamed, added or retyped fields major), and check that "
                    "datapackage.json's version makes that bump and CHANGELOG.md has a dated entry for it. "
                    "Exits 0 when the rules are met, 1 when not, 2 on errors.",
        epilog="example:\n  idlibstats release-check --against origin/main\n"
               "  idlibstats release-check --previous-release   # what CI runs on main",
    )
    reference = sub.add_mutually_exclusive_group(required=True)
    reference.add_argument("--against", metavar="REF", help="the reference: a package folder or a git revision")
    reference.add_argument("--previous-release", action="store_true",
                           help="compare with the commit where the previous data version began "
                                "(HEAD's first-parent history; an empty package for a first release)")
    sub.add_argument("new", metavar="NEW", nargs="?", default=".",
                     help="the version to check: a package folder or a git revision (default: .)")
    sub.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    sub.set_defaults(run=run_release_check)


def run_release_check(args: argparse.Namespace) -> int:
    from idlibstats.history import releases

    if args.previous_release:
        check = releases.check_since_previous_release(args.new)
    else:
        check = releases.check_against(args.against, args.new)
    if args.format == "json":
        print(json.dumps(check.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(releases.render_text(check), end="")
    return EXIT_OK if check.ok else EXIT_INVALID


def add_plot(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "plot", help="draw a claims table as a timeline or cumulative PNG",
        description="Draw the active claims of a claims table (casualties, displacement, refugees) as a PNG of "
                    "1200x700 px, over the crisis window of datapackage.json (26 April 2019 to 30 April 2020) "
                    "unless --from/--to change it; claims whose period lies mostly outside it are left out, and "
                    "the caption says how many. One panel per kind of count (killed apart from injured, civilians "
                    "apart from combatants, persons apart from households and movements, one country of asylum "
                    "each). timeline: each claim over its period, its bounds as stated (arrows for open-ended "
                    "bounds, bars for ranges), one colour and marker per claimant. cumulative: each series of "
                    "claims counted from one day by one claimant, as a stepped line, one colour each. Needs the "
                    "plot extra: pip install '.[plot]'.",
        epilog="example:\n  idlibstats plot displacement --out displacement.png\n"
               "  idlibstats plot displacement --out series.png --style cumulative\n"
               "  idlibstats plot casualties --out civilians.png --where victim_group=civilian --facet area_id\n"
               "  idlibstats plot refugees --out refugees.png --from 2019-01-01 --to 2020-12-31",
    )
    sub.add_argument("table", metavar="TABLE", help="a claims table, e.g. displacement or casualties")
    sub.add_argument("--out", metavar="FILE.png", required=True, help="the PNG file to write")
    sub.add_argument("--style", choices=("timeline", "cumulative"), default="timeline",
                     help="timeline (default) or cumulative")
    sub.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                     help="start the time axis on this day instead of the crisis window's start, e.g. --from 2019-01-01")
    sub.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                     help="end the time axis on this day instead of the crisis window's end, e.g. --to 2020-03-05")
    sub.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE",
                     help="keep claims whose FIELD (a column of the table) equals VALUE (one the contract allows; "
                          "repeatable; a field given twice keeps either value; FIELD= keeps empty cells), "
                          "e.g. --where victim_group=civilian")
    sub.add_argument("--facet", action="append", metavar="FIELD",
                     help="split the panels by FIELD instead of the default (victim_group, asylum_iso3), beyond the "
                          "kind of count; repeatable; none for no more, e.g. --facet area_id")
    sub.set_defaults(run=run_plot)


def run_plot(args: argparse.Namespace) -> int:
    from idlibstats.faces.plot import plot

    written = plot(args.table, args.out, style=args.style, date_from=args.date_from, date_to=args.date_to,
                   where=args.where, facet=args.facet)
    print(f"wrote the {args.style} of {args.table} to {written}")
    return EXIT_OK


def add_site(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "site", help="write a static website where every figure links its source",
        description="Write a static HTML site into DIR: an index of the tables with row counts and periods, a page "
                    "per table (data dictionary from datapackage.json, figures, every row), a page per source "
                    "listing the claims citing it, and for archived sources the archived text with the quoted "
                    "words highlighted. No external requests; readable without JavaScript. Figures need the plot "
                    "extra (pip install '.[plot]') and are left out without it.",
        epilog="example:\n  idlibstats site --out site\n"
               "  python -m http.server --directory site  # or open site/index.html in a browser",
    )
    sub.add_argument("--out", metavar="DIR", required=True,
                     help="the folder to write the site into (created if needed, inside a folder that exists)")
    sub.set_defaults(run=run_site)


def run_site(args: argparse.Namespace) -> int:
    from idlibstats.faces.site import build

    site = build(args.out)
    print(f"wrote {len(site.files)} files into {site.root}; open {site.root / 'index.html'}")
    if site.plots_note:
        print(site.plots_note)
    return EXIT_OK


def add_validate(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "validate", help="check a data package line by line, for contributors and CI",
        description="Check a data package (by default the package's own data): every type, constraint, primary "
                    "and foreign key of datapackage.json, the cross-field rules, quotes against the archived "
                    "sources, and the files themselves. Each problem is reported with the line where its row "
                    "starts. Exit status: 0 valid, 1 invalid data, 2 a usage error or a descriptor that "
                    "cannot be used. The finding types are explained in CONTRIBUTING.md.",
        epilog="example:\n  idlibstats validate\n  idlibstats validate path/to/package --format json\n"
               "  idlibstats validate . --format github --limit-errors 50\n"
               "  idlibstats validate . --against origin/main",
    )
    sub.add_argument("path", nargs="?", metavar="PATH",
                     help="a folder holding datapackage.json, or the descriptor itself (default: the shipped package)")
    sub.add_argument("--format", choices=("text", "json", "github"), default="text",
                     help="text for people, json (exactly the report), or github (workflow annotations)")
    sub.add_argument("--limit-errors", type=positive, metavar="N",
                     help="report at most the first N findings (the JSON report then gives the total and "
                          "whether it was truncated)")
    sub.add_argument("--against", metavar="REF",
                     help="also report published claims of REF (an earlier package folder, or a git revision of "
                          "this repository) changed or removed without a revision row")
    sub.add_argument("--list-types", action="store_true",
                     help="print the table of finding types (what each means, how to fix it) and exit")
    sub.add_argument("--list-properties", action="store_true",
                     help="print the table of Data Package and Table Schema properties (which are checked, which "
                          "refused) and exit")
    sub.set_defaults(run=run_validate)


def positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number


def run_validate(args: argparse.Namespace) -> int:
    from idlibstats.validation.engine import validate
    from idlibstats.validation.findings import render_markdown
    from idlibstats.validation.report import render

    if args.list_types:
        print(render_markdown(), end="")
        return EXIT_OK
    if args.list_properties:
        from idlibstats.package.descriptor import render_markdown as render_properties

        print(render_properties(), end="")
        return EXIT_OK
    report = validate(args.path, against=args.against, limit_errors=args.limit_errors)
    print(render(report, args.format))
    return report.exit_code


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_summary, add_validate, add_compare, add_plot, add_site, add_export, add_cite, add_diff, add_release_check,
    add_extract, add_dictionary,
]


if __name__ == "__main__":
    sys.exit(main())
