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


class Parser(argparse.ArgumentParser):
    """argparse with help text kept as written, so examples keep their line breaks."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
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
        return EXIT_USAGE


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
        "summary", help="each table's rows, period, sources, and whether the package passes its schemas",
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
        "dictionary", help="print the data dictionary generated from datapackage.json, or refresh README's copy",
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


def add_validate(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "validate", help="check a data package line by line: the contract, keys, rules, quotes and the files",
        description="Check a data package (by default the package's own data): every type, constraint, primary "
                    "and foreign key of datapackage.json, the cross-field rules, quotes against the archived "
                    "sources, and the files themselves. Each problem is reported with the line where its row "
                    "starts. Exit status: 0 valid, 1 invalid data, 2 a usage error or a descriptor that "
                    "cannot be used. The finding types are explained in CONTRIBUTING.md.",
        epilog="examples:\n  idlibstats validate\n  idlibstats validate path/to/package --format json\n"
               "  idlibstats validate . --format github --limit-errors 50",
    )
    sub.add_argument("path", nargs="?", metavar="PATH",
                     help="a folder holding datapackage.json, or the descriptor itself (default: the shipped package)")
    sub.add_argument("--format", choices=("text", "json", "github"), default="text",
                     help="text for people, json (exactly the report), or github (workflow annotations)")
    sub.add_argument("--limit-errors", type=positive, metavar="N", help="report at most the first N findings")
    sub.add_argument("--list-types", action="store_true",
                     help="print the table of finding types (what each means, how to fix it) and exit")
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
    report = validate(args.path, limit_errors=args.limit_errors)
    print(render(report, args.format))
    return report.exit_code


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [add_summary, add_dictionary, add_validate]


if __name__ == "__main__":
    sys.exit(main())
