"""The fixture packages of the validation tests, as specs: one record per package, built when the tests run.

Each spec names a package, says how it differs from a small valid base package (its mutation), and
lists every finding ``idlibstats validate`` must give on it, and no other: (table, type, line), line 1
being the header, ``None`` for no table or no line. conftest.py builds every spec into a temporary
folder once per session (the ``fixture_packages`` fixture); nothing of them is committed.

The base package: the sources, areas and casualties schemas of the shipped datapackage.json (so the
rules run on the real columns; areas.pcode is made unique to have a unique field that is not a primary
key), a few rows, and an archived "source" in seeds/: a few sentences written for the tests, which
describe no real event. Byte-level defects (a BOM and CRLF, invalid UTF-8, a NUL byte, a binary file)
are written here as escapes: this file is plain ASCII, so no checkout or line-end conversion can
change the bytes a fixture gets.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from idlibstats.package.folder import DataPackage

Finding = tuple[str | None, str, int | None]
TABLES = ("sources", "areas", "casualties")
SEED = (
    "Test report (fictional, written for the idlibstats test suite; it describes no real event).\n"
    "\n"
    "On 3 March 2020 the test report counted 12 people injured, all of them in one\n"
    "fictional street. It also says that more than 40 people were killed that week.\n"
)
SHA = hashlib.sha256(SEED.encode()).hexdigest()


def base_descriptor() -> dict[str, Any]:
    """The base descriptor: three resources of the shipped package, areas.pcode made unique."""
    real = json.loads((DataPackage.shipped().root / "datapackage.json").read_text(encoding="utf-8"))
    keep = {r["name"]: r for r in real["resources"] if r["name"] in TABLES}
    resources = [json.loads(json.dumps(keep[n])) for n in TABLES]
    for column in resources[1]["schema"]["fields"]:
        if column["name"] == "pcode":
            column.setdefault("constraints", {})["unique"] = True
    return {
        "$schema": real["$schema"], "name": "fixture", "title": "A small package for the idlibstats validation tests",
        "version": "0.0.1", "licenses": real["licenses"], "idlibstats": real.get("idlibstats", {}),
        "resources": resources,
    }


DESCRIPTOR = base_descriptor()
FIELDS = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in DESCRIPTOR["resources"]}

SOURCES = [
    dict(source_id="test-report", title="Test report", published="2020-03-04", url="https://example.org/report",
         archive_path="seeds/report.txt", sha256=SHA, source_type="other", accessed="2026-01-15",
         notes="A fictional document written for the tests."),
    dict(source_id="web-page", title="A page cited by address only", url="https://example.org/page",
         source_type="other", accessed="2026-01-15"),
]
AREAS = [
    dict(area_id="syr", name="Syrian Arab Republic", level="country", iso3="SYR", pcode="SY"),
    dict(area_id="syr-idleb", name="Idleb", level="admin1", iso3="SYR", pcode="SY07", parent_id="syr"),
    dict(area_id="syr-aleppo", name="Aleppo", level="admin1", iso3="SYR", pcode="SY02", parent_id="syr"),
]
Q1 = "On 3 March 2020 the test report counted 12 people injured, all of them in one fictional street."
Q2 = "It also says that more than 40 people were killed that week."
CORE = dict(claimant="the report", victim_group="civilian", date_precision="day", locator="line 3", status="active")
# the casualties rows are on lines 2 to 5
CAS = [
    dict(CORE, claim_id="cas-1", source_id="test-report", outcome="injured", area_id="syr-idleb",
         period_start="2020-03-03", period_end="2020-03-03", stated_as="12 people", qualifier="exact",
         value_low="12", value_best="12", value_high="12", quote=Q1),
    dict(CORE, claim_id="cas-2", source_id="test-report", outcome="killed", area_id="syr-idleb",
         period_start="2020-03-01", period_end="2020-03-07", date_precision="week", stated_as="more than 40 people",
         qualifier="more_than", value_low="40", quote=Q2, notes="A week's figure."),
    dict(CORE, claim_id="cas-3", source_id="web-page", outcome="injured", area_id="syr-aleppo",
         period_start="2020-03-02", period_end="2020-03-02", stated_as="about 30", qualifier="about",
         value_best="30", locator="second paragraph", notes="Cited by address only."),
    dict(CORE, claim_id="cas-4", source_id="web-page", outcome="killed", area_id="syr", victim_group="unknown",
         period_start="2020-02-01", period_end="2020-02-29", date_precision="month", stated_as="dozens",
         qualifier="vague", value_low="24", locator="third paragraph",
         notes="Vague wording, lower bound from the table."),
]
BASE_ROWS = {"sources": SOURCES, "areas": AREAS, "casualties": CAS}


def lines(table: str, rows: list[dict[str, str]]) -> list[str]:
    """CSV records (header first) of dict rows, in the schema's column order; a record may span lines."""
    records = []
    for cells in [FIELDS[table]] + [[row.get(f, "") for f in FIELDS[table]] for row in rows]:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(cells)
        records.append(out.getvalue()[:-1])
    return records


@dataclass
class Draft:
    """A package being built: a copy of the base package, which a spec's mutation then changes."""

    descriptor: dict[str, Any] | str  # a dict is written as JSON; a str as it is
    tables: dict[str, list[str] | bytes]  # CSV records joined with "\n" (header first), or the file's bytes
    seed: str | None = SEED  # seeds/report.txt, None for no archive

    @classmethod
    def base(cls) -> Draft:
        return cls(json.loads(json.dumps(DESCRIPTOR)), {name: lines(name, BASE_ROWS[name]) for name in TABLES})

    def files(self) -> dict[str, bytes]:
        """Every file of the package, by its path in the package folder."""
        text = self.descriptor if isinstance(self.descriptor, str) else \
            json.dumps(self.descriptor, indent=1, ensure_ascii=False) + "\n"
        files = {"datapackage.json": text.encode("utf-8")}
        for name in TABLES:
            rows = self.tables[name]
            files[f"data/{name}.csv"] = rows if isinstance(rows, bytes) else "".join(r + "\n" for r in rows).encode("utf-8")
        if self.seed is not None:
            files["seeds/report.txt"] = self.seed.encode("utf-8")
        return files


Mutation = Callable[[Draft], None]


@dataclass(frozen=True)
class Spec:
    """One fixture package: its name, how it differs from the base package, and the findings it must give."""

    name: str
    mutation: Mutation
    expected: frozenset[Finding] = field(default_factory=frozenset)

    def files(self) -> dict[str, bytes]:
        draft = Draft.base()
        self.mutation(draft)
        return draft.files()

    def build(self, folder: Path) -> Path:
        """Write the package into ``folder`` (which must not exist yet); return it."""
        (folder / "data").mkdir(parents=True)
        (folder / "seeds").mkdir()
        for relative, data in self.files().items():
            (folder / relative).write_bytes(data)
        return folder


def spec(name: str, mutation: Mutation, *expected: Finding) -> Spec:
    return Spec(name, mutation, frozenset(expected))


# --- mutations -------------------------------------------------------------------------------------

def unchanged(draft: Draft) -> None:
    pass


def records(table: str, change: Callable[[list[str]], list[str] | bytes]) -> Mutation:
    """The table's records (header first, no line ends) replaced by ``change`` of them: records or bytes."""
    def mutate(draft: Draft) -> None:
        current = draft.tables[table]
        assert isinstance(current, list)
        draft.tables[table] = change(list(current))
    return mutate


def edit(table: str, *edits: tuple[int, str, str]) -> Mutation:
    """On each (line, old, new): the first ``old`` on that line of the table becomes ``new``."""
    def change(rows: list[str]) -> list[str]:
        for line, old, new in edits:
            assert old in rows[line - 1], (table, line, old, rows[line - 1])
            rows[line - 1] = rows[line - 1].replace(old, new, 1)
        return rows
    return records(table, change)


def cells(table: str, number: int, **changed: str) -> Mutation:
    """Row ``number`` of the base rows (0 is on line 2) with some cells changed."""
    rows = [dict(r) for r in BASE_ROWS[table]]
    rows[number].update(changed)
    return rows_of(table, rows)


def rows_of(table: str, rows: list[dict[str, str]]) -> Mutation:
    """The table holds exactly ``rows``."""
    return records(table, lambda _: lines(table, rows))


def raw(table: str, data: Callable[[bytes], bytes]) -> Mutation:
    """The table's file is ``data`` of the base file's bytes."""
    def mutate(draft: Draft) -> None:
        draft.tables[table] = data(draft.files()[f"data/{table}.csv"])
    return mutate


def descriptor(change: Callable[[dict[str, Any]], object]) -> Mutation:
    def mutate(draft: Draft) -> None:
        assert isinstance(draft.descriptor, dict)
        change(draft.descriptor)
    return mutate


def descriptor_text(text: Callable[[dict[str, Any]], str]) -> Mutation:
    def mutate(draft: Draft) -> None:
        assert isinstance(draft.descriptor, dict)
        draft.descriptor = text(draft.descriptor)
    return mutate


def seed(text: str | None) -> Mutation:
    def mutate(draft: Draft) -> None:
        draft.seed = text
    return mutate


def every_table(mutation: Callable[[str], Mutation]) -> Mutation:
    def mutate(draft: Draft) -> None:
        for name in TABLES:
            mutation(name)(draft)
    return mutate


def no_sources(d: dict[str, Any]) -> None:
    """The sources resource removed, with the casualties foreign key to it."""
    d["resources"].pop(0)
    d["resources"][1]["schema"]["foreignKeys"] = [
        fk for fk in d["resources"][1]["schema"]["foreignKeys"] if fk["reference"].get("resource") != "sources"]


def drift(rows: list[str]) -> list[str]:
    """What naive readers get wrong: a cell over two lines (3-4), a blank line (5), a row too long (6),
    one too short (7), then a date pandas would accept (8); each finding must keep its own line."""
    return rows[:2] + [
        lines("casualties", [dict(CAS[1], quote=Q2.replace("were killed", "were\nkilled"))])[1],
        "", rows[3] + ",surplus", rows[4].rsplit(",", 2)[0],
        lines("casualties", [dict(CAS[3], claim_id="cas-5", period_start="15/03/2020", period_end="2020-03-20")])[1],
    ]


# corrections: cas-3 (line 4) corrected by rows appended on lines 6 and 7
SUPERSEDED = [dict(r) for r in CAS]
SUPERSEDED[2].update(status="superseded")
FIX = dict(CAS[2], claim_id="cas-5", supersedes="cas-3", notes="Correction: the figure was read again.")
BOM = b"\xef\xbb\xbf"


# --- the specs -------------------------------------------------------------------------------------

SPECS: tuple[Spec, ...] = (
    spec("valid", unchanged),
    # every table starts with a BOM and ends its lines with CRLF
    spec("valid-bom-crlf", every_table(lambda name: raw(name, lambda data: BOM + data.replace(b"\n", b"\r\n")))),
    # the descriptor: nothing is read
    spec("json-error", descriptor_text(lambda d: json.dumps(d, indent=1)[:-300]), (None, "json-error", None)),
    spec("package-error", descriptor(lambda d: d["resources"][1]["schema"].update(primaryKey=["region_id"])),
         (None, "package-error", None)),
    spec("unsafe-path", descriptor(lambda d: d["resources"][1].update(path="../outside/areas.csv")),
         ("areas", "unsafe-path", None)),
    # the files
    spec("missing-file", descriptor(lambda d: d["resources"][1].update(path="data/regions.csv")),
         ("areas", "missing-file", None)),
    spec("empty-file", raw("areas", lambda _: b""), ("areas", "empty-file", None)),
    spec("binary-file", raw("areas", lambda _: b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256))),
         ("areas", "binary-file", None)),
    # "Idleb" on line 3 with a Latin-1 e-grave: not UTF-8
    spec("encoding-error", raw("areas", lambda data: data.replace(b"Idleb", b"Idl\xe8b")), ("areas", "encoding-error", 3)),
    spec("nul-byte", edit("casualties", (3, "A week's figure.", "A week's\x00 figure.")), ("casualties", "nul-byte", 3)),
    # an open quote on line 5: that row is read from its line alone, and line 6 is still checked
    spec("quote-error", records("areas", lambda rows: rows + ['syr-hama,"Hama,admin1,SYR,SY05,syr',
                                                             "syr-homs,Homs,admin1,SYR,sy04,syr"]),
         ("areas", "quote-error", 5), ("areas", "missing-cell", 5), ("areas", "constraint-error", 6)),
    # the header
    spec("blank-header", records("areas", lambda rows: [""] + rows), ("areas", "blank-header", 1)),
    spec("missing-label", records("areas", lambda rows: [r.rsplit(",", 1)[0] for r in rows]),
         ("areas", "missing-label", 1)),
    spec("extra-label", records("areas", lambda rows: [rows[0] + ",population"] + [r + ",1000" for r in rows[1:]]),
         ("areas", "extra-label", 1)),
    spec("incorrect-label", edit("areas", (1, "name", "area_name")), ("areas", "incorrect-label", 1)),
    # the rows
    spec("blank-row", records("casualties", lambda rows: rows[:3] + [""] + rows[3:]), ("casualties", "blank-row", 4)),
    spec("missing-cell", edit("casualties", (4, ",active,", "")), ("casualties", "missing-cell", 4)),
    spec("extra-cell", records("casualties", lambda rows: rows[:3] + [rows[3] + ",surplus"] + rows[4:]),
         ("casualties", "extra-cell", 4)),
    # the cells: 01/03/2020 and 20200229 are not ISO dates
    spec("type-error", edit("casualties", (3, "2020-03-01", "01/03/2020"), (5, "2020-02-29", "20200229")),
         ("casualties", "type-error", 3), ("casualties", "type-error", 5)),
    # (-40 for "more than 40 people" also breaks stated-as-mismatch)
    spec("constraint-error", edit("casualties", (2, "injured", "wounded"), (3, ",40,,,", ",-40,,,"), (5, "cas-4,", "CAS-4,")),
         ("casualties", "constraint-error", 2), ("casualties", "constraint-error", 3),
         ("casualties", "constraint-error", 5), ("casualties", "stated-as-mismatch", 3)),
    spec("unique-error", edit("areas", (4, "SY02", "SY07")), ("areas", "unique-error", 4)),
    spec("primary-key", edit("casualties", (5, "cas-4", "cas-2")), ("casualties", "primary-key", 5)),
    spec("foreign-key", edit("casualties", (4, "syr-aleppo", "syr-hama")), ("casualties", "foreign-key", 4)),
    spec("formula-like-value", cells("casualties", 2, notes='=HYPERLINK("http://example.org")'),
         ("casualties", "formula-like-value", 4)),
    # the rules (a claim with no bound also breaks its qualifier's pattern of bounds)
    # (a bound changed against its wording also breaks stated-as-mismatch: the words say otherwise)
    spec("value-missing", cells("casualties", 2, value_best=""),
         ("casualties", "value-missing", 4), ("casualties", "qualifier-bounds", 4), ("casualties", "stated-as-mismatch", 4)),
    spec("value-order", cells("casualties", 0, qualifier="range", value_low="12", value_best="", value_high="10",
                              stated_as="12 people"),
         ("casualties", "value-order", 2), ("casualties", "stated-as-mismatch", 2)),
    spec("qualifier-bounds", cells("casualties", 1, value_low="", value_best="40"),
         ("casualties", "qualifier-bounds", 3), ("casualties", "stated-as-mismatch", 3)),
    spec("period-order", cells("casualties", 1, period_start="2020-03-07", period_end="2020-03-01"),
         ("casualties", "period-order", 3)),
    spec("quote-missing", cells("casualties", 1, quote=""), ("casualties", "quote-missing", 3)),
    spec("quote-not-found", cells("casualties", 0, quote=Q1.replace("injured", "wounded")),
         ("casualties", "quote-not-found", 2)),
    spec("stated-not-in-quote", cells("casualties", 0, stated_as="twelve people"), ("casualties", "stated-not-in-quote", 2)),
    # with the archive gone, its quotes cannot be found either
    spec("archive-missing", seed(None),
         ("sources", "archive-missing", 2), ("casualties", "quote-not-found", 2), ("casualties", "quote-not-found", 3)),
    spec("archive-hash-missing", cells("sources", 0, sha256=""), ("sources", "archive-hash-missing", 2)),
    spec("archive-changed", seed(SEED.replace("fictional street", "fictional  street")), ("sources", "archive-changed", 2)),
    spec("quote-unarchived", cells("casualties", 2, quote="It counted about 30 people injured."),
         ("casualties", "quote-unarchived", 4)),
    spec("source-unlocatable", cells("sources", 1, url=""), ("sources", "source-unlocatable", 3)),
    spec("stated-as-unreadable", cells("casualties", 2, stated_as="several dozen"), ("casualties", "stated-as-unreadable", 4)),
    spec("stated-as-mismatch", cells("casualties", 2, value_best="31"), ("casualties", "stated-as-mismatch", 4)),  # "about 30"
    # corrections
    spec("supersession-cycle", rows_of("casualties", CAS + [
        dict(FIX, claim_id="cas-5", supersedes="cas-6", status="superseded"),
        dict(FIX, claim_id="cas-6", supersedes="cas-5", status="superseded")]),
         ("casualties", "supersession-cycle", 6), ("casualties", "supersession-cycle", 7)),
    spec("supersession-successors", rows_of("casualties", SUPERSEDED + [FIX, dict(FIX, claim_id="cas-6")]),
         ("casualties", "supersession-successors", 6), ("casualties", "supersession-successors", 7)),
    spec("supersession-status", cells("casualties", 2, status="superseded"), ("casualties", "supersession-status", 4)),
    spec("supersession-quantity", rows_of("casualties", SUPERSEDED + [dict(FIX, outcome="killed")]),
         ("casualties", "supersession-quantity", 6)),
    spec("correction-reason", rows_of("casualties", SUPERSEDED + [dict(FIX, notes="Read again.")]),
         ("casualties", "correction-reason", 6)),
    spec("withdrawn-reason", cells("casualties", 2, status="withdrawn"), ("casualties", "withdrawn-reason", 4)),
    spec("rule-error", descriptor(no_sources), ("casualties", "rule-error", None)),
    # pd.read_csv would drop, pad or shift these rows and every line after them
    spec("line-drift", records("casualties", drift),
         ("casualties", "blank-row", 5), ("casualties", "extra-cell", 6), ("casualties", "missing-cell", 7),
         ("casualties", "type-error", 8)),
    # one run reports every kind of error of a contribution, however many cells are bad
    spec("every-error-surfaces", rows_of("casualties", [
        dict(CAS[0], value_high="twelve"),
        dict(CAS[1], source_id="no-source"),
        dict(CAS[2], outcome="wounded", notes="@mention"),
        dict(CAS[3], claim_id="cas-3", period_start="2020-03-05", period_end="2020-03-01", date_precision="day"),
    ]),
         ("casualties", "type-error", 2), ("casualties", "qualifier-bounds", 2), ("casualties", "stated-as-mismatch", 2),
         ("casualties", "quote-unarchived", 3), ("casualties", "foreign-key", 3), ("casualties", "constraint-error", 4),
         ("casualties", "formula-like-value", 4), ("casualties", "primary-key", 5), ("casualties", "period-order", 5)),
)
BY_NAME = {s.name: s for s in SPECS}
assert len(BY_NAME) == len(SPECS), "two specs share a name"


def files(name: str) -> dict[str, bytes]:
    """The files of fixture ``name``, by path in its folder, without writing them."""
    return BY_NAME[name].files()


def build_all(folder: Path) -> dict[str, Path]:
    """Build every spec into ``folder``/<name>; return the folder of each by name."""
    return {s.name: s.build(folder / s.name) for s in SPECS}


# --- appended: header and file findings of their own types; every property of the standard ----------------
# (idlibstats.package.descriptor.PROPERTIES). The four specs added to SPECS give the new finding types of
# the header and the file; test_validate_parity.py judges them as it judges every spec of SPECS. The
# property specs are kept apart in PROPERTY_SPECS (built and judged by test_descriptor_properties.py,
# with a parity test of its own): test_validate_parity.py replaces each resource's dialect before
# frictionless reads it, and knows only the finding types frictionless and idlibstats shared before.

def resource_of(d: dict[str, Any], table: str) -> dict[str, Any]:
    return next(r for r in d["resources"] if r["name"] == table)


def field_of(d: dict[str, Any], table: str, name: str) -> dict[str, Any]:
    return next(f for f in resource_of(d, table)["schema"]["fields"] if f["name"] == name)


def both(*mutations: Mutation) -> Mutation:
    def mutate(draft: Draft) -> None:
        for mutation in mutations:
            mutation(draft)
    return mutate


def at_package(props: dict[str, Any]) -> Mutation:
    return descriptor(lambda d: d.update(props))


def at_resource(table: str, props: dict[str, Any]) -> Mutation:
    return descriptor(lambda d: resource_of(d, table).update(props))


def at_dialect(table: str, props: dict[str, Any]) -> Mutation:
    return descriptor(lambda d: resource_of(d, table).setdefault("dialect", {}).update(props))


def at_schema(table: str, props: dict[str, Any]) -> Mutation:
    return descriptor(lambda d: resource_of(d, table)["schema"].update(props))


def at_field(table: str, name: str, props: dict[str, Any]) -> Mutation:
    return descriptor(lambda d: field_of(d, table, name).update(props))


def at_constraints(table: str, name: str, props: dict[str, Any]) -> Mutation:
    return descriptor(lambda d: field_of(d, table, name).setdefault("constraints", {}).update(props))


def without(table: str, name: str, key: str) -> Mutation:
    return descriptor(lambda d: field_of(d, table, name).pop(key, None))


def new_column(table: str, props: dict[str, Any], cells: list[str]) -> Mutation:
    """A field appended to the table's schema, and a column to its file: the header, then one cell per row."""
    def mutate(draft: Draft) -> None:
        assert isinstance(draft.descriptor, dict)
        resource_of(draft.descriptor, table)["schema"]["fields"].append(props)
        rows = draft.tables[table]
        assert isinstance(rows, list) and len(rows) == len(cells) + 1
        draft.tables[table] = [rows[0] + "," + props["name"]] + [r + "," + c for r, c in zip(rows[1:], cells)]
    return mutate


def digest(table: str, algorithm: str) -> str:
    """The digest of the base package's file of ``table``."""
    return hashlib.new(algorithm, Draft.base().files()[f"data/{table}.csv"]).hexdigest()


def size(table: str) -> int:
    return len(Draft.base().files()[f"data/{table}.csv"])


def renamed_areas(name: str) -> Mutation:
    """The areas resource renamed, the casualties foreign key following it."""
    def change(d: dict[str, Any]) -> None:
        resource_of(d, "areas")["name"] = name
        for fk in resource_of(d, "casualties")["schema"]["foreignKeys"]:
            if fk["reference"].get("resource") == "areas":
                fk["reference"]["resource"] = name
    return descriptor(change)


# a header with a repeated (or an empty) cell where a field is expected; its last column lost, as when a
# column is pasted over another: frictionless reports the repeat (the blank) and the missing label
SPECS = SPECS + (
    spec("blank-label", records("areas", lambda rows: ["area_id,,level,iso3,pcode"]
                                + [r.rsplit(",", 1)[0] for r in rows[1:]]),
         ("areas", "blank-label", 1), ("areas", "missing-label", 1)),
    spec("duplicate-label", records("areas", lambda rows: ["area_id,name,level,iso3,name"]
                                    + [r.rsplit(",", 1)[0] for r in rows[1:]]),
         ("areas", "duplicate-label", 1), ("areas", "missing-label", 1)),
    # the sources file edited after its hash was recorded (frictionless checks md5 and sha256 only)
    spec("hash-count", both(at_resource("sources", {"hash": "sha512:" + digest("sources", "sha512")}),
                            edit("sources", (3, "A page cited by address only", "A page cited by its address"))),
         ("sources", "hash-count", None)),
    # (frictionless leaves a size of 0 unchecked; test_descriptor_properties.py checks a real size against it)
    spec("byte-count", at_resource("areas", {"bytes": 0}), ("areas", "byte-count", None)),
)
BY_NAME = {s.name: s for s in SPECS}
assert len(BY_NAME) == len(SPECS), "two specs share a name"

REFUSED: Finding = (None, "package-error", None)


def property_spec(level: str, name: str, mutation: Mutation, *expected: Finding, variant: str = "") -> Spec:
    """The spec of a property of descriptor.PROPERTIES, named after its level and name (and a variant)."""
    return spec(property_spec_name(level, name) + (f"-{variant}" if variant else ""), mutation, *expected)


def property_spec_name(level: str, name: str) -> str:
    slug = name.replace("$schema", "dollar-schema").replace(": ", "-").replace(" ", "-")
    return f"property-{level.replace(' ', '-')}-{slug}"


def refused_type(type_: str) -> Spec:
    return property_spec("type", type_, at_field("sources", "publisher", {"type": type_}), REFUSED)


def refused_format(label: str, form: str) -> Spec:
    type_ = label.split(":")[0]
    target = ("sources", "publisher") if type_ == "string" else ("sources", "published")
    return property_spec("format", label, at_field(*target, {"format": form}), REFUSED)


SKIPPED_SPACES = edit("casualties", (2, ",exact,12,12,12,", ",exact, 12, 12, 12,"))
COMMENTED = records("areas", lambda rows: ["# Areas of the fixture package", rows[0], rows[1],
                                           "#syr-hama,Hama,admin1,SYR,SY05,syr (not yet confirmed)"] + rows[2:]
                    + ["syr-homs,Homs,admin1,SYR,sy04,syr"])
PROPERTY_SPECS: tuple[Spec, ...] = (
    # the package
    property_spec("package", "resources", at_package({"resources": []}), REFUSED),
    property_spec("package", "$schema", at_package({"$schema": "https://example.org/profiles/my-package.json"}),
                  REFUSED),
    property_spec("package", "$schema", at_package({"$schema": "https://datapackage.org/profiles/1.0/datapackage.json"}),
                  variant="v1"),
    *[property_spec("package", key, at_package({key: 5}), REFUSED)
      for key in ("name", "id", "title", "description", "homepage", "image", "version")],
    property_spec("package", "created", at_package({"created": "5 March 2020"}), REFUSED),
    property_spec("package", "keywords", at_package({"keywords": "Syria"}), REFUSED),
    property_spec("package", "licenses", at_package({"licenses": [{"title": "Some licence"}]}), REFUSED),
    property_spec("package", "contributors", at_package({"contributors": [{}]}), REFUSED),
    property_spec("package", "sources", at_package({"sources": "the sources table"}), REFUSED),
    property_spec("package", "profile", at_package({"profile": "fiscal-data-package"}), REFUSED),
    property_spec("package", "profile", at_package({"profile": "tabular-data-package"}), variant="v1"),
    # a resource
    property_spec("resource", "name", renamed_areas("Areas (2020)")),
    property_spec("resource", "name", renamed_areas("data/areas"), REFUSED, variant="slash"),
    property_spec("resource", "path", at_resource("areas", {"path": ["data/areas.csv", "data/more-areas.csv"]}),
                  REFUSED),
    property_spec("resource", "data", at_resource("areas", {"data": [["syr", "Syria"]]}), REFUSED),
    property_spec("resource", "type", at_resource("areas", {"type": "json"}), REFUSED),
    property_spec("resource", "$schema", at_resource("areas", {"$schema": "https://example.org/my-resource.json"}),
                  REFUSED),
    property_spec("resource", "title", at_resource("areas", {"title": ["Areas"]}), REFUSED),
    property_spec("resource", "description", at_resource("areas", {"description": 5}), REFUSED),
    property_spec("resource", "format", at_resource("areas", {"format": "xlsx"}), REFUSED),
    property_spec("resource", "mediatype", at_resource("areas", {"mediatype": "application/json"}), REFUSED),
    property_spec("resource", "encoding", at_resource("areas", {"encoding": "windows-1252"}), REFUSED),
    property_spec("resource", "encoding", both(at_resource("areas", {"encoding": "utf-8-sig"}),
                                               raw("areas", lambda data: BOM + data)), variant="utf-8-sig"),
    property_spec("resource", "encoding", at_resource("areas", {"encoding": "UTF8"}), variant="utf8"),
    property_spec("resource", "bytes", at_resource("areas", {"bytes": size("areas") + 1}), ("areas", "byte-count", None)),
    property_spec("resource", "bytes", at_resource("areas", {"bytes": size("areas")}), variant="matching"),
    property_spec("resource", "hash", at_resource("areas", {"hash": digest("areas", "md5")[::-1]}),
                  ("areas", "hash-count", None)),
    property_spec("resource", "hash", at_resource("areas", {"hash": "sha256:" + digest("areas", "sha256")}),
                  variant="sha256"),
    property_spec("resource", "hash", both(at_resource("areas", {"hash": "sha256:" + digest("areas", "sha256")}),
                                           edit("areas", (3, "Idleb", "Idlib"))),
                  ("areas", "hash-count", None), variant="sha256-changed"),
    property_spec("resource", "hash", at_resource("areas", {"hash": "sha1:" + "0" * 40}), ("areas", "hash-count", None),
                  variant="sha1"),
    property_spec("resource", "hash", at_resource("areas", {"hash": "crc32:0a1b2c3d"}), REFUSED, variant="crc32"),
    property_spec("resource", "sources", at_resource("areas", {"sources": {"title": "OCHA"}}), REFUSED),
    property_spec("resource", "licenses", at_resource("areas", {"licenses": ["CC-BY-4.0"]}), REFUSED),
    property_spec("resource", "dialect", at_resource("areas", {"dialect": "dialect.json"}), REFUSED),
    property_spec("resource", "schema", at_resource("areas", {"schema": "areas-schema.json"}), REFUSED),
    property_spec("resource", "profile", at_resource("areas", {"profile": "fiscal-data-resource"}), REFUSED),
    property_spec("resource", "profile", at_resource("areas", {"profile": "tabular-data-resource"}), variant="v1"),
    property_spec("resource", "url", at_resource("areas", {"url": "https://example.org/areas.csv"}), REFUSED),
    property_spec("resource", "scheme", at_resource("areas", {"scheme": "https"}), REFUSED),
    property_spec("resource", "compression", at_resource("areas", {"compression": "gz"}), REFUSED),
    property_spec("resource", "innerpath", at_resource("areas", {"innerpath": "areas.csv"}), REFUSED),
    property_spec("resource", "extrapaths", at_resource("areas", {"extrapaths": ["data/more-areas.csv"]}), REFUSED),
    # a dialect
    property_spec("dialect", "$schema", at_dialect("areas", {"$schema": "https://example.org/my-dialect.json"}),
                  REFUSED),
    property_spec("dialect", "header", at_dialect("areas", {"header": False}), REFUSED),
    property_spec("dialect", "headerRows", at_dialect("areas", {"headerRows": [1, 2]}), REFUSED),
    property_spec("dialect", "headerJoin", at_dialect("areas", {"headerJoin": "-"})),
    property_spec("dialect", "commentRows", at_dialect("areas", {"commentRows": [2]}), REFUSED),
    # comments above the header (line 1) and among the rows (line 4) are skipped; line 7 keeps its number
    property_spec("dialect", "commentChar", both(at_dialect("areas", {"commentChar": "#"}), COMMENTED),
                  ("areas", "constraint-error", 7)),
    property_spec("dialect", "delimiter", at_dialect("areas", {"delimiter": ";"}), REFUSED),
    property_spec("dialect", "lineTerminator", at_dialect("areas", {"lineTerminator": "|"}), REFUSED),
    property_spec("dialect", "lineTerminator", at_dialect("areas", {"lineTerminator": "\n"}), variant="lf"),
    property_spec("dialect", "quoteChar", at_dialect("areas", {"quoteChar": "'"}), REFUSED),
    property_spec("dialect", "doubleQuote", at_dialect("areas", {"doubleQuote": False}), REFUSED),
    property_spec("dialect", "escapeChar", at_dialect("areas", {"escapeChar": "\\"}), REFUSED),
    # \N in two bounds of an "about" claim: missing, as empty cells are
    property_spec("dialect", "nullSequence", both(at_dialect("casualties", {"nullSequence": "\\N"}),
                                                  edit("casualties", (4, ",about,,30,,", ",about,\\N,30,\\N,")))),
    property_spec("dialect", "skipInitialSpace", both(at_dialect("casualties", {"skipInitialSpace": True}),
                                                      SKIPPED_SPACES)),
    # the same spaces without skipInitialSpace: part of the cells, which are no integers then
    property_spec("dialect", "skipInitialSpace", SKIPPED_SPACES, ("casualties", "type-error", 2),
                  ("casualties", "qualifier-bounds", 2), ("casualties", "stated-as-mismatch", 2),
                  ("casualties", "value-missing", 2), variant="unset"),
    *[property_spec("dialect", key, at_dialect("areas", {key: value}), REFUSED)
      for key, value in (("property", "rows"), ("itemType", "array"), ("itemKeys", ["area_id"]),
                         ("sheetNumber", 2), ("sheetName", "Areas"), ("table", "areas"))],
    property_spec("dialect", "csv", both(at_dialect("casualties", {"csv": {"skipInitialSpace": True}}), SKIPPED_SPACES)),
    property_spec("dialect", "csv", at_dialect("areas", {"csv": {"delimiter": ";"}}), REFUSED, variant="delimiter"),
    property_spec("dialect", "csv", at_dialect("areas", {"delimiter": ",", "csv": {"delimiter": ";"}}), REFUSED,
                  variant="disagreeing"),
    property_spec("dialect", "caseSensitiveHeader", at_dialect("areas", {"caseSensitiveHeader": False}), REFUSED),
    property_spec("dialect", "csvddfVersion", at_dialect("areas", {"csvddfVersion": [1, 2]}), REFUSED),
    property_spec("dialect", "headerCase", at_dialect("areas", {"headerCase": False}), REFUSED),
    property_spec("dialect", "skipBlankRows", at_dialect("areas", {"skipBlankRows": True}), REFUSED),
    # a schema
    property_spec("schema", "fields", at_schema("areas", {"fields": []}), REFUSED),
    property_spec("schema", "$schema", at_schema("areas", {"$schema": "https://example.org/my-schema.json"}), REFUSED),
    property_spec("schema", "fieldsMatch", at_schema("areas", {"fieldsMatch": "equal"}), REFUSED),
    property_spec("schema", "fieldsMatch", at_schema("areas", {"fieldsMatch": "exact"}), variant="exact"),
    # NA is missing: an empty bound of an "about" claim, but a claimant is required
    property_spec("schema", "missingValues", both(at_schema("casualties", {"missingValues": ["", "NA"]}),
                                                  edit("casualties", (4, ",about,,30,,", ",about,NA,30,,"),
                                                       (3, ",the report,", ",NA,"))),
                  ("casualties", "constraint-error", 3)),
    property_spec("schema", "missingValues", both(
        at_schema("casualties", {"missingValues": [{"value": "", "label": "not stated"},
                                                   {"value": "NA", "label": "not available"}]}),
        edit("casualties", (4, ",about,,30,,", ",about,NA,30,,"))), variant="labels"),
    # nothing is missing: the country's empty parent_id is the text "", which breaks the pattern and names no area
    property_spec("schema", "missingValues", at_schema("areas", {"missingValues": []}),
                  ("areas", "constraint-error", 2), ("areas", "foreign-key", 2), variant="none"),
    property_spec("schema", "primaryKey", both(at_schema("areas", {"primaryKey": "area_id"}),
                                               edit("areas", (4, "syr-aleppo", "syr-idleb"))),
                  ("areas", "primary-key", 4), ("casualties", "foreign-key", 4)),
    property_spec("schema", "uniqueKeys", at_schema("areas", {"uniqueKeys": [["level", "iso3"]]}),
                  ("areas", "unique-error", 4)),
    property_spec("schema", "uniqueKeys", at_schema("areas", {"uniqueKeys": [["level", "region_id"]]}), REFUSED,
                  variant="unknown-field"),
    property_spec("schema", "foreignKeys", at_schema("areas", {"foreignKeys": "parent_id"}), REFUSED),
    # a foreign key, as v1 wrote them: fields as one string, a reference to this table as ""
    property_spec("foreign key", "fields", at_schema("areas", {"foreignKeys": [
        {"fields": "parent_id", "reference": {"resource": "", "fields": "area_id"}}]})),
    property_spec("foreign key", "reference", both(at_schema("areas", {"foreignKeys": [
        {"fields": ["parent_id"], "reference": {"resource": "", "fields": ["area_id"]}}]}),
        edit("areas", (4, ",syr", ",syr-hama"))), ("areas", "foreign-key", 4)),
    # a field
    property_spec("field", "name", at_field("areas", "pcode", {"name": "name"}), REFUSED),
    property_spec("field", "type", without("areas", "name", "type")),
    property_spec("field", "format", at_field("sources", "published", {"format": "fmt:default"})),
    property_spec("field", "title", at_field("areas", "name", {"title": 5}), REFUSED),
    property_spec("field", "description", at_field("areas", "name", {"description": ["a", "b"]}), REFUSED),
    property_spec("field", "example", at_field("areas", "name", {"example": ["Idleb", "Aleppo"]})),
    property_spec("field", "constraints", at_field("areas", "name", {"constraints": "required"}), REFUSED),
    property_spec("field", "categories", both(at_field("areas", "level", {"constraints": {"required": True},
                                                                         "categories": ["country", "admin1"]}),
                                              edit("areas", (4, ",admin1,", ",region,"))),
                  ("areas", "constraint-error", 4)),
    property_spec("field", "categories", at_field("areas", "level", {"categories": [{"value": "country"}]}), REFUSED,
                  variant="enum-outside"),
    property_spec("field", "categoriesOrdered", at_field("areas", "level", {"categoriesOrdered": True}), REFUSED),
    property_spec("field", "missingValues", both(at_field("casualties", "value_high", {"missingValues": ["", "-"]}),
                                                 edit("casualties", (4, ",about,,30,,", ",about,,30,-,")))),
    property_spec("field", "rdfType", at_field("areas", "name", {"rdfType": 5}), REFUSED),
    property_spec("field", "trueValues", new_column("areas", {"name": "verified", "type": "boolean",
                                                              "trueValues": ["yes"]}, ["yes", "false", "true"]),
                  ("areas", "type-error", 4)),
    property_spec("field", "falseValues", new_column("areas", {"name": "verified", "type": "boolean",
                                                               "falseValues": ["no"]}, ["no", "1", "false"]),
                  ("areas", "type-error", 4)),
    property_spec("field", "trueValues", new_column("areas", {"name": "verified", "type": "boolean",
                                                              "trueValues": ["yes"], "falseValues": ["yes"]},
                                                    ["yes", "yes", "yes"]), REFUSED, variant="both"),
    property_spec("field", "decimalChar", new_column("areas", {"name": "share", "type": "number", "decimalChar": ","},
                                                     ["1", "0.5", "2"]), REFUSED),
    property_spec("field", "groupChar", at_field("casualties", "value_low", {"groupChar": ","}), REFUSED),
    property_spec("field", "bareNumber", at_field("casualties", "value_low", {"bareNumber": False}), REFUSED),
    property_spec("field", "delimiter", at_field("casualties", "notes", {"delimiter": ";"}), REFUSED),
    property_spec("field", "itemType", at_field("casualties", "notes", {"itemType": "string"}), REFUSED),
    property_spec("field", "hxl", at_field("areas", "name", {"hxl": ["#loc+name"]}), REFUSED),
    # keys misspelt or misplaced: refused, named with where they belong
    spec("misplaced-field-required", at_field("areas", "name", {"required": True}), REFUSED),
    spec("misplaced-resource-primaryKey", at_resource("areas", {"primaryKey": ["area_id"]}), REFUSED),
    spec("misplaced-schema-delimiter", at_schema("areas", {"delimiter": ";"}), REFUSED),
    spec("unknown-field-key", at_field("areas", "name", {"contraints": {"required": True}}), REFUSED),
    spec("unknown-schema-key", at_schema("areas", {"primarykey": ["area_id"]}), REFUSED),
    spec("unknown-dialect-key", at_dialect("areas", {"delimeter": ","}), REFUSED),
    spec("unknown-constraint", at_constraints("areas", "name", {"maximun": 3}), REFUSED),
    spec("unknown-foreign-key-key", at_schema("areas", {"foreignKeys": [
        {"fields": ["parent_id"], "reference": {"fields": ["area_id"]}, "onDelete": "cascade"}]}), REFUSED),
    # constraints
    property_spec("constraint", "required", at_constraints("sources", "publisher", {"required": True}),
                  ("sources", "constraint-error", 2), ("sources", "constraint-error", 3)),
    property_spec("constraint", "unique", at_constraints("areas", "iso3", {"unique": True}),
                  ("areas", "unique-error", 3), ("areas", "unique-error", 4)),
    property_spec("constraint", "minLength", at_constraints("areas", "name", {"minLength": 6}),
                  ("areas", "constraint-error", 3)),
    property_spec("constraint", "maxLength", at_constraints("areas", "name", {"maxLength": 10}),
                  ("areas", "constraint-error", 2)),
    # a bound may be written as a string the field reads
    property_spec("constraint", "minimum", at_constraints("casualties", "value_low", {"minimum": "13"}),
                  ("casualties", "constraint-error", 2)),
    property_spec("constraint", "minimum", at_constraints("casualties", "period_start", {"minimum": "2020-03-01"}),
                  ("casualties", "constraint-error", 5), variant="date"),
    property_spec("constraint", "maximum", at_constraints("casualties", "value_low", {"maximum": 30}),
                  ("casualties", "constraint-error", 3)),
    property_spec("constraint", "exclusiveMinimum", at_constraints("casualties", "value_best", {"exclusiveMinimum": 12}),
                  ("casualties", "constraint-error", 2)),
    property_spec("constraint", "exclusiveMaximum", at_constraints("casualties", "value_high", {"exclusiveMaximum": 12}),
                  ("casualties", "constraint-error", 2)),
    property_spec("constraint", "pattern", at_constraints("areas", "name", {"pattern": "[A-Z][a-z]+"}),
                  ("areas", "constraint-error", 2)),
    property_spec("constraint", "enum", at_constraints("casualties", "value_low", {"enum": [12, 24]}),
                  ("casualties", "constraint-error", 3)),
    property_spec("constraint", "enum", at_constraints("casualties", "period_end", {"enum": ["2020-03-03", "2020-03-07",
                                                                                            "2020-03-02"]}),
                  ("casualties", "constraint-error", 5), variant="date"),
    # the value as typed: 1e3 is the number 1000
    property_spec("constraint", "enum", new_column("areas", {"name": "share", "type": "number",
                                                             "constraints": {"enum": [0.5, 1000]}}, ["0.5", "1e3", "2"]),
                  ("areas", "constraint-error", 4), variant="number"),
    property_spec("constraint", "enum", at_constraints("areas", "name", {"enum": ["Idleb", "Idleb"]}), REFUSED, variant="twice"),
    property_spec("constraint", "jsonSchema", at_constraints("casualties", "notes", {"jsonSchema": {"type": "string"}}),
                  REFUSED),
    # the types
    property_spec("type", "string", at_field("areas", "name", {"type": "string"})),
    property_spec("type", "integer", new_column("areas", {"name": "population", "type": "integer"},
                                                ["1000", "+20", "3.5"]), ("areas", "type-error", 4)),
    property_spec("type", "number", new_column("areas", {"name": "share", "type": "number"}, ["0.5", "1e3", "12.5.0"]),
                  ("areas", "type-error", 4)),
    property_spec("type", "boolean", new_column("areas", {"name": "verified", "type": "boolean"}, ["true", "0", "yes"]),
                  ("areas", "type-error", 4)),
    property_spec("type", "date", edit("casualties", (5, "2020-02-29", "2020-02-30")), ("casualties", "type-error", 5)),
    property_spec("type", "any", at_field("casualties", "notes", {"type": "any"})),
    *[refused_type(t) for t in ("datetime", "time", "year", "yearmonth", "duration", "object", "array", "list",
                                "geopoint", "geojson")],
    # the formats
    property_spec("format", "default", at_field("areas", "name", {"format": "default"})),
    refused_format("string: email", "email"),
    refused_format("string: uri", "uri"),
    refused_format("string: uuid", "uuid"),
    refused_format("string: binary", "binary"),
    refused_format("date: any", "any"),
    refused_format("date: a strptime pattern", "%d/%m/%Y"),
)
PROPERTY_BY_NAME = {s.name: s for s in PROPERTY_SPECS}
assert len(PROPERTY_BY_NAME) == len(PROPERTY_SPECS), "two property specs share a name"
assert not set(PROPERTY_BY_NAME) & set(BY_NAME), "a property spec shares a name with a spec"


def build_properties(folder: Path) -> dict[str, Path]:
    """Build every spec of PROPERTY_SPECS into ``folder``/<name>; return the folder of each by name."""
    return {s.name: s.build(folder / s.name) for s in PROPERTY_SPECS}
