"""Step 3: every check of the contract and the rules, run over :class:`~idlibstats.frames.reader.Records`.

Each column is read as its field says (the texts of its ``missingValues`` are missing; with
``missingValues: []`` an empty cell is the empty text), then cast, once per distinct text, with
the strict casts of :mod:`idlibstats.frames.casting`; a cell that does not cast is a ``type-error``
and is left missing for every later check, so one bad cell never hides another. Then the
constraints, keys (primary, unique), foreign keys and the cross-field rules of
:mod:`idlibstats.rules.registry` run on what remains. Every finding keeps the line where its row
starts. The file itself is checked against the resource's ``bytes`` and ``hash``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idlibstats.findings import Finding, show
from idlibstats.frames import keys
from idlibstats.frames.reader import Column, Records
from idlibstats.package.contract import Field, ForeignKey, Table
from idlibstats.package.descriptor import FALSE_VALUES, MISSING_VALUES, TRUE_VALUES, hash_of
from idlibstats.rules.wording import WORDING, reads_wordings

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

    import numpy as np
    import pandas as pd

    from idlibstats.package.folder import DataPackage
    from idlibstats.rules.registry import Rule

FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


@dataclass
class Typed:
    """One field's column cast once per distinct text: ``typed`` and ``ok`` run parallel to ``column.uniques``."""

    field: Field
    column: Column
    typed: pd.Series
    ok: np.ndarray  # the text cast to the field's type (and is in its enum)

    def rows(self, bad: np.ndarray) -> np.ndarray:
        """The rows whose text is flagged in ``bad`` (one flag per distinct text)."""
        import numpy as np

        bad = bad & self.column.used
        if not bad.any():
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(np.append(bad, False)[self.column.codes])

    def key_codes(self) -> np.ndarray:
        """Per row, a number equal for equal typed values (-1: empty, or did not cast)."""
        import numpy as np
        import pandas as pd

        if not self.column.distinct:  # one text per row, repeats and all: number the values now
            return self.row_key_codes()
        if self.field.type == "string" and self.ok.all():  # every text is its own value
            return self.column.codes
        if self.field.type == "string":
            canonical = np.arange(len(self.ok))
        else:
            canonical = pd.factorize(self.typed, use_na_sentinel=True)[0]
        canonical = np.where(self.ok, canonical, -1)
        return np.append(canonical, -1)[self.column.codes]

    def row_key_codes(self) -> np.ndarray:
        """:meth:`key_codes` of a column holding each row's own text."""
        import numpy as np
        import pandas as pd

        if self.field.type == "string" and self.column.arrow is not None:
            canonical = text_numbers(self.column.arrow)
        else:
            canonical = pd.factorize(self.typed, use_na_sentinel=True)[0]
        return np.where(self.ok & self.column.used, canonical, -1).astype(np.int64)

    def frame_column(self) -> pd.Series:
        """The typed value of every row, as :func:`idlibstats.load` types it."""
        import pandas as pd

        if not self.column.distinct:  # one value per row already
            return pd.Series(self.typed.array)
        codes = self.column.codes
        if self.column.wide and in_sequence(codes):  # rows each with a new text, in order: a slice, not a copy
            return pd.Series(self.typed.array[int(codes[0]):int(codes[-1]) + 1])
        return self.taken(codes)

    def values_at(self, positions: np.ndarray) -> pd.Series:
        """:meth:`frame_column` at the row ``positions`` only."""
        import pandas as pd

        if not self.column.distinct:
            return pd.Series(self.typed.array.take(positions))
        return self.taken(self.column.codes[positions])

    def taken(self, codes: np.ndarray) -> pd.Series:
        """The typed values of the texts ``codes`` number (-1: missing)."""
        import pandas as pd

        return pd.Series(self.typed.array.take(codes, allow_fill=bool((codes < 0).any())))


def text_numbers(texts: Any) -> np.ndarray:
    """Per text of a pyarrow string array, a number equal for equal texts (-1 for a missing one).

    Identifiers mostly all differ: when no text repeats, each text's position serves as its number,
    and no index of the texts is built.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if all_differ(texts):
        numbers = np.arange(len(texts), dtype=np.int64)
        if texts.null_count:
            numbers[pc.is_null(texts).to_numpy(zero_copy_only=False)] = -1
        return numbers
    indices = pc.dictionary_encode(texts).indices
    return pc.fill_null(indices, pa.scalar(-1, indices.type)).to_numpy(zero_copy_only=False)


def all_differ(texts: Any) -> bool:
    """Whether no two present texts of a pyarrow string array are equal.

    Identifiers are mostly numbered in order: texts that rise strictly from row to row (compared
    byte by byte) all differ, which one comparison of neighbours tells. Otherwise the distinct texts
    are counted.
    """
    import pyarrow.compute as pc

    if not texts.null_count and len(texts) > 1 \
            and pc.all(pc.less(texts.slice(0, len(texts) - 1), texts.slice(1))).as_py():
        return True
    return len(pc.unique(texts)) - (1 if texts.null_count else 0) == len(texts) - texts.null_count


def in_sequence(codes: np.ndarray) -> bool:
    """Whether ``codes`` count up by one from the first row to the last."""
    import numpy as np

    return len(codes) > 0 and int(codes[-1]) - int(codes[0]) == len(codes) - 1 and bool((np.diff(codes) == 1).all())


@dataclass
class Checked:
    """A table after its own checks: what the cross-table checks need, and what was found."""

    table: Table
    records: Records
    blank: np.ndarray
    typed: dict[str, Typed] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unlisted: int = 0  # findings counted but not made, beyond the limit of each check

    def finding(self, type_: str, row: int | None, message: str, field_name: str | None = None,
                value: str | None = None) -> Finding:
        line = self.records.header_line if row is None else int(self.records.lines[row])  # type: ignore[index]
        return Finding(type=type_, resource=self.table.name, path=self.table.path, line=line, field=field_name,
                       value=value, message=message)

    def per_row(self, type_: str, rows: np.ndarray, field_name: str | None, value: Callable[[int], str | None],
                message: Callable[[str | None], str], cap: int | None) -> list[Finding]:
        """A finding for each of ``rows`` (the first ``cap`` of them), messages made once per distinct value."""
        said: dict[str | None, str] = {}
        found = []
        self.unlisted += len(rows[cap:]) if cap is not None else 0
        for row in rows[:cap]:
            text = value(int(row))
            if text not in said:
                said[text] = message(text)
            found.append(self.finding(type_, int(row), said[text], field_name, text))
        return found

    def distinct_codes(self, name: str) -> tuple[np.ndarray, int] | None:
        """Per row of :meth:`frame`'s column ``name``, a number (-1: missing) and how many numbers there are.

        Rows with equal numbers hold equal values. Texts the reader kept one per row keep their row
        numbers (equal texts then differ in number): rules judge those once per row, without hashing them.
        """
        typed = self.typed.get(name)
        if typed is None:
            return None
        if not typed.column.distinct and typed.field.type == "string" and typed.ok.all():
            return typed.column.codes, typed.column.count
        return typed.key_codes(), len(typed.ok)

    def frame(self, names: Collection[str] | None = None) -> pd.DataFrame:
        """The table as a typed frame (the dtypes of :func:`idlibstats.load`), one row per CSV row.

        ``names``: only these of its fields, in the table's order (``None``: all of them).
        """
        import pandas as pd

        columns = {f.name: self.whole_column(f) for f in self.table.fields if names is None or f.name in names}
        return pd.DataFrame(columns, index=pd.RangeIndex(self.records.rows), copy=False)

    def whole_column(self, f: Field) -> pd.Series:
        if f.name in self.typed:
            return self.typed[f.name].frame_column()
        return missing_column(f, self.records.rows)

    def values_at(self, name: str, positions: np.ndarray) -> pd.Series | None:
        """Field ``name``'s typed values at the row ``positions``, as :meth:`frame` would hold them (``None``: no such field)."""
        if name in self.typed:
            return self.typed[name].values_at(positions)
        if name not in self.table.field_names:
            return None
        return missing_column(self.table.field(name), len(positions))


def missing_column(f: Field, rows: int) -> pd.Series:
    """``rows`` missing values of ``f``'s type: a column the file lacks (reported as missing-label)."""
    import pandas as pd

    from idlibstats.frames.loading import typed_column

    return typed_column(pd.Series([pd.NA] * rows, dtype=object), f)[0]


def check_table(table: Table, records: Records, cap: int | None) -> Checked:
    """Every check of ``table`` that needs no other table."""
    import numpy as np

    blank = records.blank() if records.readable else np.zeros(0, dtype=bool)
    checked = Checked(table, records, blank)
    if not records.readable:
        return checked
    checked.findings += header_findings(checked)
    checked.findings += row_findings(checked, cap)
    for j, f in enumerate(table.fields[:records.width]):
        absent = blank if records.counts is None else blank | (records.counts <= j)
        checked.typed[f.name] = cast_column(f, with_missing_values(records.columns[j], f, absent))
        checked.findings += cell_findings(checked, checked.typed[f.name], cap)
    checked.findings += key_findings(checked, cap)
    return checked


def header_findings(checked: Checked) -> list[Finding]:
    """Each header cell against the field at its position, as frictionless judges them (one finding per cell)."""
    header = checked.records.header or []
    names = checked.table.field_names
    found = []
    for j in range(max(len(header), len(names))):
        if j >= len(header):
            found.append(checked.finding("missing-label", None, f"the header has no column {names[j]!r} "
                                         f"(field {j + 1} of {len(names)})", names[j]))
        elif j >= len(names):
            found.append(checked.finding("extra-label", None, f"header cell {j + 1}, {show(header[j])}, is not a "
                                         f"field of the schema, which has {len(names)}", None, header[j]))
        elif not header[j]:
            found.append(checked.finding("blank-label", None, f"header cell {j + 1} is empty; expected "
                                         f"{names[j]!r}", names[j], header[j]))
        elif header[j] in header[:j]:
            first = header.index(header[j]) + 1
            found.append(checked.finding("duplicate-label", None, f"header cell {j + 1}, {show(header[j])}, "
                                         f"repeats header cell {first}; expected {names[j]!r}", names[j], header[j]))
        elif header[j] != names[j]:
            found.append(checked.finding("incorrect-label", None, f"header cell {j + 1} is {show(header[j])}; "
                                         f"expected {names[j]!r}", names[j], header[j]))
    return found


def row_findings(checked: Checked, cap: int | None) -> list[Finding]:
    import numpy as np

    records, names = checked.records, checked.table.field_names
    found = checked.per_row("blank-row", np.flatnonzero(checked.blank), None, lambda row: None,
                            lambda _: "the row is empty; delete the line", cap)
    if records.counts is None:
        return found
    counts, width = records.counts, records.width
    short = np.flatnonzero((counts < width) & ~checked.blank)
    long_ = sorted(r for r, cells in records.extras.items() if not checked.blank[r])
    checked.unlisted += len(short[cap:]) + len(long_[cap:]) if cap is not None else 0
    for row in short[:cap]:
        missing = [names[j] if j < len(names) else f"column {j + 1}" for j in range(int(counts[row]), width)]
        found.append(checked.finding("missing-cell", int(row), f"the row has {counts[row]} cells, the header "
                                     f"{width}: {len(missing)} missing ({', '.join(missing)})", missing[0]))
    for row in long_[:cap]:
        extra = records.extras[row]
        listed = ", ".join(show(c or None) for c in extra[:3]) + (", ..." if len(extra) > 3 else "")
        found.append(checked.finding("extra-cell", row, f"the row has {counts[row]} cells, the header {width}: "
                                     f"{len(extra)} extra ({listed})", None, extra[0]))
    return found


def with_missing_values(column: Column, f: Field, absent: np.ndarray) -> Column:
    """``column`` as field ``f`` reads it: the texts of its ``missingValues`` missing (code -1).

    When the empty text is not one of them (``missingValues: []``), an empty cell holds the text
    ``""``, except where ``absent`` (a row too short to hold the cell, or a blank row: reported as
    such). The distinct texts are renumbered without the missing ones.
    """
    import numpy as np

    if f.missing_values == MISSING_VALUES:
        return column
    missing = set(f.missing_values)
    texts = [str(t) for t in column.uniques]
    keep = [i for i, text in enumerate(texts) if text not in missing]
    remap = np.full(len(texts) + 1, -1, dtype=np.int64)  # the last entry: for cells with no text (code -1)
    remap[keep] = np.arange(len(keep))
    kept = [texts[i] for i in keep]
    if "" not in missing:
        remap[-1] = len(kept)
        kept.append("")
    codes = remap[column.codes]
    if "" not in missing:
        codes[absent] = -1
    uniques = np.empty(len(kept), dtype=object)
    uniques[:] = kept
    recoded = Column(codes.astype(np.int32), uniques)
    recoded.__dict__["used"] = np.bincount(codes[codes >= 0], minlength=len(kept)) > 0  # Column.used, known here
    return recoded


def cast_column(f: Field, column: Column) -> Typed:
    """Cast the distinct texts of ``column`` to ``f``'s type (strict ISO formats), enums as categoricals."""
    import numpy as np
    import pandas as pd

    from idlibstats.frames import casting
    from idlibstats.frames.loading import enumerated

    if f.type == "string" and column.wide:  # an identifier column: rows will copy its texts, in Arrow
        typed = pd.Series(pd.arrays.ArrowStringArray(column.arrow))
        ok = np.ones(len(typed), dtype=bool)
    elif f.type == "string":  # any text is a string: kept as Python strings, which the rows will share
        typed = pd.Series(column.uniques, dtype=pd.StringDtype("python"))
        ok = np.ones(len(typed), dtype=bool)
    else:
        texts = pd.Series(pd.arrays.ArrowStringArray(column.arrow)) if column.arrow is not None \
            else pd.Series(column.uniques, dtype=object)  # the fast reader's texts stay in Arrow
        typed, failed = casting.cast(texts, f)
        ok = ~failed.to_numpy(dtype=bool)
    if f.enum is not None:
        typed, outside = enumerated(typed, f)
        ok &= ~outside.to_numpy(dtype=bool)
    return Typed(f, column, typed.reset_index(drop=True), ok)


def cell_findings(checked: Checked, typed: Typed, cap: int | None) -> list[Finding]:
    """type-error, constraint-error and formula-like-value for one field."""
    import numpy as np

    from idlibstats.frames.loading import describe_type

    f, column = typed.field, typed.column
    value = column.value
    found = []

    def flag(type_: str, bad: np.ndarray, message: Callable[[str | None], str]) -> None:
        if bad.any():
            found.extend(checked.per_row(type_, typed.rows(bad), f.name, value, message, cap))

    cast_failed = ~typed.ok
    if f.type == "boolean" and (f.true_values, f.false_values) != (TRUE_VALUES, FALSE_VALUES):
        words = f"neither true ({', '.join(f.true_values) or 'no text'}) nor false ({', '.join(f.false_values) or 'no text'})"
        flag("type-error", cast_failed, lambda v: f"{show(v)} is {words}")
    elif f.enum is None:
        flag("type-error", cast_failed, lambda v: f"{show(v)} is not {describe_type(f)}")
    else:
        type_failed = type_failures(column.uniques, f) if f.type != "string" else np.zeros(column.count, dtype=bool)
        flag("type-error", type_failed, lambda v: f"{show(v)} is not {describe_type(Field(f.name, f.type))}")
        flag("constraint-error", cast_failed & ~type_failed,
             lambda v: f"{show(v)} is not one of the allowed values: {', '.join(f.enum or ())}")
    for bad, message in constraint_failures(typed):
        flag("constraint-error", bad & typed.ok, message)
    if f.is_free_text:
        flag("formula-like-value", formula_like(column),
             lambda v: f"{show(v)} begins with {(v or ' ')[0]!r}, which a spreadsheet may run as a formula")
    found += required_findings(checked, typed, cap)
    return found


def type_failures(texts: np.ndarray, f: Field) -> np.ndarray:
    """Which texts do not cast to ``f``'s type, the enum aside."""
    import pandas as pd

    from idlibstats.frames import casting

    return casting.cast(pd.Series(texts, dtype=object), f)[1].to_numpy(dtype=bool)


def constraint_failures(typed: Typed) -> list[tuple[np.ndarray, Callable[[str | None], str]]]:
    """Per constraint of the field, the distinct texts that break it and how to say so."""
    f, column = typed.field, typed.column
    failures: list[tuple[np.ndarray, Callable[[str | None], str]]] = []
    if f.pattern is not None:
        failures.append((~full_matches(column, f.pattern),
                         lambda v: f"{show(v)} does not match the pattern {f.pattern}"))
    if f.minimum is not None:
        below = (typed.typed < logical(f.minimum, f)).fillna(False).to_numpy(dtype=bool)
        failures.append((below, lambda v: f"{v} is below the minimum {f.minimum}"))
    if f.maximum is not None:
        above = (typed.typed > logical(f.maximum, f)).fillna(False).to_numpy(dtype=bool)
        failures.append((above, lambda v: f"{v} is above the maximum {f.maximum}"))
    if f.exclusive_minimum is not None:
        low = (typed.typed <= logical(f.exclusive_minimum, f)).fillna(False).to_numpy(dtype=bool)
        failures.append((low, lambda v: f"{v} is not above the exclusive minimum {f.exclusive_minimum}"))
    if f.exclusive_maximum is not None:
        high = (typed.typed >= logical(f.exclusive_maximum, f)).fillna(False).to_numpy(dtype=bool)
        failures.append((high, lambda v: f"{v} is not below the exclusive maximum {f.exclusive_maximum}"))
    if f.values is not None:
        allowed = [logical(v, f) for v in f.values]
        outside = (~typed.typed.isin(allowed) & typed.typed.notna()).fillna(False).to_numpy(dtype=bool)
        listed = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in f.values)
        failures.append((outside, lambda v: f"{show(v)} is not one of the allowed values: {listed}"))
    if f.min_length is not None:
        short = lengths(column) < f.min_length
        failures.append((short, lambda v: f"{show(v)} is shorter than {f.min_length} characters"))
    if f.max_length is not None:
        long_ = lengths(column) > f.max_length
        failures.append((long_, lambda v: f"{show(v)} is longer than {f.max_length} characters"))
    return failures


def logical(value: Any, f: Field) -> Any:
    """A constraint's value as the field's typed column holds it (a date as a timestamp)."""
    import pandas as pd

    return pd.Timestamp(value) if f.type == "date" else value


def full_matches(column: Column, pattern: str) -> np.ndarray:
    """Which distinct texts of ``column`` ``pattern`` matches whole, with Python's :mod:`re` semantics.

    A plain pattern (literals, bracket classes, quantifiers, groups; no ``\\d``-like classes or
    flags, whose meaning differs) means the same to RE2, so pyarrow matches it vectorised when
    installed; any other pattern, or no pyarrow, goes through :mod:`re` one text at a time.
    """
    import re

    import numpy as np

    if (column.arrow is not None or column.count > 1000) and is_plain(pattern):
        try:
            import pyarrow as pa
            import pyarrow.compute as pc

            texts = column.arrow if column.arrow is not None else pa.array(column.uniques, type=pa.string())
            return pc.match_substring_regex(texts, f"^(?:{pattern})$").to_numpy(zero_copy_only=False).astype(bool)
        except Exception:  # pyarrow missing, or RE2 refuses the pattern
            pass
    compiled = re.compile(pattern)
    return np.array([compiled.fullmatch(t) is not None for t in column.uniques], dtype=bool)


def formula_like(column: Column) -> np.ndarray:
    """Which distinct texts begin as a spreadsheet formula would (``=``, ``+``, ``@``, a tab, a carriage return)."""
    import numpy as np

    if column.texts is None and column.arrow is not None:
        return first_byte_in(column.arrow, FORMULA_STARTS)
    return np.array([t.startswith(FORMULA_STARTS) for t in column.uniques], dtype=bool)


def first_byte_in(texts: Any, starts: tuple[str, ...]) -> np.ndarray:
    """Which texts of a pyarrow string array begin with one of the one-byte ``starts`` (read from its buffers)."""
    import numpy as np

    _, offsets_buffer, data_buffer = texts.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[texts.offset:texts.offset + len(texts) + 1]
    if data_buffer is None or not len(texts):
        return np.zeros(len(texts), dtype=bool)
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    filled = offsets[1:] > offsets[:-1]  # an empty or missing text begins with nothing
    first = data[np.where(filled, offsets[:-1], 0)]
    return filled & np.isin(first, np.frombuffer("".join(starts).encode("ascii"), dtype=np.uint8))


def lengths(column: Column) -> np.ndarray:
    """The length in characters of each distinct text."""
    import numpy as np

    if column.texts is None and column.arrow is not None:
        import pyarrow.compute as pc

        return pc.fill_null(pc.utf8_length(column.arrow), 0).to_numpy(zero_copy_only=False).astype(np.int64)
    return np.array([len(t) for t in column.uniques], dtype=np.int64)


def is_plain(pattern: str) -> bool:
    """No escapes but of punctuation, no ``(?`` flags or lookarounds, no ``[:class:]``."""
    import re

    return "(?" not in pattern and "[:" not in pattern and "\\" not in re.sub(r"\\[^A-Za-z0-9]", "", pattern)


def required_findings(checked: Checked, typed: Typed, cap: int | None) -> list[Finding]:
    """Empty cells of a required field (primary key fields are required too); missing cells are reported apart."""
    import numpy as np

    f, table = typed.field, checked.table
    in_key = f.name in table.primary_key
    if not (f.required or in_key):
        return []
    position = table.field_names.index(f.name)
    empty = (typed.column.codes < 0) & ~checked.blank
    if checked.records.counts is not None:  # a row too short to hold the cell: reported as missing-cell
        empty &= checked.records.counts > position
    why = "it is part of the primary key" if in_key and not f.required else "the field is required"
    written = checked.records.columns[position].value  # the cell as written: empty, or one of the missingValues
    return checked.per_row("constraint-error", np.flatnonzero(empty), f.name, written,
                           lambda v: f"the cell is empty, but {why}" if v is None else
                           f"{show(v)} is a missing value (missingValues), but {why}", cap)


def key_findings(checked: Checked, cap: int | None) -> list[Finding]:
    """unique-error for each unique field, primary-key for the primary key; each repeat names the first line."""
    table, typed = checked.table, checked.typed
    found = []
    for f in table.fields:
        if f.unique and f.name in typed and table.primary_key != (f.name,):
            found += repeats(checked, "unique-error", [f.name], cap, "repeats the value of line")
    for key in table.unique_keys:
        if all(name in typed for name in key):
            found += repeats(checked, "unique-error", list(key), cap,
                             f"repeats the unique key ({', '.join(key)}) of line")
    if table.primary_key and all(name in typed for name in table.primary_key):
        found += repeats(checked, "primary-key", list(table.primary_key), cap, "repeats the primary key of line")
    return found


def integrity_findings(table: Table, file: Path) -> list[Finding]:
    """byte-count and hash-count: the file against the size and digest its resource states."""
    if (table.bytes is None and table.hash is None) or not file.is_file():
        return []
    found = []
    size = file.stat().st_size
    if table.bytes is not None and size != table.bytes:
        found.append(Finding(type="byte-count", resource=table.name, path=table.path, value=str(size),
                             message=f"the file has {size} bytes; the descriptor's 'bytes' says {table.bytes}"))
    if table.hash is not None:
        algorithm, expected = hash_of(table.hash)
        digest = hashlib.new(algorithm)
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            found.append(Finding(type="hash-count", resource=table.name, path=table.path, value=digest.hexdigest(),
                                 message=f"the file's {algorithm} digest is {digest.hexdigest()}; the descriptor's "
                                         f"'hash' says {expected}: the file changed after the hash was recorded"))
    return found


def repeats(checked: Checked, type_: str, names: list[str], cap: int | None, saying: str) -> list[Finding]:
    import numpy as np

    is_repeat, first = keys.repeated(keys.combined([checked.typed[n].key_codes() for n in names]))
    lines = checked.records.lines
    assert lines is not None
    found = []
    rows = np.flatnonzero(is_repeat)
    checked.unlisted += len(rows[cap:]) if cap is not None else 0
    for row in rows[:cap]:
        text = ", ".join(checked.typed[n].column.value(int(row)) or "" for n in names)
        found.append(checked.finding(type_, int(row), f"{show(text)} {saying} {int(lines[first[row]])}",
                                     names[0], text))
    return found


def foreign_key_findings(checked: dict[str, Checked], cap: int | None) -> list[Finding]:
    """foreign-key: values that name no row of the table they refer to."""
    import numpy as np
    import pandas as pd

    found = []
    for local in checked.values():
        for fk in local.table.foreign_keys:
            target = checked[fk.resource or local.table.name]
            if not target.records.readable or not all(n in local.typed for n in fk.fields) \
                    or not all(n in target.typed for n in fk.reference_fields):
                continue  # a file that cannot be read, or lacks the columns, is reported as such
            where = f"{target.table.name}.{', '.join(fk.reference_fields)}"
            if len(fk.fields) == 1:
                here, there = local.typed[fk.fields[0]], target.typed[fk.reference_fields[0]]
                if not (here.ok & here.column.used).any():
                    continue  # no value to look up (supersedes is mostly empty)
                reference = pd.DataFrame({fk.reference_fields[0]: there.typed[there.ok & there.column.used]})
                local_values = pd.DataFrame({fk.fields[0]: here.typed.where(here.ok & here.column.used)})
                bad = keys.foreign_key_violations(local_values, fk, reference)
                rows = here.rows(bad.to_numpy(dtype=bool))
            else:
                frame = pd.DataFrame({n: local.typed[n].frame_column().where(np.append(local.typed[n].ok, False)[
                    local.typed[n].column.codes]) for n in fk.fields})
                reference = pd.DataFrame({n: target.typed[n].frame_column() for n in fk.reference_fields})
                rows = np.flatnonzero(keys.foreign_key_violations(frame, fk, reference).to_numpy(dtype=bool))
            rows = rows[~local.blank[rows]]
            def value(row: int, fk: ForeignKey = fk, local: Checked = local) -> str:
                return ", ".join(local.typed[n].column.value(row) or "" for n in fk.fields)

            def message(text: str | None, where: str = where) -> str:
                return f"{show(text)} is not in {where}"

            found += local.per_row("foreign-key", rows, fk.fields[0], value, message, cap)
    return found


def rule_findings(package: DataPackage, checked: dict[str, Checked], cap: int | None,
                  early: dict[str, Future] | None = None) -> list[Finding]:
    """Findings of every rule of :mod:`idlibstats.rules.registry` that applies, on the row's line.

    ``early`` holds, per table, the readings of its wordings begun while the files were checked
    (see :func:`read_wordings_early`).
    """
    from idlibstats.rules import registry as rules
    from idlibstats.rules.context import RuleContext

    sources = checked["sources"].frame() if "sources" in checked else None
    context = RuleContext(package, sources=sources)
    runs = []
    for local in checked.values():
        applicable = rules.rules_for(local.table)
        if not applicable or not local.records.readable:
            continue
        frame = sources if local.table.name == "sources" and sources is not None \
            else local.frame({name for rule in applicable for name in rule.reads(local.table)})
        context.know_codes(frame, local.distinct_codes)
        context.know_values(frame, local.values_at)
        if early and local.table.name in early and WORDING in local.typed and WORDING in frame.columns:
            context.know_readings(frame, WORDING, local.typed[WORDING].column.codes, early[local.table.name])
        runs += [(local, rule, frame) for rule in applicable]
    found = []
    for local, rule, frame in sorted(runs, key=lambda run: reads_wordings(run[1].violations)):  # may still be read
        found += one_rule(local, rule, frame, context, cap)
    return found


def read_wordings_early(package: DataPackage, table: Table, position: int, column: Column,
                        pool: Executor) -> Future | None:
    """Begin reading the wordings of a claims table in ``pool`` as soon as the reader has their ``column``.

    ``position`` is the column's place in the header. The readings are those
    :meth:`idlibstats.rules.context.RuleContext.readings` makes, of the column's texts as the reader
    holds them, while the other columns are read and checked; ``None`` when there is nothing to begin
    (not the wording column of a claims table, or its texts are not in Arrow).
    """
    if not table.is_claims or position >= len(table.field_names) or table.field_names[position] != WORDING \
            or column.arrow is None:
        return None
    from idlibstats.claims import columnar
    from idlibstats.claims.phrases import Reader

    texts = column.arrow
    threads = max(1, (os.cpu_count() or 1) - 1)  # a core is left to the checks, which go on meanwhile
    return pool.submit(lambda: columnar.read_many(Reader.for_package(package), texts.fill_null(""), threads))


def one_rule(local: Checked, rule: Rule, frame: pd.DataFrame, context: Any, cap: int | None) -> list[Finding]:
    import numpy as np
    import pandas as pd

    from idlibstats.rules.registry import rule_field

    table = local.table
    try:
        verdict = rule.violations(frame, context, table)
        broken = pd.Series(verdict).fillna(False).to_numpy(dtype=bool)
        if len(broken) != len(frame):
            raise ValueError(f"it judged {len(broken)} rows of {len(frame)}")
    except Exception as error:  # a rule must never crash the gate: say which rule could not run, and why
        reason = getattr(error, "message", None) or str(error) or type(error).__name__
        return [Finding(type="rule-error", resource=table.name, path=table.path, field=rule.field or None,
                        message=f"rule {rule.type} could not be evaluated: {reason}")]
    name = rule_field(rule, table) or None
    column = local.typed.get(name) if name else None
    value: Callable[[int], str | None] = (lambda row: column.column.value(row)) if column else (lambda row: None)
    rows = np.flatnonzero(broken & ~local.blank)
    return local.per_row(rule.type, rows, name, value,
                         lambda v: (f"{show(v)}: " if v is not None else "") + f"expected {rule.expected}", cap)
