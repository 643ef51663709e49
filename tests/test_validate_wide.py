"""A table large enough for the fast reader to keep its identifiers and free texts one text per row.

On a few thousand generated claims, every row with its own claim id, wording and note, the fast
reader keeps those columns as each row's own text (not coded by distinct text), and `validate` must
still say exactly what the exact reader makes it say: a repeated claim id, an empty one, a note a
spreadsheet would run, an unreadable wording, a wording whose bounds differ, each on its line.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from conftest import FixturePackages

from idlibstats.frames import reader
from idlibstats.package.folder import open_package
from idlibstats.validation.engine import validate

pytest.importorskip("pyarrow")

ROWS = 3000
QUALIFIED = [("about {n:,} people", "about", (None, 1, None)), ("more than {n:,} civilians", "more_than", (1, None, None)),
             ("{n:,}", "exact", (1, 1, 1)), ("nearly {n} thousand", "nearly", (None, 1000, 1000))]


def generated(valid: Path, work: Path) -> tuple[Path, dict[str, int]]:
    """A copy of ``valid`` whose casualties table holds ROWS distinct claims and five planted errors.

    Returns the package and, per planted finding type, the line it stands on.
    """
    root = work / "package"
    shutil.copytree(valid, root)
    table = root / "data" / "casualties.csv"
    with open(table, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    column = {name: n for n, name in enumerate(header)}
    template = next(r for r in rows if not r[column["quote"]] and r[column["status"]] == "active")
    out = []
    for i in range(ROWS):
        row = list(template)
        wording, qualifier, scale = QUALIFIED[i % len(QUALIFIED)]
        n = 17 * i + 3
        row[column["claim_id"]] = f"cas-{500000 + i}"
        row[column["stated_as"]] = wording.format(n=n)
        row[column["qualifier"]] = qualifier
        for name, factor in zip(("value_low", "value_best", "value_high"), scale):
            row[column[name]] = "" if factor is None else str(n * factor)
        row[column["notes"]] = f"Generated claim {i} of the wide-column test, read on day {i % 365}."
        row[column["supersedes"]] = ""
        out.append(row)
    planted = {"primary-key": 101, "constraint-error": 202, "formula-like-value": 303, "stated-as-unreadable": 404,
               "stated-as-mismatch": 505}
    out[planted["primary-key"] - 2][column["claim_id"]] = out[0][column["claim_id"]]
    out[planted["constraint-error"] - 2][column["claim_id"]] = ""
    out[planted["formula-like-value"] - 2][column["notes"]] = "=HYPERLINK(\"x\")"
    out[planted["stated-as-unreadable"] - 2][column["stated_as"]] = "several hundred people"
    mismatched = out[planted["stated-as-mismatch"] - 2]
    assert mismatched[column["qualifier"]] == "nearly"
    mismatched[column["stated_as"]] = "nearly 1 thousand"  # the bounds say another figure
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, *out])
    table.write_text(text.getvalue(), encoding="utf-8")
    return root, planted


@pytest.fixture(scope="module")
def wide(fixture_packages: FixturePackages, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    return generated(fixture_packages["valid"], tmp_path_factory.mktemp("wide"))


def test_the_fast_reader_keeps_identifiers_and_wordings_one_per_row(wide: tuple[Path, dict[str, int]]) -> None:
    root, _ = wide
    table = next(t for t in open_package(root).tables if t.name == "casualties")
    texts = [f.name for f in table.fields if f.is_free_text or table.primary_key == (f.name,)]
    records = reader.read(root / table.path, table.name, table.path, table.field_names, texts=texts)
    assert records.reader == "fast"
    kept = {name for name, column in zip(table.field_names, records.columns) if not column.distinct}
    assert {"claim_id", "stated_as", "notes"} <= kept
    assert "claimant" not in kept and "locator" not in kept  # texts that repeat stay coded


@pytest.fixture(params=["one block", "many blocks"])
def blocks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The table parsed by pyarrow in one block, or in many (as a large file is)."""
    if request.param == "many blocks":
        monkeypatch.setattr(reader, "FAST_BLOCK_BYTES", 1 << 14)
    return str(request.param)


def test_validate_finds_the_planted_errors_as_the_exact_reader_does(wide: tuple[Path, dict[str, int]],
                                                                     blocks: str) -> None:
    root, planted = wide
    report = validate(root)
    assert report.to_dict() == validate(root, fast=False).to_dict()
    found = {(e.type, e.line) for e in report.errors if e.resource == "casualties"}
    for type_, line in planted.items():
        assert (type_, line) in found, (type_, line, sorted(found))
    assert len(found) == len(planted), sorted(found)


def test_the_reader_hands_on_the_kept_columns_before_it_returns(wide: tuple[Path, dict[str, int]]) -> None:
    root, _ = wide
    table = next(t for t in open_package(root).tables if t.name == "casualties")
    texts = [f.name for f in table.fields if f.is_free_text or table.primary_key == (f.name,)]
    handed: list[tuple[int, reader.Column]] = []
    records = reader.read(root / table.path, table.name, table.path, table.field_names, texts=texts,
                          ready=lambda position, column: handed.append((position, column)))
    kept = [j for j, column in enumerate(records.columns) if not column.distinct]
    assert [position for position, _ in handed] == kept
    assert all(records.columns[position] is column for position, column in handed)  # the very columns


def test_wordings_begun_early_are_the_ones_the_rules_use(wide: tuple[Path, dict[str, int]],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from idlibstats.validation import checks

    root, planted = wide
    begun = []
    original = checks.read_wordings_early

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        future = original(*args, **kwargs)
        if future is not None:
            begun.append(future)
        return future

    monkeypatch.setattr(checks, "read_wordings_early", counted)
    report = validate(root)
    assert len(begun) == 1 and begun[0].done()  # the casualties wordings, begun while the file was still being coded
    found = {(e.type, e.line) for e in report.errors}
    assert ("stated-as-mismatch", planted["stated-as-mismatch"]) in found
    assert ("stated-as-unreadable", planted["stated-as-unreadable"]) in found


KEPT = ["claim_id", "stated_as", "notes"]  # the fields the engine lets the fast reader keep one text per row


def copied_table(root: Path, tmp_path: Path) -> Path:
    """The casualties file of a copy of the package at ``root``, to be changed by a test."""
    copy = tmp_path / "package"
    shutil.copytree(root, copy)
    return copy / "data" / "casualties.csv"


def found_by_both_readers(table: Path) -> set[tuple[str, int | None]]:
    """What ``validate`` finds in the package holding ``table``, once it says the same with either reader."""
    package = table.parent.parent
    report = validate(package)
    assert report.to_dict() == validate(package, fast=False).to_dict()
    return {(e.type, e.line) for e in report.errors}


def test_wordings_begun_before_the_fast_reader_gives_up_are_not_used(wide: tuple[Path, dict[str, int]],
                                                                     tmp_path: Path) -> None:
    root, planted = wide
    table = copied_table(root, tmp_path)
    with open(table, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    rows[-1][header.index("locator")] = "p. 2\nand p. 3"  # a cell spanning lines, in a coded column: found last
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, *rows])
    table.write_text(text.getvalue(), encoding="utf-8")
    handed: list[int] = []
    records = reader.read(table, "casualties", "data/casualties.csv", header, texts=KEPT,
                          ready=lambda position, column: handed.append(position))
    assert handed and records.reader != "fast"  # handed on, then read anew by the exact reader
    assert ("stated-as-mismatch", planted["stated-as-mismatch"]) in found_by_both_readers(table)


def test_a_nul_and_a_byte_not_utf8_keep_the_table_with_the_fast_reader(wide: tuple[Path, dict[str, int]],
                                                                       tmp_path: Path, blocks: str) -> None:
    """The wording holding the bad byte is mended before it is read; the NUL's note too."""
    root, planted = wide
    table = copied_table(root, tmp_path)
    lines = table.read_bytes().split(b"\n")
    lines[606 - 1] = lines[606 - 1].replace(b" people\"", b" people caf\xe9\"", 1)  # in the wording (quoted)
    lines[707 - 1] = lines[707 - 1].replace(b"Generated claim", b"Generated\x00 claim", 1)  # in the note
    table.write_bytes(b"\n".join(lines))
    header = lines[0].decode().split(",")
    records = reader.read(table, "casualties", "data/casualties.csv", header, texts=KEPT)
    assert records.reader == "fast" and set(records.troubled) == {header.index("stated_as"), header.index("notes")}
    found = found_by_both_readers(table)
    assert {("encoding-error", 606), ("nul-byte", 707), ("stated-as-mismatch", planted["stated-as-mismatch"])} <= found


def test_ragged_rows_are_put_back_in_place_in_the_columns_kept_one_text_per_row(
        wide: tuple[Path, dict[str, int]], tmp_path: Path, blocks: str) -> None:
    """pyarrow skips a row of the wrong width; its cells go back at its line, in kept and coded columns alike."""
    root, planted = wide
    table = copied_table(root, tmp_path)
    lines = table.read_bytes().split(b"\n")
    header = lines[0].decode().split(",")
    lines[808 - 1] += b",surplus"  # one cell too many
    lines[909 - 1] = lines[909 - 1].rsplit(b",", 2)[0]  # two too few (status, supersedes)
    lines[1010 - 1] = lines[1010 - 1].replace(b"Generated claim", b"Generated\x00 claim", 1) + b",,"  # and a NUL
    table.write_bytes(b"\n".join(lines))
    handed: list[tuple[int, reader.Column]] = []
    records = reader.read(table, "casualties", "data/casualties.csv", header, texts=KEPT,
                          ready=lambda position, column: handed.append((position, column)))
    exact = reader.read(table, "casualties", "data/casualties.csv", header, fast=False)
    assert records.reader == "fast" and {header[j] for j, _ in handed} == set(KEPT) - {"notes"}  # notes: mended first
    assert records.rows == exact.rows == ROWS
    for row in (806, 807, 907, 1008):
        assert [column.value(row) for column in records.columns] == [column.value(row) for column in exact.columns]
    found = found_by_both_readers(table)
    assert {("extra-cell", 808), ("missing-cell", 909), ("nul-byte", 1010), ("extra-cell", 1010),
            ("stated-as-mismatch", planted["stated-as-mismatch"])} <= found


@pytest.mark.parametrize(("texts", "differ"), [
    (["cas-1", "cas-2", "cas-3"], True),  # rising: told by comparing neighbours
    (["cas-1", "cas-2", "cas-2"], False),  # in order, yet one repeats
    (["cas-2", "cas-1", "cas-3"], True),  # not in order: counted
    (["cas-2", "cas-1", "cas-2"], False),
    (["cas-1", None, "cas-2"], True),  # a missing text is no value
    (["cas-1", None, "cas-1"], False),
    (["cas-10", "cas-9"], True),  # compared byte by byte, not as numbers
])
def test_identifiers_all_differ_exactly_when_no_text_repeats(texts: list[str | None], differ: bool) -> None:
    import pyarrow as pa

    from idlibstats.validation.checks import all_differ, text_numbers

    array = pa.array(texts, pa.string())
    assert all_differ(array) is differ
    numbers = text_numbers(array).tolist()
    for i, a in enumerate(texts):  # equal texts, equal numbers; a missing text is -1
        for j, b in enumerate(texts):
            if a is not None and b is not None:
                assert (numbers[i] == numbers[j]) == (a == b)
        assert (numbers[i] == -1) == (a is None)
