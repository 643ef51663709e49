"""How to cite what you use: the package, with its version, and every source behind a table's rows.

The package's citation is read from ``datapackage.json`` (title, version, creators, licences,
year of ``created``), the sources from the ``sources`` table. Which sources lie behind a table
follows from the contract: the values of its foreign keys into ``sources``, over every row
(superseded and withdrawn claims included, since they stay in the table).

>>> from idlibstats.faces.citation import bibtex_escape
>>> bibtex_escape("50% of {all} & more")
'50\\\\% of \\\\{all\\\\} \\\\& more'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage

SOURCES = "sources"
BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                   "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


@dataclass(frozen=True)
class Source:
    """One row of the ``sources`` table, as text (empty string where the cell is empty)."""

    source_id: str
    title: str
    publisher: str
    published: str
    url: str
    archive_path: str
    sha256: str
    source_type: str
    accessed: str


def cite(
    table: str | None = None, *, bibtex: bool = False, package: DataPackage | None = None, path: str | Path | None = None
) -> str:
    """How to cite the package and the sources behind ``table`` (default: every source), as text or BibTeX.

    ``path`` is a package folder (or its ``datapackage.json``) to read instead of the installed package.
    """
    package = package or (DataPackage.open(path) if path is not None else DataPackage.shipped())
    sources = sources_behind(package, table)
    if bibtex:
        return "\n".join([package_bibtex(package)] + [source_bibtex(s) for s in sources])
    return render_text(package, sources, table)


def sources_behind(package: DataPackage, table: str | None = None) -> list[Source]:
    """The sources cited by any row of ``table`` (every source if ``None``), in the order of ``sources``."""
    from idlibstats.frames.loading import read_typed

    cited = None if table in (None, SOURCES) else cited_source_ids(package, table)
    everything = [as_source(row) for row in read_typed(package, SOURCES).to_dict("records")]
    return [s for s in everything if cited is None or s.source_id in cited]


def cited_source_ids(package: DataPackage, name: str) -> set[str]:
    """The values of ``name``'s foreign keys into ``sources``, over all its rows."""
    from idlibstats.frames.loading import read_typed

    contract = table_contract(package, name)
    keys = [fk for fk in contract.foreign_keys if fk.resource == SOURCES]
    if not keys:
        return set()
    frame = read_typed(package, name)
    return {str(v) for fk in keys for column in fk.fields for v in frame[column].dropna()}


def as_source(row: dict[str, Any]) -> Source:
    def text(value: Any) -> str:
        if value is None or value != value:  # missing (NA or NaT)
            return ""
        return value.date().isoformat() if hasattr(value, "date") else str(value)

    return Source(**{name: text(row.get(name)) for name in Source.__dataclass_fields__})


def creators(package: DataPackage) -> str:
    people = [c.get("title", "") for c in package.descriptor.get("contributors", [])
              if "creator" in c.get("roles", ["creator"])]
    return ", ".join(p for p in people if p) or package.name


def year(package: DataPackage) -> str:
    return str(package.descriptor.get("created", ""))[:4] or "n.d."


def licences(package: DataPackage) -> str:
    return "; ".join(str(entry.get("title") or entry.get("name")) for entry in package.descriptor.get("licenses", []))


def package_text(package: DataPackage) -> str:
    """One-paragraph citation of the package, with its version."""
    title = package.descriptor.get("title", package.name)
    text = f"{creators(package)} ({year(package)}). {title}. Data package, version {package.version}."
    return f"{text} Licences: {licences(package)}." if licences(package) else text


def source_text(source: Source) -> str:
    """One source as a reference line."""
    parts = [source.publisher, source.title, source.published or "undated", source.url]
    line = ". ".join(p.rstrip(".") for p in parts if p) + "."
    if source.accessed:
        line += f" Accessed {source.accessed}."
    if source.archive_path:
        line += f" Archived in the package as {source.archive_path} (sha256 {source.sha256})."
    return f"[{source.source_id}] {line}"


def render_text(package: DataPackage, sources: list[Source], table: str | None) -> str:
    where = f"the rows of table {table!r}" if table else "the package's rows"
    lines = ["Cite the package, with the version you used:", "", f"  {package_text(package)}", ""]
    if not sources:
        lines.append(f"No source documents lie behind {where}.")
        return "\n".join(lines) + "\n"
    count = f"{len(sources)} source" + ("" if len(sources) == 1 else "s")
    lines += [f"and the {count} behind {where}:", ""]
    lines += [f"  {source_text(s)}" for s in sources]
    return "\n".join(lines) + "\n"


def bibtex_escape(text: str) -> str:
    """``text`` with BibTeX's special characters escaped."""
    return "".join(BIBTEX_SPECIALS.get(character, character) for character in text)


def bibtex_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def package_bibtex(package: DataPackage) -> str:
    """A BibTeX ``@misc`` entry for the package, keyed by name and version."""
    title = package.descriptor.get("title", package.name)
    return bibtex_entry("misc", f"{package.name}-{package.version}", [
        ("author", "{" + bibtex_escape(creators(package)) + "}"),
        ("title", "{" + bibtex_escape(title) + "}"),
        ("year", year(package)),
        ("version", package.version),
        ("howpublished", "Data package"),
        ("note", bibtex_escape(f"Version {package.version}. Licences: {licences(package)}")),
    ])


def source_bibtex(source: Source) -> str:
    """A BibTeX ``@misc`` entry for one source, keyed by its ``source_id``."""
    note = f"Archived in idlibstats as {source.archive_path}, sha256 {source.sha256}" if source.archive_path else ""
    return bibtex_entry("misc", source.source_id, [
        ("author", "{" + bibtex_escape(source.publisher) + "}" if source.publisher else ""),
        ("title", "{" + bibtex_escape(source.title) + "}"),
        ("year", source.published[:4]),
        ("date", source.published),
        ("howpublished", bibtex_escape(source.source_type.replace("_", " "))),
        ("url", source.url),
        ("urldate", source.accessed),
        ("note", bibtex_escape(note)),
    ])
