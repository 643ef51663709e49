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
    from pathlib import Path

    import pandera.pandas as pa

    from idlibstats.validation.report import Report

__all__ = ["descriptor", "load", "schema", "tables", "validate", "__version__"]


def tables() -> list[str]:
    """The names of the package's tables, in descriptor order."""
    from idlibstats.package import DataPackage

    return DataPackage.shipped().resource_names()


def descriptor() -> dict[str, Any]:
    """The package's ``datapackage.json`` as a dict (a fresh copy each call)."""
    from idlibstats.package import DataPackage

    return DataPackage.shipped().descriptor


def load(name: str, *, history: bool = False, backend: str = "pandas") -> Any:
    """Table ``name`` as a typed DataFrame (active claims only unless ``history=True``)."""
    from idlibstats.loading import load as _load

    return _load(name, history=history, backend=backend)


def schema(name: str) -> pa.DataFrameSchema:
    """The pandera ``DataFrameSchema`` of table ``name``, built from ``datapackage.json``."""
    from idlibstats.schemas import schema as _schema

    return _schema(name)


def validate(path: str | Path | None = None, *, limit_errors: int | None = None) -> Report:
    """Check a data package line by line (``None``: the shipped one); a :class:`Report`, never an exception.

    ``path`` is a folder holding ``datapackage.json``, or the descriptor itself.
    ``Report.valid`` says whether it passed; ``Report.errors`` lists every finding with its
    ``type``, ``resource``, ``path``, ``line``, ``field``, ``value`` and ``message``.
    """
    from idlibstats.validation.engine import validate as _validate

    return _validate(path, limit_errors=limit_errors)


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from idlibstats.package import DataPackage

        return DataPackage.shipped().version
    raise AttributeError(f"module 'idlibstats' has no attribute {name!r}")
