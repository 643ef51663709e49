"""The ``idlibstats`` command: parses arguments, calls the library, prints. Nothing else."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from idlibstats.errors import IdlibstatsError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


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
    args = parser.parse_args(argv)
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
        return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="idlibstats",
        description="Casualties, displacement and refugees of the 2019-2020 Idlib crisis, every figure with its provenance.",
        epilog="Run `idlibstats COMMAND --help` for a command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


def package_version() -> str:
    try:
        from idlibstats.package import DataPackage

        return DataPackage.shipped().version
    except IdlibstatsError:
        return "(no data found)"


def add_summary(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "summary", help="rows, period, sources and schema check of each table",
        description="Each table with its row count, the period it covers, its number of sources, "
                    "and whether it passes its schema. Exits 1 if any table fails.",
        epilog="example:\n  idlibstats summary\n  idlibstats summary --format json",
    )
    sub.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    sub.set_defaults(run=run_summary)


def run_summary(args: argparse.Namespace) -> int:
    from idlibstats.package import DataPackage
    from idlibstats.summary import as_rows, summarise

    package = DataPackage.shipped()
    summaries = summarise(package)
    passes = all(s.passes for s in summaries)
    if args.format == "json":
        print(json.dumps({"name": package.name, "version": package.version, "passes": passes,
                          "tables": as_rows(summaries)}, indent=2))
        return EXIT_OK if passes else EXIT_FINDINGS
    print(f"{package.name} {package.version}: {len(summaries)} tables")
    print(f"{'table':<14}{'rows':>6}  {'period covered':<25}{'sources':>8}  schema")
    for s in summaries:
        period = f"{s.period_start} to {s.period_end}" if s.period_start else "-"
        sources = "-" if s.sources is None else str(s.sources)
        verdict = "passes" if s.passes else f"FAILS ({s.schema_failures} failures)"
        print(f"{s.name:<14}{s.rows:>6}  {period:<25}{sources:>8}  {verdict}")
    print("The package passes its schemas." if passes else
          "The package does NOT pass its schemas: run `idlibstats validate` for each problem with its line.")
    return EXIT_OK if passes else EXIT_FINDINGS


def add_dictionary(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "dictionary", help="print the data dictionary, or refresh README's copy",
        description="Render the data dictionary of every table from datapackage.json as Markdown.",
        epilog="example:\n  idlibstats dictionary\n  idlibstats dictionary --write README.md",
    )
    sub.add_argument("--write", metavar="README", type=Path,
                     help="replace the dictionary between the markers in this file instead of printing it")
    sub.set_defaults(run=run_dictionary)


def run_dictionary(args: argparse.Namespace) -> int:
    from idlibstats import dictionary

    rendered = dictionary.render()
    if args.write is None:
        print(rendered, end="")
        return EXIT_OK
    readme = args.write.read_text(encoding="utf-8")
    args.write.write_text(dictionary.splice(readme, rendered), encoding="utf-8")
    print(f"wrote the data dictionary into {args.write}")
    return EXIT_OK


def add_export(commands: argparse._SubParsersAction) -> None:
    from idlibstats.exporting import FORMATS

    sub = commands.add_parser(
        "export", help="write the tables as HXL CSV, plain CSV or Parquet",
        description="Write one file per table into a folder: HXL-tagged CSV (hashtag row under the header, "
                    "for HDX and HXL tools), plain CSV, or typed Parquet. CSV cells that a spreadsheet "
                    "would run as formulas get a leading apostrophe. Every row of each table is written.",
        epilog="example:\n  idlibstats export --format hxl --out exports/\n"
               "  idlibstats export --format parquet --out exports/ casualties displacement",
    )
    sub.add_argument("tables", nargs="*", metavar="TABLE", help="tables to export (default: all)")
    sub.add_argument("--format", choices=FORMATS, default="hxl",
                     help="hxl: CSV with HXL hashtags; csv: plain CSV; parquet: typed Parquet (default: hxl)")
    sub.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write into (created if needed)")
    add_quiet(sub)
    sub.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    from idlibstats.exporting import export

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
    from idlibstats.citation import cite

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


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [add_summary, add_dictionary, add_export, add_cite]


if __name__ == "__main__":
    sys.exit(main())
