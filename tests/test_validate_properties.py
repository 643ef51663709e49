"""No input, however broken, makes `idlibstats validate` raise: random bytes, random edits of a valid CSV.

Each example writes one table of a copy of the valid fixture (built by conftest.py's fixture_packages),
then checks that the library returns a report (no exception), that the report is JSON and prints in
every format, that the command exits 0, 1 or 2 only, and that the fast and the exact reader agree.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

from conftest import FixturePackages
from fixture_specs import files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idlibstats.cli.main import main
from idlibstats.validation.engine import validate
from idlibstats.validation.report import render

TABLES = ["sources", "areas", "casualties"]
PIECES = [b",", b'"', b"\n", b"\r", b"\r\n", b"\x00", b"\xe9", b"\xef\xbb\xbf", b"\xff\xfe", b"=", b"\t", b" ",
          b"", b"2020-01-01", b"15/03/2020", b"-1", b"99999999999999999999", b"cas-1", b"syr", b"\xf0\x9f\x98\x80"]
EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


@contextlib.contextmanager
def package_with(valid: Path, table: str, data: bytes):  # type: ignore[no-untyped-def]
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "package"
        shutil.copytree(valid, root)
        (root / "data" / f"{table}.csv").write_bytes(data)
        yield root


def check(root: Path) -> None:
    report = validate(root)
    assert validate(root, fast=False).to_dict() == report.to_dict()
    json.dumps(report.to_dict()).encode("utf-8")
    for form in ("text", "json", "github"):
        render(report, form).encode("utf-8")
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["validate", str(root), "--format", "json"])
    assert code in (0, 1, 2)
    assert code == report.exit_code
    assert json.loads(out.getvalue()) == report.to_dict()


@EXAMPLES
@given(table=st.sampled_from(TABLES), data=st.binary(max_size=400))
def test_random_bytes_as_a_table(fixture_packages: FixturePackages, table: str, data: bytes) -> None:
    with package_with(fixture_packages["valid"], table, data) as root:
        check(root)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid table with a few bytes inserted, deleted or replaced, CSV-significant ones most often."""
    table = draw(st.sampled_from(TABLES))
    data = bytearray(files("valid")[f"data/{table}.csv"])  # the table of the built fixture "valid"
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(PIECES) | st.binary(min_size=1, max_size=3))
        if action == "insert":
            data[at:at] = piece
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        else:
            data[at:at + len(piece)] = piece
    return table, bytes(data)


@EXAMPLES
@given(case=mutated())
def test_random_edits_of_a_valid_table(fixture_packages: FixturePackages, case: tuple[str, bytes]) -> None:
    table, data = case
    with package_with(fixture_packages["valid"], table, data) as root:
        check(root)


@settings(max_examples=25, deadline=None)
@given(text=st.text(max_size=300))
def test_random_text_as_the_descriptor(fixture_packages: FixturePackages, text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "package"
        shutil.copytree(fixture_packages["valid"], root)
        (root / "datapackage.json").write_text(text, encoding="utf-8", errors="surrogatepass")
        report = validate(root)
        assert report.exit_code == 2
        json.dumps(report.to_dict()).encode("utf-8")
