"""Writing output files safely: to a temporary file beside the target, then renamed into place.

An interrupted run leaves the previous output intact, and nothing is ever written inside a
data package (the shipped one or a checkout's ``data/``, ``seeds/`` and ``datapackage.json``).
A path that cannot be written is refused before anything is written, with one line saying
why (:class:`~idlibstats.errors.OutputRefused`): an empty path, a file whose folder does not
exist, a folder where a file is expected or a file where a folder is, a folder not writable.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from idlibstats.errors import IdlibstatsError, OutputRefused


@contextmanager
def atomic_file(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:  # type: ignore[type-arg]
    """Open a temporary file next to ``path``; on success rename it over ``path``, on failure remove it.

    The folder of ``path`` must exist (see :func:`output_folder` for outputs that are folders).
    """
    target = output_file(path)
    binary = "b" in mode
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise refused(target, error) from None
    try:
        with (os.fdopen(handle, mode) if binary else os.fdopen(handle, mode, encoding=encoding, newline="")) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, file_mode(target))
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise refused(target, error) from None
        raise


def output_file(path: str | Path) -> Path:
    """``path`` as a file to write, or :class:`OutputRefused` saying why it cannot be one."""
    target = named(path)
    if target.is_dir():
        raise OutputRefused("this is a folder; name a file to write", path=str(target))
    if not target.parent.is_dir():
        missing = target.parent
        for ancestor in target.parent.parents:  # the outermost ancestor that is not a folder
            if ancestor.is_dir():
                break
            missing = ancestor
        what = "is not a folder" if missing.exists() else "does not exist"
        message = f"cannot write here: the folder {missing} {what}; create it first or choose another path"
        raise OutputRefused(message, path=str(target))
    refuse_package_paths(target)
    return target


def folder_target(path: str | Path) -> Path:
    """``path`` as a folder to write into (not created yet), or :class:`OutputRefused` saying why it cannot be."""
    folder = named(path)
    if folder.exists() and not folder.is_dir():
        raise OutputRefused("this is a file, not a folder; name a folder to write into", path=str(folder))
    refuse_package_paths(folder / "x")
    return folder


def output_folder(path: str | Path) -> Path:
    """``path`` as a folder to write into, created with its parents, or :class:`OutputRefused`."""
    folder = folder_target(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise refused(folder, error) from None
    return folder


def named(path: str | Path) -> Path:
    if not str(path).strip():
        raise OutputRefused("the output path is empty; name a file or folder with --out")
    return Path(path)


def refused(target: Path, error: OSError) -> OutputRefused:
    reason = error.strerror or str(error)
    return OutputRefused(f"cannot write here: {reason}; choose another path", path=str(target))


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


def write_text(path: str | Path, text: str) -> Path:
    with atomic_file(path, "w") as stream:
        stream.write(text)
    return Path(path)


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
