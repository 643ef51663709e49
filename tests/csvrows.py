"""Craft rows in a package copy's CSV files: read them as dicts, change them, write them back."""

from __future__ import annotations

import csv
from pathlib import Path

from idlibstats.package.folder import DataPackage


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


class Table:
    """A table of a package copy, held as rows of text to edit, then saved."""

    def __init__(self, package: DataPackage, name: str) -> None:
        self.path = package.path_of(package.resource(name)["path"])
        self.header, self.rows = read(self.path)

    def row(self, key: str) -> dict[str, str]:
        return next(r for r in self.rows if r[self.header[0]] == key)

    def copy(self, key: str, new_key: str, **cells: str) -> dict[str, str]:
        """Append a copy of row ``key`` under ``new_key`` with ``cells`` changed; return it."""
        row = dict(self.row(key), **{self.header[0]: new_key}, **cells)
        self.rows.append(row)
        return row

    def correct(self, key: str, new_key: str, **cells: str) -> dict[str, str]:
        """The revision protocol: a correction row superseding ``key``, and ``key`` marked superseded."""
        row = self.copy(key, new_key, supersedes=key, status="active", notes=f"Correction: {new_key} fixes {key}.")
        row.update(cells)
        self.row(key)["status"] = "superseded"
        return row

    def withdraw(self, key: str, reason: str = "the figure counts another event.") -> None:
        row = self.row(key)
        row["status"] = "withdrawn"
        row["notes"] = f"{row['notes']} Withdrawn: {reason}".strip()

    def delete(self, key: str) -> None:
        self.rows.remove(self.row(key))

    def save(self) -> None:
        write(self.path, self.header, self.rows)


def line_of(path: Path, key: str) -> int:
    """The physical line (header = 1) where the row whose first cell is ``key`` begins."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key},"):
            return number
    raise AssertionError(f"{key} not in {path}")
