"""Writing output files safely: to a temporary file beside the target, then renamed into place.

An interrupted run leaves the previous output intact, and nothing is ever written inside a
data package (the shipped one or a checkout's ``data/``, ``seeds/`` and ``datapackage.json``).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from idlibstats.errors import IdlibstatsError


class OutputRefused(IdlibstatsError):
    """An output path that would overwrite the package's own data."""

    code = "output-refused"


@contextmanager
def atomic_file(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:  # type: ignore[type-arg]
    """Open a temporary file next to ``path``; on success rename it over ``path``, on failure remove it."""
    target = Path(path)
    refuse_package_paths(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    binary = "b" in mode
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, mode, **({} if binary else {"encoding": encoding, "newline": ""})) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, file_mode(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def file_mode(target: Path) -> int:
    """The permissions the output should have: the replaced file's, else what a plain open() would give.

    (``mkstemp`` creates its file readable by its owner only, which would leave exports and site
    pages unreadable to a web server or other users.)
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_file(path, "wb", encoding=None) as stream:
        stream.write(data)


def write_text(path: str | Path, text: str) -> None:
    with atomic_file(path, "w") as stream:
        stream.write(text)


def refuse_package_paths(target: Path) -> None:
    """Refuse any target inside a data package: the shipped one, or a folder holding a datapackage.json."""
    from idlibstats.package.folder import DESCRIPTOR, shipped_root

    resolved = target.resolve()
    roots = []
    try:
        roots.append(shipped_root().resolve())
    except IdlibstatsError:
        pass
    roots += [parent for parent in resolved.parents if (parent / DESCRIPTOR).is_file()]
    for root in roots:
        protected = [root / DESCRIPTOR, root / "data", root / "seeds"]
        if any(resolved == p or p in resolved.parents for p in protected):
            message = f"refusing to write {target}: it is part of the data package at {root}; choose another --out"
            raise OutputRefused(message, path=str(target))
