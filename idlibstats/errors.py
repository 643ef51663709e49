"""Every exception idlibstats raises, each with a stable code, and the command's exit codes.

Two families are kept apart, as pandera keeps ``SchemaDefinitionError`` apart from
``SchemaError``: a broken *definition* (the descriptor cannot be used) is a
``DescriptorError``; data that breaks a usable contract is a ``DataError``. Every mistake a
person can make (an argument, an input file, an output path) is an :class:`IdlibstatsError`
whose message says what to do; anything else escaping to the command line is a bug.

>>> raise InvalidArgument("format must be one of hxl, csv, parquet, got 'xls'")
Traceback (most recent call last):
...
idlibstats.errors.InvalidArgument: format must be one of hxl, csv, parquet, got 'xls'
"""

from __future__ import annotations

EXIT_OK = 0  # done; the data is valid
EXIT_INVALID = 1  # done; the data breaks its contract (or a check the command makes fails)
EXIT_USAGE = 2  # nothing done: a usage or input error, said in one line
EXIT_INTERNAL = 3  # idlibstats itself failed: a bug, to be reported


class IdlibstatsError(Exception):
    """Base class: a message a person can act on, a stable ``code``, and a position."""

    code = "idlibstats-error"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
        value: object = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.field = field
        self.value = value

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class PackageNotFound(IdlibstatsError):
    """No data package where one was looked for."""

    code = "package-not-found"


class DescriptorError(IdlibstatsError):
    """``datapackage.json`` is missing, not JSON, or not a contract this library can use."""

    code = "descriptor-error"


class UnknownTable(IdlibstatsError, LookupError):
    """A table name that the descriptor does not define."""

    code = "unknown-table"


class DataError(IdlibstatsError):
    """A table's data breaks its contract while being loaded."""

    code = "data-error"


class MissingDependency(IdlibstatsError, ImportError):
    """An optional dependency needed for the requested feature is not installed."""

    code = "missing-dependency"


class InvalidArgument(IdlibstatsError, ValueError):
    """An argument outside what a function or command accepts (an unknown format, a limit below 1)."""

    code = "invalid-argument"


class InputUnusable(IdlibstatsError):
    """An input file that exists but cannot serve (a README without the data-dictionary markers)."""

    code = "input-unusable"


class UnreadablePhrase(IdlibstatsError, ValueError):
    """Wording the figure parser cannot read; ``reason`` says why."""

    code = "unreadable-phrase"

    def __init__(self, phrase: str, reason: str) -> None:
        super().__init__(f"cannot read {phrase!r} as a figure: {reason}", value=phrase)
        self.reason = reason


class NotAGitCheckout(IdlibstatsError):
    """A git revision was asked for outside a git checkout (or without git)."""

    code = "not-a-git-checkout"


class UnknownRevision(IdlibstatsError):
    """A name that is neither a package folder nor a revision of the repository."""

    code = "unknown-revision"


class ShallowHistory(IdlibstatsError):
    """The checkout's history is cut short, so earlier versions cannot be found."""

    code = "shallow-history"


class DocumentUnreadable(IdlibstatsError):
    """A document that is missing or not UTF-8 text."""

    code = "document-unreadable"


class NothingToPlot(IdlibstatsError):
    """A table, or a style, with nothing to draw: not a claims table, no claim with a value, no series."""

    code = "nothing-to-plot"


class OutputRefused(IdlibstatsError):
    """An output path that cannot be written: the package's own data, an empty path, a missing folder."""

    code = "output-refused"


class CompareError(IdlibstatsError):
    """A comparison that cannot be made: not a claims table, or a filter on an unknown column."""

    code = "compare-error"
