"""Find a data package and read its descriptor and files.

The package shipped in the wheel lives in ``idlibstats/_package`` and is found with
``importlib.resources``, never through the working directory. In a source checkout
(an editable install) the repository root, found from this file's own location,
plays the same part.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from idlibstats.errors import DescriptorError, PackageNotFound, UnknownTable

DESCRIPTOR = "datapackage.json"
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
        """Open a package from its folder or from the path of its descriptor."""
        path = Path(path)
        descriptor_path = path if path.is_file() else path / DESCRIPTOR
        if not descriptor_path.is_file():
            message = f"no {DESCRIPTOR} at {path}; expected a package folder or the descriptor itself"
            raise PackageNotFound(message, path=str(path))
        return cls(descriptor_path.parent, read_descriptor(descriptor_path))

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


def read_descriptor(path: Path) -> dict[str, Any]:
    """Parse a descriptor file, turning every way it can be unreadable into a ``DescriptorError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DescriptorError(f"cannot read the descriptor: {error}", path=str(path)) from None
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"the descriptor is not valid JSON: {error.msg}"
        raise DescriptorError(message, path=str(path), line=error.lineno) from None
    if not isinstance(descriptor, dict):
        raise DescriptorError("the descriptor must be a JSON object", path=str(path))
    return descriptor


def shipped_root() -> Path:
    """The folder of the package installed with ``idlibstats`` (or the checkout's root)."""
    candidate = resources.files("idlibstats").joinpath(SHIPPED_FOLDER)
    if isinstance(candidate, Path) and (candidate / DESCRIPTOR).is_file():
        return candidate
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / DESCRIPTOR).is_file():
        return checkout
    message = "the installed idlibstats has no data; reinstall it from a wheel (pip install idlibstats)"
    raise PackageNotFound(message)
