"""idlibstats: casualties, displacement and refugees of the 2019-2020 Idlib crisis, every figure with its provenance.

>>> import idlibstats
>>> "casualties" in idlibstats.tables()
True
>>> frame = idlibstats.load("casualties")
>>> str(frame["value_low"].dtype)
'Int64'

Importing this module is cheap: pandas, pandera and frictionless load only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import pandera.pandas as pa

    from idlibstats.validation.report import Report

__all__ = ["cite", "compare", "descriptor", "export", "load", "schema", "tables", "validate", "__version__"]


def _package(path: str | Path | None) -> Any:
    """The package at ``path`` (a folder holding ``datapackage.json``, or the file), else the installed one."""
    from idlibstats.package.folder import DataPackage

    return DataPackage.shipped() if path is None else DataPackage.open(path)


def tables(path: str | Path | None = None) -> list[str]:
    """The names of the package's tables, in descriptor order (``path``: a package folder instead of the installed one)."""
    return _package(path).resource_names()


def descriptor(path: str | Path | None = None) -> dict[str, Any]:
    """The package's ``datapackage.json`` as a dict (a fresh copy each call; ``path``: another package folder)."""
    return _package(path).descriptor


def load(name: str, *, history: bool = False, backend: str = "pandas", path: str | Path | None = None) -> Any:
    """Table ``name`` as a typed DataFrame (active claims only unless ``history=True``).

    ``backend="polars"`` returns a polars DataFrame with the same columns and types (``Int64``,
    ``Date``, ``Enum``, ``String``); it needs ``pip install '.[polars]'``. ``path`` is a package
    folder (or its ``datapackage.json``) to read instead of the installed package.
    """
    from idlibstats.frames.loading import load as _load

    return _load(name, history=history, backend=backend, path=path)


def schema(name: str, *, path: str | Path | None = None) -> pa.DataFrameSchema:
    """The pandera ``DataFrameSchema`` of table ``name``, built from ``datapackage.json`` (``path``: another package)."""
    from idlibstats.rules.schemas import schema as _schema

    return _schema(name, path=path)


def compare(table: str, *, within_days: int = 0, single: bool = False, **filters: Any) -> Any:
    """Every active claim of ``table`` about the same quantity, lined up (see :mod:`idlibstats.faces.comparison`)."""
    from idlibstats.faces.comparison import compare as _compare

    return _compare(table, within_days=within_days, single=single, **filters)


def cite(table: str | None = None, *, bibtex: bool = False, path: str | Path | None = None) -> str:
    """How to cite the package and the sources behind ``table``'s rows (all sources if ``None``; ``path``: another package).

    >>> print(cite("casualties").splitlines()[0])
    Cite the package, with the version you used:
    """
    from idlibstats.faces.citation import cite as _cite

    return _cite(table, bibtex=bibtex, path=path)


def export(
    out: str | Path, *, format: str = "hxl", tables: Sequence[str] | None = None, path: str | Path | None = None
) -> list[Path]:
    """Write the tables (default: all) into folder ``out`` as ``"hxl"``, ``"csv"`` or ``"parquet"`` files.

    ``path`` is a package folder (or its ``datapackage.json``) to export instead of the installed package.
    """
    from idlibstats.faces.exporting import export as _export

    return _export(out, format=format, tables=tables, path=path)


def validate(
    path: str | Path | None = None, *, against: str | Path | None = None, limit_errors: int | None = None
) -> Report:
    """Check a data package line by line (``None``: the shipped one); a :class:`Report`, never an exception.

    ``path`` is a folder holding ``datapackage.json``, or the descriptor itself.
    ``Report.valid`` says whether it passed; ``Report.errors`` lists every finding with its
    ``type``, ``resource``, ``path``, ``line``, ``field``, ``value`` and ``message``. ``against``
    (an earlier package folder, or a git revision of this repository) also reports every published
    claim of it changed or removed without a revision row.
    """
    from idlibstats.validation.engine import validate as _validate

    return _validate(path, against=against, limit_errors=limit_errors)


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from idlibstats.package.folder import DataPackage

        return DataPackage.shipped().version
    raise AttributeError(f"module 'idlibstats' has no attribute {name!r}")
