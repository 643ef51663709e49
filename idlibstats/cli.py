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
    from idlibstats.output import write_text

    readme = args.write.read_text(encoding="utf-8")
    write_text(args.write, dictionary.splice(readme, rendered))
    print(f"wrote the data dictionary into {args.write}")
    return EXIT_OK


def add_diff(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "diff", help="claims added, superseded, withdrawn, edited or removed between two versions",
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
    from idlibstats import revisions

    result = revisions.diff(args.old, args.new)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(revisions.render_text(result), end="")
    return EXIT_FINDINGS if args.exit_code and result.differs else EXIT_OK


def add_release_check(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "release-check", help="check that the data version and CHANGELOG.md entry match what changed",
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
    from idlibstats import releases

    if args.previous_release:
        check = releases.check_since_previous_release(args.new)
    else:
        check = releases.check_against(args.against, args.new)
    if args.format == "json":
        print(json.dumps(check.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(releases.render_text(check), end="")
    return EXIT_OK if check.ok else EXIT_FINDINGS


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [add_summary, add_dictionary, add_diff,
                                                                add_release_check]


if __name__ == "__main__":
    sys.exit(main())
