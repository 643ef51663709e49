"""Find a data package and read its descriptor and files.

The package shipped in the wheel lives in ``idlibstats/_package`` and is found with
``importlib.resources``, never through the working directory. In a source checkout
(an editable install) the repository root, found from this file's own location,
plays the same part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from idlibstats.errors import (
    DescriptorError,
    IdlibstatsError,
    PackageNotFound,
    UnknownTable,
)
from idlibstats.findings import Finding
from idlibstats.package.descriptor import DESCRIPTOR, package_error, problems, read_json

if TYPE_CHECKING:
    from idlibstats.package.contract import Table

SHIPPED_FOLDER = "_package"


class DataPackage:
    """A data package on disk: a folder holding ``datapackage.json`` and the files it names."""

    def __init__(self, root: Path, descriptor: dict[str, Any]) -> None:
        self.root = root
        self.descriptor = descriptor

    @classmethod
    def shipped(cls) -> DataPackage:
        """The package that ships inside the installed ``idlibstats``."""
        return cls.open(shipped_root())

    @classmethod
    def open(cls, path: str | Path) -> DataPackage:
        """Open a package from its folder or from the path of its descriptor.

        Refuses, with the message ``idlibstats validate`` gives, whatever makes the descriptor unusable.
        """
        opened = open_package(path, tables=False)
        if opened.package is None:
            first = opened.findings[0]
            if first.type == "package-error" and opened.root is None:
                raise PackageNotFound(first.message, path=first.path)
            raise DescriptorError(first.message, path=first.path or DESCRIPTOR, value=first.value)
        return opened.package

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", ""))

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    def resource_names(self) -> list[str]:
        return [r["name"] for r in self.descriptor.get("resources", []) if isinstance(r, dict) and "name" in r]

    def resource(self, name: str) -> dict[str, Any]:
        for resource in self.descriptor.get("resources", []):
            if isinstance(resource, dict) and resource.get("name") == name:
                return resource
        message = f"no table named {name!r}; the package has: {', '.join(self.resource_names())}"
        raise UnknownTable(message, value=name)

    def path_of(self, relative: str) -> Path:
        """The file at ``relative`` (a POSIX path inside the package), refusing any path that leaves it."""
        pure = PurePosixPath(relative)
        if pure.is_absolute() or ".." in pure.parts or "\\" in relative or not relative:
            message = f"path {relative!r} leaves the package folder; paths must be relative and stay inside it"
            raise DescriptorError(message, path=DESCRIPTOR, value=relative)
        return self.root.joinpath(*pure.parts)


@dataclass
class Opened:
    """A package found and checked: the package and its tables, or the findings that make it unusable."""

    root: Path | None
    package: DataPackage | None = None
    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def open_package(path: str | Path | None, *, tables: bool = True) -> Opened:
    """Locate, read and check the descriptor at ``path`` (a folder or the file; ``None``: the shipped package).

    With ``tables``, the contract of every table is parsed too (as ``idlibstats validate`` needs it).
    """
    located = locate(path)
    if isinstance(located, Finding):
        return Opened(None, findings=[located])
    descriptor_path = located
    root = descriptor_path.parent
    descriptor = read_json(descriptor_path)
    if isinstance(descriptor, Finding):
        return Opened(root, findings=[descriptor])
    found = problems(root, descriptor)
    if found:
        return Opened(root, findings=found)
    package = DataPackage(root, descriptor)
    if not tables:
        return Opened(root, package=package)
    from idlibstats.package.contract import tables as parse_tables

    return Opened(root, package=package, tables=parse_tables(package))


def locate(path: str | Path | None) -> Path | Finding:
    if path is None:
        try:
            return shipped_root() / DESCRIPTOR
        except IdlibstatsError as error:
            return package_error(error.message)
    path = Path(path)
    try:
        candidate = path / DESCRIPTOR if path.is_dir() else path
        found = candidate.is_file()
    except (OSError, ValueError):
        found = False
    if not found:
        return package_error(f"no {DESCRIPTOR} at {path}; give a package folder or the descriptor itself",
                             path=str(path))
    return candidate


def shipped_root() -> Path:
    """The folder of the package installed with ``idlibstats`` (or the checkout's root)."""
    candidate = resources.files("idlibstats").joinpath(SHIPPED_FOLDER)
    if isinstance(candidate, Path) and (candidate / DESCRIPTOR).is_file():
        return candidate
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / DESCRIPTOR).is_file():
        return checkout
    message = "the installed idlibstats has no data; reinstall it from a wheel (pip install idlibstats)"
    raise PackageNotFound(message)
