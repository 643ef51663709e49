"""Data packages at git revisions of this repository, read with the ``git`` command (no network).

A revision's package is extracted with ``git archive`` (``datapackage.json``, ``data/``, ``seeds/``
and ``CHANGELOG.md``) into a temporary folder; the working tree is never touched.
:func:`previous_release` walks the first-parent history to find where the previous data version
began, which is what CI compares a release with.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
from pathlib import Path

from idlibstats.errors import (
    NotAGitCheckout,
    ShallowHistory,
    UnknownRevision,
)
from idlibstats.package.folder import DESCRIPTOR, DataPackage

ARCHIVED = (DESCRIPTOR, "data", "seeds", "CHANGELOG.md")


def run_git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise NotAGitCheckout("git is not installed; give package folders instead of git revisions") from None


def toplevel(start: str | Path = ".") -> Path:
    """The root of the git checkout holding ``start``."""
    result = run_git(Path(start), "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        message = (f"{Path(start).resolve()} is not inside a git checkout, so git revisions cannot be read; "
                   "run from a clone of the repository or give package folders")
        raise NotAGitCheckout(message, path=str(start))
    return Path(result.stdout.decode().strip())


def resolve(revision: str, root: Path) -> str:
    """The full commit id of ``revision`` in the checkout at ``root``."""
    result = None if revision.startswith("-") else run_git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                                                           f"{revision}^{{commit}}")
    if result is None or result.returncode != 0:
        message = (f"{revision!r} is neither a package folder nor a revision of the git repository at {root} "
                   "(for a branch of a fresh clone, try origin/NAME; in CI, fetch the history with fetch-depth 0)")
        raise UnknownRevision(message, value=revision)
    return result.stdout.decode().strip()


def descriptor_at(commit: str, root: Path) -> dict | None:  # type: ignore[type-arg]
    """``datapackage.json`` as it was at ``commit``, or ``None`` where it did not exist or did not parse."""
    result = run_git(root, "show", f"{commit}:{DESCRIPTOR}")
    if result.returncode != 0:
        return None
    try:
        descriptor = json.loads(result.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return descriptor if isinstance(descriptor, dict) else None


def extract(revision: str, destination: Path, root: Path | None = None) -> DataPackage:
    """Extract the package at ``revision`` into the empty folder ``destination`` and open it."""
    root = toplevel(root or ".")
    commit = resolve(revision, root)
    listing = run_git(root, "ls-tree", "--name-only", commit)
    present = set(listing.stdout.decode().splitlines())
    if DESCRIPTOR not in present:
        raise UnknownRevision(f"revision {revision!r} ({commit[:12]}) has no {DESCRIPTOR}", value=revision)
    archive = run_git(root, "archive", "--format=tar", commit, "--", *[p for p in ARCHIVED if p in present])
    if archive.returncode != 0:
        message = f"git archive failed for {revision!r}: {archive.stderr.decode(errors='replace').strip()}"
        raise UnknownRevision(message, value=revision)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(destination, filter="data")
        else:  # Python before 3.10.12: git archive of our own files holds plain files and folders only
            tar.extractall(destination, members=[m for m in tar.getmembers() if m.isfile() or m.isdir()])
    return DataPackage.open(destination)


def is_shallow(root: Path) -> bool:
    return run_git(root, "rev-parse", "--is-shallow-repository").stdout.decode().strip() == "true"


def previous_release(version: str, root: Path | None = None, head: str = "HEAD") -> str | None:
    """The commit where the data version before ``version`` began, in ``head``'s first-parent history.

    Walking back from ``head``: skip the commits at ``version``, then the run of commits at the
    version before it, and return the oldest commit of that run (so data committed at the old
    version just before the bump counts as part of the new release). ``None`` when no earlier
    version exists (the first release), including commits that had no ``datapackage.json``.
    """
    root = toplevel(root or ".")
    if is_shallow(root):
        message = ("the checkout's history is shallow, so the previous version cannot be found; "
                   "fetch it all (git fetch --unshallow, or fetch-depth: 0 in GitHub Actions)")
        raise ShallowHistory(message)
    listing = run_git(root, "rev-list", "--first-parent", resolve(head, root))
    commits = listing.stdout.decode().split()
    versions = (version_of(descriptor_at(commit, root)) for commit in commits)
    previous: str | None = None
    start: str | None = None
    for commit, at in zip(commits, versions):
        if start is None:
            if at != version:
                if at is None:
                    return None
                previous, start = at, commit
        elif at == previous:
            start = commit
        else:
            break
    return start


def version_of(descriptor: dict | None) -> str | None:  # type: ignore[type-arg]
    if descriptor is None or not isinstance(descriptor.get("version"), str):
        return None
    return str(descriptor["version"])
