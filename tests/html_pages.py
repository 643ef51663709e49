"""A small reader of the site's HTML for the tests: links, ids, table rows, highlighted text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

LINKING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
           ("form", "action"), ("object", "data"), ("embed", "src"), ("video", "src"), ("audio", "src")}


@dataclass
class Page(HTMLParser):
    """What a page holds, read with the standard library's parser (no browser, no JavaScript)."""

    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    ids: set[str] = field(default_factory=set)
    marks: list[tuple[str, str]] = field(default_factory=list)  # (title, text)
    rows: dict[str, list[str]] = field(default_factory=dict)  # row id -> hrefs inside the row
    body_rows: list[int] = field(default_factory=list)  # <tr> count of each <tbody>
    scripts: list[str] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)  # each <tr>'s cell texts, in order
    text: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._row: str | None = None
        self._mark: tuple[str, list[str]] | None = None
        self._in_tbody = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name, value in values.items():
            if (tag, name) in LINKING or name in ("src", "href", "srcset", "action", "formaction", "poster"):
                self.links.append((tag, name, value))
                if self._row is not None and name == "href":
                    self.rows[self._row].append(value)
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "tbody":
            self._in_tbody = True
            self.body_rows.append(0)
        if tag == "tr":
            if self._in_tbody:
                self.body_rows[-1] += 1
            self._row = values.get("id")
            self.cells.append([])
        if tag in ("td", "th"):
            self._cell = []
            if self._row is not None:
                self.rows[self._row] = []
        if tag == "mark":
            self._mark = (values.get("title", ""), [])
        if tag == "script":
            self.scripts.append(values.get("src", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_tbody = False
        if tag == "tr":
            self._row = None
        if tag in ("td", "th") and self._cell is not None:
            self.cells[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark[0], "".join(self._mark[1])))
            self._mark = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._mark is not None:
            self._mark[1].append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def read(path: Path) -> Page:
    return parse(path.read_text(encoding="utf-8"))


def parse(markup: str) -> Page:
    page = Page()
    page.feed(markup)
    page.close()
    return page
