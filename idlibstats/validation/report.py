"""Step 4: the :class:`Report`, and its three renderings: text for people, JSON, GitHub annotations."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from idlibstats.errors import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_USAGE
from idlibstats.findings import Finding
from idlibstats.package.folder import DESCRIPTOR
from idlibstats.validation.findings import UNUSABLE

FORMATS = ("text", "json", "github")


@dataclass
class Report:
    """The outcome of :func:`idlibstats.validate`: ``valid``, and every finding in ``errors``.

    ``errors`` are sorted: descriptor findings first, then table by table in descriptor order,
    each by line. ``total`` counts the findings before ``limit_errors`` cut the list; ``limit``
    is that limit (``None``: none was given), and with one the JSON report says ``total`` and
    whether the list was ``truncated``.
    """

    errors: list[Finding] = field(default_factory=list)
    root: Path | None = None
    tables: int = 0
    rows: int = 0
    total: int = 0
    limit: int | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def usable(self) -> bool:
        """False when the command or the descriptor could not be used, or idlibstats failed."""
        return not any(f.type in UNUSABLE for f in self.errors)

    @property
    def exit_code(self) -> int:
        """0 valid, 1 invalid data, 2 a command or descriptor that cannot be used, 3 idlibstats itself failed."""
        if any(f.type == "internal-error" for f in self.errors):
            return EXIT_INTERNAL
        if not self.usable:
            return EXIT_USAGE
        return EXIT_OK if self.valid else EXIT_INVALID

    @property
    def truncated(self) -> bool:
        """Whether ``limit_errors`` left findings out of ``errors``."""
        return self.total > len(self.errors)

    def to_dict(self) -> dict[str, Any]:
        """``{"valid", "errors"}``; with a limit, also ``total`` (every finding) and ``truncated``."""
        report: dict[str, Any] = {"valid": self.valid, "errors": [f.to_dict() for f in self.errors]}
        if self.limit is not None:
            report.update(total=max(self.total, len(self.errors)), truncated=self.truncated)
        return report


def render(report: Report, format: str = "text") -> str:
    """``report`` as ``format`` (``text``, ``json`` or ``github``), ready to print."""
    if format == "json":
        return json.dumps(report.to_dict(), indent=2)
    if format == "github":
        return render_github(report)
    return render_text(report)


def summary(report: Report) -> str:
    """The last line of the text and GitHub renderings: what was checked, and what was found."""
    unusable = [f for f in report.errors if f.type in UNUSABLE]
    kinds = {f.type for f in unusable}
    if "usage-error" in kinds:
        return "The command line could not be understood, so nothing was checked."
    if "internal-error" in kinds:
        return "idlibstats itself failed, so the check is incomplete; please report it (see the message above)."
    if kinds == {"reference-unusable"}:
        reference = unusable[0].value or "given to --against"
        others = [f for f in report.errors if f.type not in UNUSABLE]
        if not others and not report.truncated:
            data = f"the package itself is valid ({report.tables} tables, {report.rows} rows checked)"
        else:
            count = report.total - len(unusable)
            data = f"the package itself has {count} error{'s' if count != 1 else ''}, listed above"
        return f"The reference {reference} cannot be used, so no published claim was compared with it; {data}."
    if unusable:
        first = unusable[0]
        if first.type in ("package-error", "json-error") and first.path not in (None, DESCRIPTOR):
            return f"{first.path} is not a data package, so nothing was checked."
        return "The descriptor cannot be used, so no data was checked."
    if report.valid:
        return f"Valid: {report.tables} tables, {report.rows} rows checked."
    errors = f"{report.total} error{'s' if report.total != 1 else ''}"
    if report.total > len(report.errors):
        where = f" (showing the first {len(report.errors)})"
    else:
        files = len({f.path for f in report.errors})
        where = f" in {files} file{'s' if files != 1 else ''}"
    return f"Invalid: {errors}{where}; see CONTRIBUTING.md for what each type means."


def render_text(report: Report) -> str:
    """Grouped by file, sorted by line, each with the offending value and what was expected."""
    lines: list[str] = []
    for path, findings in grouped(report.errors):
        if lines:
            lines.append("")
        resource = findings[0].resource
        lines.append(f"{path}" + (f" (table {resource})" if resource and path != DESCRIPTOR else ""))
        for f in findings:
            where = f"line {f.line}" if f.line is not None else "file"
            lines.append(f"  {where:<11} {f.type:<20} " + (f"{f.field}: " if f.field else "") + visible(f.message))
    if lines:
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines)


def grouped(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings by the file they are in; those of the command line by what they are about."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.path or place_of(f), []).append(f)
    return list(groups.items())


def place_of(finding: Finding) -> str:
    """What a finding that names no file is about: the reference of ``--against``, the command, or the descriptor."""
    if finding.type == "reference-unusable":
        return f"--against {finding.value}" if finding.value else "--against"
    if finding.type in ("usage-error", "internal-error"):
        return "the command"
    return DESCRIPTOR


def visible(text: str) -> str:
    """One line of text: control characters shown as escapes."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def render_github(report: Report) -> str:
    """One ``::error`` workflow command per finding, then the summary."""
    lines = []
    for f in report.errors:
        properties = [f"file={escape_property(annotation_path(report.root, f.path or DESCRIPTOR))}"]
        if f.line is not None:
            properties.append(f"line={f.line}")
        properties.append(f"title={escape_property(f.type)}")
        message = (f"{f.field}: " if f.field else "") + f.message
        lines.append(f"::error {','.join(properties)}::{escape_data(message)}")
    lines.append(summary(report))
    return "\n".join(lines)


def annotation_path(root: Path | None, relative: str) -> str:
    """The file as GitHub knows it: relative to the working directory when the package lies inside it."""
    if root is None:
        return relative
    try:
        full = (root / relative).resolve()
        here = Path.cwd().resolve()
    except (OSError, ValueError):
        return relative
    if here == full or here in full.parents:
        return full.relative_to(here).as_posix()
    return relative


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
