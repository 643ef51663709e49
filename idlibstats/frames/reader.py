"""Step 2: read a CSV file's structure ourselves: every row, the physical line it starts on, its cells.

``pd.read_csv`` drops or pads rows with extra or missing cells, so line numbers drift after
them; this module never does. Each table is read once into :class:`Records`: one
:class:`Column` per header position holding the distinct cell texts (``uniques``) and, per
row, the code of its text (``-1``: empty or missing), so every later check runs once per
distinct value and maps back to rows and lines.

Two readers give the same records (a test holds them to it):

- the exact reader, Python's :mod:`csv` over the decoded text, used for every file that is
  not plain and well formed. It keeps the line where each row starts, accepts a BOM and CRLF
  line ends, recovers from a quoted cell that is never closed, and finds undecodable bytes
  and NUL characters cell by cell;
- the fast reader, pyarrow's multi-threaded CSV reader with dictionary-encoded columns, used
  when pyarrow is installed and the file is plain: no cell spanning lines. Rows wider or narrower
  than the header (up to ``MAX_RAGGED_ROWS``), which pyarrow skips, are numbered by a second,
  serial pass of pyarrow's, read by :mod:`csv` and put back in place. A few texts holding NUL or
  bytes that are not UTF-8 (up to ``MAX_TROUBLED_TEXTS`` per column) it finds and names as the
  exact reader does; anything else (more ragged rows, or one that is not UTF-8 or opens a quote)
  sends the file to the exact reader, and so does a table whose dialect is not plain CSV
  (``skipInitialSpace``, ``commentChar``).

A row whose first cell begins with the dialect's ``commentChar`` is skipped wherever it stands
(above the header too), as frictionless skips it; the lines after it keep their numbers.

Lines count like an editor does: a line ends at LF, CRLF or a lone CR.
"""

from __future__ import annotations

import csv
import re
import sys
from array import array
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idlibstats.findings import Finding, show

if TYPE_CHECKING:
    import numpy as np

    from idlibstats.package.contract import Dialect

BOM = b"\xef\xbb\xbf"
SNIFF_BYTES = 1 << 16
FAST_BLOCK_BYTES = 4 << 20
CODERS = 2  # threads that code a file's dictionary-coded columns after its parse, while its wide ones are copied
WIDE_SAMPLE_BYTES = 1 << 20
WIDE_SAMPLE_ROWS = 1000  # rows of the first block that must be filled for a column to be judged wide
WIDE_SHARE = 0.5  # share of the sample's texts found once, above which a column is kept one text per row
MAX_QUOTE_RECOVERIES = 100
MAX_TROUBLED_TEXTS = 100  # texts with NUL or bad bytes the fast reader mends per column; beyond, the exact reader reads
CONTROL_SCAN_BYTES = 1 << 22
RAGGED_BLOCK_BYTES = 16 << 20  # blocks of the serial pass that numbers ragged rows
MAX_RAGGED_ROWS = 1000  # rows of the wrong width the fast reader puts back; beyond (a short header?), the exact reader
CSV_TAKES_NUL = sys.version_info >= (3, 11)  # before 3.11, csv refuses a line holding a NUL character
NUL_STAND_IN = "\U0010fffe"  # a noncharacter: stands for NUL while csv reads, on older Pythons only
UNDECODABLE = re.compile("[\udc80-\udcff]")
MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx or .ods spreadsheet?)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or other OLE document"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"PAR1", "a Parquet file"),
)


Ready = Callable[[int, "Column"], None]  # told of each column the fast reader keeps one text per row, once built


@dataclass
class Column:
    """One header position: the distinct non-empty cell texts, and per row the code of its text (-1: none).

    The fast reader leaves the texts in a pyarrow array (``arrow``); ``uniques`` makes Python strings
    of them only when a check asks. ``spare`` is the code of a text no row may use (the header's
    own, as pyarrow's dictionary holds it). A column the fast reader keeps one text per row
    (``distinct`` false: codes are row numbers) holds the rows' texts in ``arrow``.
    """

    codes: np.ndarray
    texts: np.ndarray | None = None
    spare: int | None = None
    arrow: Any = None
    distinct: bool = True  # False: ``arrow`` holds each row's own text (codes are row numbers), repeats and all

    @property
    def uniques(self) -> np.ndarray:
        """The distinct texts as Python strings."""
        if self.texts is None:
            self.texts = self.arrow.to_numpy(zero_copy_only=False)
        return self.texts

    @property
    def count(self) -> int:
        """How many distinct texts."""
        return len(self.texts) if self.texts is not None else len(self.arrow)

    @property
    def wide(self) -> bool:
        """Many rows, nearly each with a text of its own (an identifier): better kept in Arrow than as objects."""
        return self.arrow is not None and (not self.distinct or len(self.codes) > 50_000
                                           and 2 * self.count > len(self.codes))

    def value(self, row: int) -> str | None:
        code = int(self.codes[row])
        if code < 0:
            return None
        return str(self.texts[code]) if self.texts is not None else self.arrow[code].as_py()

    @cached_property
    def used(self) -> np.ndarray:
        """Per distinct text, whether some row holds it."""
        import numpy as np

        if not self.distinct:
            return self.codes >= 0
        used = np.ones(self.count, dtype=bool)
        if self.spare is not None and not (self.codes == self.spare).any():
            used[self.spare] = False
        return used


@dataclass
class Records:
    """What a CSV file holds, row by row, with the line each row starts on."""

    resource: str
    path: str
    header: list[str] | None = None
    header_line: int = 1
    columns: list[Column] = field(default_factory=list)
    lines: np.ndarray | None = None
    counts: np.ndarray | None = None  # cells in each row; None: every row is as wide as the header
    extras: dict[int, list[str]] = field(default_factory=dict)  # row -> its cells beyond the header
    findings: list[Finding] = field(default_factory=list)
    unlisted: int = 0  # cell findings counted but not made, beyond the limit
    reader: str = "none"
    troubled: dict[int, np.ndarray] = field(default_factory=dict)  # fast reader: per column, texts with NUL or bad bytes

    @property
    def readable(self) -> bool:
        """Whether rows could be read at all (a header was found)."""
        return self.header is not None

    @property
    def rows(self) -> int:
        return 0 if self.lines is None else len(self.lines)

    @property
    def width(self) -> int:
        return len(self.columns)

    def line(self, row: int) -> int:
        """The line of the file where data row ``row`` (counted from 0) begins."""
        return int(self.lines[row]) if self.lines is not None else self.header_line + 1 + row

    def blank(self) -> np.ndarray:
        """Rows whose every cell is empty (an empty line is such a row)."""
        import numpy as np

        blank = np.ones(self.rows, dtype=bool)
        for column in self.columns:
            blank &= column.codes < 0
        for row, cells in self.extras.items():
            if any(cells):
                blank[row] = False
        return blank


def read(file: Path, resource: str, path: str, field_names: list[str], *, fast: bool = True,
         cap: int | None = None, dialect: Dialect | None = None, texts: Collection[str] = (),
         ready: Ready | None = None) -> Records:
    """Read ``file`` (the resource's ``path`` inside the package) into :class:`Records`.

    ``cap`` limits the findings made per kind of cell trouble (the rest are only counted);
    ``dialect`` says how the file differs from plain CSV (``None``: it does not). The fast reader
    may keep the fields named in ``texts`` (identifiers and free texts) one text per row when
    their texts mostly differ (:func:`wide_columns`). It builds those columns first and hands each
    to ``ready`` (with its position) as soon as it is built, for a caller to begin work on it
    while the other columns are coded; the records returned hold that very column only if the
    fast read succeeds (else the exact reader reads the file anew).
    """
    records = Records(resource, path)
    head = sniff(file, records)
    if head is None:
        return records
    header = plain_header(head, file)
    if fast and header is not None and (dialect is None or dialect.plain):
        wanted = {j for j, name in enumerate(field_names) if name in texts}
        fast_records = read_fast(file, records, header, wanted, ready)
        if fast_records is not None:
            name_cells(fast_records, field_names, cap)
            return fast_records
    read_exact(file, records, len(field_names), dialect)
    name_cells(records, field_names, cap)
    return records


def load_fast_reader() -> None:
    """Import what the fast reader uses (pyarrow's CSV reader and compute functions), when installed.

    A caller that reads files in threads calls it first, so that no two threads import pyarrow at once.
    """
    try:
        import pyarrow.compute  # noqa: F401
        import pyarrow.csv  # noqa: F401
    except ImportError:
        pass


def sniff(file: Path, records: Records) -> bytes | None:
    """The file's first bytes, or ``None`` with a finding when the file is missing, empty, binary or UTF-16."""
    def stop(type_: str, message: str) -> None:
        records.findings.append(Finding(type=type_, resource=records.resource, path=records.path, message=message))

    try:
        if not file.is_file():
            stop("missing-file", f"no file at {records.path}" + (" (it is a folder)" if file.is_dir() else ""))
            return None
        with open(file, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except (OSError, ValueError) as error:
        stop("missing-file", f"cannot read {records.path}: {getattr(error, 'strerror', None) or error}")
        return None
    body = head[len(BOM):] if head.startswith(BOM) else head
    if not body:
        stop("empty-file", "the file is empty: not even a header row")
        return None
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        stop("encoding-error", "the file is UTF-16 (Excel's 'Unicode text'); save it as CSV UTF-8")
        return None
    for magic, kind in MAGIC:
        if body.startswith(magic):
            stop("binary-file", f"the file is {kind}, not CSV text; export it as CSV (UTF-8)")
            return None
    if looks_binary(body):
        stop("binary-file", "the file is not text (it is full of NUL and control bytes); export it as CSV (UTF-8)")
        return None
    return head


def looks_binary(sample: bytes) -> bool:
    """NUL bytes and a high share of control bytes: a binary file, not a text file with a stray NUL."""
    if b"\x00" not in sample:
        return False
    control = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))
    return control > len(sample) // 20


def plain_header(head: bytes, file: Path) -> list[str] | None:
    """The header, when it is one plain line of the sample that the fast reader can trust (else ``None``)."""
    text = head.decode("utf-8-sig", "surrogateescape")
    complete = len(head) < SNIFF_BYTES
    first_line_end = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=-1)
    if first_line_end < 0 and not complete:
        return None
    line = text if first_line_end < 0 else text[:first_line_end]
    if not line or UNDECODABLE.search(line) or '"' in line or "\x00" in line:  # the header is named by the exact reader
        return None
    return line.split(",")


def read_fast(file: Path, records: Records, header: list[str], texts: set[int], ready: Ready | None = None
              ) -> Records | None:
    """Records read by pyarrow, or ``None`` when pyarrow is missing or the file is not plain.

    Whatever goes wrong here (a parse error, an unexpected pyarrow version) leaves the file to the
    exact reader, which says what is wrong with it.
    """
    try:
        return fast_records(file, records, header, texts, ready)
    except Exception:
        return None


def fast_records(file: Path, records: Records, header: list[str], texts: set[int], ready: Ready | None = None
                 ) -> Records | None:
    try:
        import numpy as np
        import pyarrow as pa
        import pyarrow.csv as pcsv
    except ImportError:
        return None
    width = len(header)
    pool = pa.default_memory_pool()
    read_options = pcsv.ReadOptions(autogenerate_column_names=True, block_size=FAST_BLOCK_BYTES)
    ragged = 0  # rows wider or narrower than the header: numbered and put back in place below

    def skip(row: Any) -> str:  # beyond MAX_RAGGED_ROWS the parse stops: the exact reader reads the file
        nonlocal ragged
        ragged += 1
        return "skip" if ragged <= MAX_RAGGED_ROWS else "error"

    parse_options = line_rows(skip)

    def convert(types: dict[str, Any], check_utf8: bool = True) -> Any:
        return pcsv.ConvertOptions(column_types=types, strings_can_be_null=True, quoted_strings_can_be_null=True,
                                   null_values=[""], check_utf8=check_utf8)

    def parse(types: dict[str, Any], check_utf8: bool) -> Any:
        return pcsv.read_csv(file, read_options=read_options, parse_options=parse_options,
                             convert_options=convert(types, check_utf8), memory_pool=pool)

    try:
        wide = wide_columns(file, width, convert) & texts if texts else set()
        text = pa.dictionary(pa.int32(), pa.string())
        types = {f"f{j}": pa.string() if j in wide else text for j in range(width)}
        with quiet_row_handler():
            try:
                table, undecodable = parse(types, True), False
            except pa.ArrowInvalid as error:  # bytes that are not UTF-8: a few cells are found and named below
                if "utf8" not in str(error).lower().replace("-", ""):
                    raise
                ragged = 0
                table, undecodable = parse(types, False), True
            inserted = ragged_rows(file, ragged) if ragged else Inserted()
        if inserted is None or table.num_columns != width or table.num_rows < 1:
            return None
        built: dict[int, Column] = {}
        coders = ThreadPoolExecutor(CODERS)
        coding = {j: coders.submit(coded_texts, table.column(f"f{j}"), header[j], pool)
                  for j in range(width) if j not in wide}
        try:
            for j in sorted(wide):  # first, each handed on: a caller may begin on it while the rest is coded
                column = row_texts(table.column(f"f{j}").combine_chunks(memory_pool=pool), header[j])  # compact
                table = table.remove_column(table.schema.get_field_index(f"f{j}"))  # its chunks go: the copy stays
                column = inserted.into(column, j)
                if column is None or not note_troubles(records, j, column, undecodable):
                    return None  # a cell spans lines, or too many are troubled: the exact reader reads the file
                built[j] = column
                if ready is not None and j not in records.troubled:  # a troubled column is mended first, in name_cells
                    ready(j, column)
            del table
            for j, future in coding.items():
                column = inserted.into(future.result(), j)
                if column is None or not note_troubles(records, j, column, undecodable):
                    return None  # as above
                built[j] = column
        finally:
            coders.shutdown(cancel_futures=True)
    except (pa.ArrowException, ValueError):  # a parse error, an open quote: the exact reader says which
        return None
    columns = [built[j] for j in range(width)]
    rows = len(columns[0].codes) if columns else 0
    del built
    pool.release_unused()  # what parsing took and let go returns to the system, for the checks to come
    if not last_line_closed(file):
        return None
    records.header = header
    records.columns = columns
    records.lines = np.arange(2, rows + 2, dtype=np.int64)
    if inserted.rows:
        records.counts = np.full(rows, width, dtype=np.int64)
        for row, cells in zip(inserted.rows, inserted.cells):
            records.counts[row] = len(cells)
            if len(cells) > width:
                records.extras[row] = cells[width:]
    records.reader = "fast"
    return records


def line_rows(on_ragged: Callable[[Any], str]) -> Any:
    """pyarrow's parse options of the fast reader: a row per line, empty lines kept, ragged rows told to ``on_ragged``."""
    import pyarrow.csv as pcsv

    return pcsv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False, invalid_row_handler=on_ragged)


@contextmanager
def quiet_row_handler() -> Iterator[None]:
    """Keep Python from printing a traceback when pyarrow cannot hand over a ragged row's text (it is not UTF-8).

    pyarrow reports that as unraisable, then fails the parse; the exact reader reads the file.
    """
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, UnicodeDecodeError):
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


@dataclass
class Inserted:
    """Rows pyarrow skipped as ragged, read by :mod:`csv`: where each stands among the rows, and its cells."""

    rows: list[int] = field(default_factory=list)  # data rows, counted from 0, ascending
    cells: list[list[str]] = field(default_factory=list)

    def into(self, column: Column | None, position: int) -> Column | None:
        """``column`` (read by pyarrow without these rows) with their cells at ``position`` put back in place."""
        if column is None or not self.rows:
            return column
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        texts = [cells[position] if position < len(cells) and cells[position] else None for cells in self.cells]
        before = np.array(self.rows) - np.arange(len(self.rows))  # where each goes among the rows pyarrow kept
        if not column.distinct:
            pieces, start = [], 0
            for at, text in zip(before.tolist(), texts):
                pieces += [column.arrow.slice(start, at - start), pa.array([text], pa.string())]
                start = at
            arrow = pa.concat_arrays([*pieces, column.arrow.slice(start)])
            codes = np.arange(len(arrow), dtype=np.int32)
            codes[pc.is_null(arrow).to_numpy(zero_copy_only=False)] = -1
            return Column(codes, arrow=arrow, distinct=False)
        dictionary = column.arrow
        found = pc.index_in(pa.array(texts, pa.string()), value_set=dictionary).to_numpy(zero_copy_only=False)
        new = [text for text, code in zip(texts, found) if text is not None and np.isnan(code)]
        added = {text: len(dictionary) + n for n, text in enumerate(dict.fromkeys(new))}
        if added:
            dictionary = pa.concat_arrays([dictionary, pa.array(list(added), pa.string())])
        inserted = [-1 if text is None else added[text] if text in added else int(code)
                    for text, code in zip(texts, found)]
        return Column(np.insert(column.codes, before, np.array(inserted, dtype=np.int32)), spare=column.spare,
                      arrow=dictionary)


def ragged_rows(file: Path, expected: int) -> Inserted | None:
    """The rows of ``file`` wider or narrower than its header, with their cells (``None``: leave it to the exact reader).

    pyarrow's threaded reader skips such rows without saying where they stand; its serial reader,
    reading one column only, numbers them. Each is then read as the exact reader reads it. A row
    that opens a quote it never closes (it would run on into the next lines) is left to the exact reader.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    numbered: list[tuple[int, str]] = []

    def keep(row: Any) -> str:
        numbered.append((row.number, row.text))
        return "skip"

    pcsv.read_csv(file, read_options=pcsv.ReadOptions(autogenerate_column_names=True, block_size=RAGGED_BLOCK_BYTES,
                                                      use_threads=False),
                  parse_options=line_rows(keep),
                  convert_options=pcsv.ConvertOptions(include_columns=["f0"], column_types={"f0": pa.binary()},
                                                      check_utf8=False))
    if len(numbered) != expected or any(number is None or number < 2 for number, _ in numbered):
        return None
    inserted = Inserted()
    opened: list[int] = []
    for number, text in sorted(numbered):
        if "\n" in text or "\r" in text:
            return None
        inserted.rows.append(number - 2)  # line 1 is the header; each row is one line
        inserted.cells.append(next(rows(iter([text]), opened.append), (0, []))[1])
    return None if opened else inserted


def wide_columns(file: Path, width: int, convert: Callable[..., Any]) -> set[int]:
    """The columns whose texts mostly differ from one another in the file's first block.

    Of the columns the caller allows (identifiers and free texts: wordings, notes), the fast reader
    keeps those one text per row rather than coding their distinct texts: hashing a million
    different texts costs more than every check of them saves. A column where most texts of the
    sample occur only once is judged so; a free text that repeats (a locator, a claimant) is coded.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    with open(file, "rb") as handle:
        head = handle.read(WIDE_SAMPLE_BYTES)
    head = head[:head.rfind(b"\n") + 1]  # whole lines only
    if head.count(b"\n") <= WIDE_SAMPLE_ROWS:
        return set()
    sample = pcsv.read_csv(pa.py_buffer(head), read_options=pcsv.ReadOptions(autogenerate_column_names=True),
                           parse_options=line_rows(lambda row: "skip"),  # a ragged row is read later
                           convert_options=convert({f"f{j}": pa.string() for j in range(width)}, False))
    wide = set()
    for j in range(min(width, sample.num_columns)):
        texts = sample.column(j).slice(1).drop_null()
        if len(texts) < WIDE_SAMPLE_ROWS:
            continue
        counts = in_place(pc.value_counts(texts).field("counts"))
        if (counts == 1).sum() > WIDE_SHARE * len(texts):
            wide.add(j)
    return wide


def in_place(numbers: Any) -> np.ndarray:
    """A pyarrow int64 array without nulls as numpy, read in place.

    pyarrow's own conversions import pandas on their first use (to check for pandas objects): the
    reader, run in a thread of its own before the big parse, must not wait for that import.
    """
    import numpy as np

    return np.frombuffer(numbers.buffers()[1], dtype=np.int64, count=len(numbers), offset=numbers.offset * 8)


def coded_texts(chunks: Any, label: str, pool: Any) -> Column | None:
    """:func:`distinct_texts` of a dictionary-coded column once its chunks share one dictionary."""
    import pyarrow as pa

    joined = pa.Table.from_arrays([chunks], names=["texts"]).unify_dictionaries(memory_pool=pool).column(0)
    return distinct_texts(joined, label, pool)


def distinct_texts(chunks: Any, label: str, pool: Any) -> Column | None:
    """A dictionary-coded column read by pyarrow as a :class:`Column` of its distinct texts (``None``: not plain).

    ``chunks`` share one dictionary (:func:`coded_texts` unifies them); their indices are joined
    as codes without copying the dictionary.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    dictionary = chunks.chunk(0).dictionary
    first = chunks.chunk(0).indices[0].as_py()
    if (None if first is None else dictionary[first].as_py()) != (label or None):
        return None
    indices = pa.chunked_array([chunk.indices for chunk in chunks.iterchunks()], type=pa.int32())
    if indices.null_count:  # one call for all the chunks: a call per chunk costs more than the filling
        indices = pc.fill_null(indices, pa.scalar(-1, pa.int32()))
    codes = indices.combine_chunks(memory_pool=pool).to_numpy(zero_copy_only=False)[1:]
    return Column(codes, spare=first, arrow=dictionary)


def row_texts(array_: Any, label: str) -> Column | None:
    """A plain column read by pyarrow as a :class:`Column` holding each row's own text (``None``: not plain)."""
    import numpy as np
    import pyarrow.compute as pc

    if array_[0].as_py() != (label or None):
        return None
    texts = array_.slice(1)
    codes = np.arange(len(texts), dtype=np.int32)
    if texts.null_count:
        codes[pc.is_null(texts).to_numpy(zero_copy_only=False)] = -1
    return Column(codes, arrow=texts, distinct=False)


def control_bytes(array_: Any) -> set[int]:
    """The bytes below 14 (NUL, tab, CR, LF, ...) that the texts of a pyarrow string array hold, read in place."""
    import numpy as np

    _, offsets, data = array_.buffers()
    if data is None or not len(array_):
        return set()
    start, end = (int(i) for i in np.frombuffer(offsets, dtype=np.int32)[[array_.offset, array_.offset + len(array_)]])
    body = np.frombuffer(data, dtype=np.uint8, count=end - start, offset=start)
    found: set[int] = set()
    for at in range(0, len(body), CONTROL_SCAN_BYTES):  # a block at a time: what the scan holds stays small
        block = body[at:at + CONTROL_SCAN_BYTES]
        if block.min() < 14:  # control bytes are rare in text: most blocks hold none, which their least byte tells
            found.update(np.unique(block[block < 14]).tolist())
    return found


def note_troubles(records: Records, position: int, column: Column, undecodable: bool) -> bool:
    """Note the texts of a column the fast reader built that hold NUL or (when the file has some) bytes that are not UTF-8.

    :func:`name_cells` names and mends them. ``False`` when a text holds a line end (a cell spans
    lines: only the exact reader knows where rows start) or too many texts are troubled to mend
    one by one.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = column.arrow
    present = control_bytes(texts)
    if {10, 13} & present:
        return False
    found = []
    if 0 in present:
        nul = pc.fill_null(pc.match_substring(texts.view(pa.binary()), "\x00"), False)
        found.append(np.flatnonzero(nul.to_numpy(zero_copy_only=False)))
    if undecodable:
        found.append(np.array(not_utf8(texts), dtype=np.int64))
    troubled = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    if len(troubled) > MAX_TROUBLED_TEXTS:
        return False
    if len(troubled):
        records.troubled[position] = troubled
    return True


def not_utf8(texts: Any, first: int = 0) -> list[int]:
    """The positions of the texts of a pyarrow string array that are not valid UTF-8 (halves checked in turn)."""
    import pyarrow as pa

    try:
        texts.validate(full=True)
        return []
    except pa.ArrowInvalid:
        pass
    if len(texts) == 1:
        return [first]
    half = len(texts) // 2
    return not_utf8(texts.slice(0, half), first) + not_utf8(texts.slice(half), first + half)


def last_line_closed(file: Path) -> bool:
    """Whether the file's last line closes its quotes (pyarrow takes the end of the file as a closing quote).

    An open quote on any other line would run into the next one, which the fast reader refuses.
    """
    with open(file, "rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - SNIFF_BYTES))
        tail = handle.read()
    if tail.endswith((b"\n", b"\r")):
        return True
    start = max(tail.rfind(b"\n"), tail.rfind(b"\r")) + 1
    if start == 0 and size > len(tail):
        return False  # a last line longer than the sample: let the exact reader judge
    try:
        list(csv.reader([tail[start:].decode("utf-8", "surrogateescape")], strict=True))
    except csv.Error:
        return False
    return True


class Lines:
    """The file's lines as :mod:`csv` consumes them, counted, with the lines of the current row kept."""

    def __init__(self, lines: Iterator[str], first: int = 1) -> None:
        self.lines = lines
        self.number = first - 1
        self.buffer: list[str] = []
        self.exhausted = False

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        try:
            line = next(self.lines)
        except StopIteration:
            self.exhausted = True
            raise
        self.number += 1
        if not CSV_TAKES_NUL and "\x00" in line:
            line = line.replace("\x00", NUL_STAND_IN)
        self.buffer.append(line)
        return line

    def start_row(self) -> int:
        self.buffer = []
        return self.number + 1


def rows(handle: Iterator[str], on_open_quote: Callable[[int], None],
         skip_initial_space: bool = False) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for every row, the line being where the row starts.

    Parsed strictly; a row with text after a closing quote is read as every CSV reader reads it
    (``"a"b`` is ``ab``). A quoted cell never closed is reported through ``on_open_quote``; its row
    is read from its first line alone, and reading resumes on the next line. With
    ``skip_initial_space``, spaces right after a delimiter are not part of the next cell.
    """
    source = Lines(handle)
    reader = csv.reader(source, strict=True, skipinitialspace=skip_initial_space)
    recoveries = 0
    while True:
        start = source.start_row()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            if source.exhausted:  # the quote ran to the end of the file: the row is its first line, read leniently
                on_open_quote(start)
                recoveries += 1
                rest = source.buffer[1:]
                yield start, restored(loose([source.buffer[0].rstrip("\r\n")], skip_initial_space))
                if recoveries > MAX_QUOTE_RECOVERIES:
                    return
                source = Lines(iter(rest), first=start + 1)
                reader = csv.reader(source, strict=True, skipinitialspace=skip_initial_space)
                continue
            cells = loose(source.buffer, skip_initial_space)
        yield start, restored(cells)


def restored(cells: list[str]) -> list[str]:
    """``cells`` with NUL back where it stood (Pythons before 3.11 only)."""
    if CSV_TAKES_NUL or not any(NUL_STAND_IN in cell for cell in cells):
        return cells
    return [cell.replace(NUL_STAND_IN, "\x00") for cell in cells]


def loose(lines: list[str], skip_initial_space: bool = False) -> list[str]:
    """The cells of ``lines`` read leniently (as most CSV readers do)."""
    try:
        return next(csv.reader(iter(lines), strict=False, skipinitialspace=skip_initial_space), [])
    except csv.Error:
        cells = "".join(lines).rstrip("\r\n").split(",")
        return [c.lstrip(" ") for c in cells] if skip_initial_space else cells


@contextmanager
def unlimited_fields() -> Iterator[None]:
    """Let a single cell be as large as the file (csv refuses cells over 128 KiB by default)."""
    previous = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_exact(file: Path, records: Records, fields: int, dialect: Dialect | None = None) -> None:
    """Read every row with Python's csv module, keeping each row's line, cell count and extra cells."""
    import numpy as np

    comment = dialect.comment_char if dialect is not None else None
    skip_initial_space = dialect.skip_initial_space if dialect is not None else False

    def content(stream: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        """The rows that are not comments."""
        for row in stream:
            if comment is None or not (row[1] and row[1][0].startswith(comment)):
                yield row

    def open_quote(line: int) -> None:
        records.findings.append(Finding(
            type="quote-error", resource=records.resource, path=records.path, line=line,
            message="a quoted cell opened in this row is never closed; the rest of the file would be one cell. "
                    "Reading resumes on the next line"))

    lines, counts = array("q"), array("q")
    with open(file, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle, unlimited_fields():
        stream = rows(handle, open_quote, skip_initial_space)
        if comment is not None:
            stream = content(stream)
        first = next(stream, None)
        empty = 0
        while first is not None and not any(first[1]):
            empty += 1
            first = next(stream, None)
        if first is None:
            records.findings.append(Finding(type="empty-file", resource=records.resource, path=records.path,
                                            message="the file holds only empty lines: no header row"))
            return
        records.header_line, header = first
        if empty:
            records.findings.append(Finding(
                type="blank-header", resource=records.resource, path=records.path, line=1,
                message=f"the file begins with {empty} empty line(s); the header, found on line "
                        f"{records.header_line}, must be on line 1"))
        records.header = header
        width = len(header)
        builders = [ColumnBuilder() for _ in range(width)]
        extras = records.extras
        for number, (line, cells) in enumerate(stream):
            lines.append(line)
            counts.append(len(cells))
            for builder, cell in zip(builders, cells, strict=False):  # extra cells are kept apart, below
                builder.add(cell)
            for builder in builders[len(cells):]:
                builder.add("")
            if len(cells) > width:
                extras[number] = cells[width:]
    records.columns = [builder.build() for builder in builders]
    records.lines = np.frombuffer(lines, dtype=np.int64) if lines else np.zeros(0, dtype=np.int64)
    records.counts = np.frombuffer(counts, dtype=np.int64) if counts else np.zeros(0, dtype=np.int64)
    records.reader = "exact"


class ColumnBuilder:
    """Codes a column's texts as they are read: each distinct text stored once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.codes = array("i")

    def add(self, text: str) -> None:
        if not text:
            self.codes.append(-1)
            return
        code = self.index.get(text)
        if code is None:
            code = self.index[text] = len(self.index)
        self.codes.append(code)

    def build(self) -> Column:
        import numpy as np

        uniques = np.empty(len(self.index), dtype=object)
        uniques[:] = list(self.index)
        codes = np.frombuffer(self.codes, dtype=np.int32) if self.codes else np.zeros(0, dtype=np.int32)
        return Column(codes, uniques)


def name_cells(records: Records, field_names: list[str], cap: int | None = None) -> None:
    """Findings for NUL characters and undecodable bytes, cell by cell; then clean them out of the texts.

    A NUL is dropped and an undecodable byte becomes U+FFFD, so the other checks judge the rest of the cell.
    """
    if records.header is None:
        return

    def field_of(j: int) -> str | None:
        if j < len(field_names):
            return field_names[j]
        return records.header[j] if records.header and j < len(records.header) else None

    for j, label in enumerate(records.header):
        for type_, message in cell_troubles(label):
            records.findings.append(Finding(type=type_, resource=records.resource, path=records.path,
                                            line=records.header_line, field=field_of(j), value=label,
                                            message=f"header cell {show(label)} {message}"))
    records.header = [clean(label) for label in records.header]
    for j, column in enumerate(records.columns):
        if records.reader == "fast":  # the troubled texts are known; the others are not made Python strings
            if j in records.troubled:
                records.columns[j] = mended(records, column, records.troubled[j], field_of(j), cap)
            continue
        troubled = [(code, text) for code, text in enumerate(column.uniques)
                    if "\x00" in text or UNDECODABLE.search(text)]
        if not troubled:
            continue
        add_cell_findings(records, column, troubled, field_of(j), cap)
        records.columns[j] = recode(column)
    for row, cells in records.extras.items():
        records.extras[row] = [clean(c) for c in cells]


def mended(records: Records, column: Column, troubled: np.ndarray, field_name: str | None, cap: int | None) -> Column:
    """A column of the fast reader with its ``troubled`` texts named (as the exact reader names them) and cleaned."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    written = [raw.decode("utf-8", "surrogateescape") for raw in column.arrow.view(pa.binary()).take(troubled).to_pylist()]
    add_cell_findings(records, column, list(zip(troubled.tolist(), written)), field_name, cap)
    if column.distinct:  # a coded column: its texts become Python strings, as the exact reader's are
        texts = np.empty(column.count, dtype=object)
        texts[:] = [raw.decode("utf-8", "surrogateescape") for raw in column.arrow.view(pa.binary()).to_pylist()]
        cleaned = recode(Column(column.codes, texts))
        cleaned.__dict__["used"] = np.bincount(cleaned.codes[cleaned.codes >= 0], minlength=cleaned.count) > 0
        return cleaned
    mask = np.zeros(len(column.arrow), dtype=bool)
    mask[troubled] = True
    cleaned_texts = [clean(text) or None for text in written]  # a cell holding only NUL is empty
    codes = column.codes.copy()
    codes[troubled[[text is None for text in cleaned_texts]]] = -1
    arrow = pc.replace_with_mask(column.arrow, pa.array(mask), pa.array(cleaned_texts, pa.string()))
    return Column(codes, arrow=arrow, distinct=False)


def add_cell_findings(records: Records, column: Column, troubled: list[tuple[int, str]], field_name: str | None,
                      cap: int | None) -> None:
    import numpy as np

    assert records.lines is not None
    for code, text in troubled:
        rows = np.flatnonzero(column.codes == code) if column.distinct else np.array([code])
        for type_, message in cell_troubles(text):
            records.unlisted += len(rows[cap:]) if cap is not None else 0
            for row in rows[:cap]:
                records.findings.append(Finding(type=type_, resource=records.resource, path=records.path,
                                                line=int(records.lines[row]), field=field_name, value=text,
                                                message=f"{show(text)} {message}"))


def cell_troubles(text: str) -> list[tuple[str, str]]:
    troubles = []
    if UNDECODABLE.search(text):
        troubles.append(("encoding-error", "holds bytes that are not UTF-8 (shown as \\x..); save the file as UTF-8"))
    if "\x00" in text:
        troubles.append(("nul-byte", "holds a NUL character (\\x00); delete it"))
    return troubles


def clean(text: str) -> str:
    return UNDECODABLE.sub("\ufffd", text.replace("\x00", ""))


def recode(column: Column) -> Column:
    """``column`` with its texts cleaned, texts that became equal sharing a code, and emptied ones missing."""
    import numpy as np
    import pandas as pd

    cleaned = np.array([clean(str(text)) or None for text in column.uniques] + [None], dtype=object)
    renumber, uniques = pd.factorize(cleaned, use_na_sentinel=True)
    codes = renumber[np.where(column.codes >= 0, column.codes, len(cleaned) - 1)].astype(np.int32)
    return Column(codes, np.asarray(uniques, dtype=object))
