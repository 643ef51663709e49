"""What a check finds: the :class:`Finding` (one problem, where it is, what was expected) and the
:class:`FindingType` that documents each kind of finding once.

A finding is an error reported instead of raised: the frames reader, the rules and the validator
all produce them, so they live at the bottom of the package, beside :mod:`idlibstats.errors`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

SCOPES = ("command", "descriptor", "file", "header", "row", "cell", "rule", "revision")
VALUE_LIMIT = 300  # characters of an offending value kept in a finding


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem, where it is, and what was expected.

    ``line`` is the physical line of the CSV file where the row begins (the header is line 1),
    ``None`` for findings that belong to no line. ``value`` is the offending text as written.
    """

    type: str
    resource: str | None = None
    path: str | None = None
    line: int | None = None
    field: str | None = None
    value: str | None = None
    message: str = ""

    def __post_init__(self) -> None:
        for name in ("type", "resource", "path", "field", "message"):
            text = getattr(self, name)
            if text is not None:
                object.__setattr__(self, name, printable(str(text)))
        if self.value is not None:
            object.__setattr__(self, "value", shorten(printable(str(self.value))))
        if self.line is not None:
            object.__setattr__(self, "line", int(self.line))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


KEYS = tuple(f.name for f in fields(Finding))


def printable(text: str) -> str:
    """``text`` safe to encode as UTF-8: undecodable bytes and lone surrogates become ``\\x..`` escapes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape" if is_escaped_bytes(text) else "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")
    return text


def is_escaped_bytes(text: str) -> bool:
    """Whether every surrogate in ``text`` stands for an undecodable byte (Python's ``surrogateescape``)."""
    return all("\udc80" <= c <= "\udcff" for c in text if "\ud800" <= c <= "\udfff")


def shorten(text: str) -> str:
    if len(text) <= VALUE_LIMIT:
        return text
    return text[:VALUE_LIMIT] + f"... ({len(text)} characters)"


def show(value: str | None) -> str:
    """A value quoted for a message: undecodable bytes as ``\\x..``, control characters escaped."""
    if value is None:
        return "(empty)"
    text = printable(shorten(value))
    return "'" + "".join(c if c.isprintable() else repr(c)[1:-1] for c in text) + "'"


@dataclass(frozen=True)
class FindingType:
    """A kind of finding: its ``name`` (the ``type`` of findings), where it applies, what it means, how to fix it."""

    name: str
    scope: str
    means: str
    fix: str
    own: bool = True  # the project's own; False: frictionless's type with the same meaning

    @property
    def unusable(self) -> bool:
        """Whether a finding of this type leaves nothing to validate (the command exits 2)."""
        return self.scope in ("command", "descriptor")
