"""README stays true: its data dictionary is the one datapackage.json generates, and its commands are the real ones."""

from __future__ import annotations

import json

from conftest import REPO

from idlibstats.faces import dictionary
from idlibstats.package.folder import DataPackage

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_data_dictionary_is_current() -> None:
    rendered = dictionary.render(DataPackage.open(REPO))
    assert dictionary.current(README) == rendered, "run: idlibstats dictionary --write README.md"


def test_dictionary_names_every_field() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    section = dictionary.current(README)
    for resource in descriptor["resources"]:
        assert f"### `{resource['name']}`" in section
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in section


def test_splice_replaces_only_the_marked_section() -> None:
    text = f"before\n{dictionary.START}\nold\n{dictionary.END}\nafter\n"
    assert dictionary.splice(text, "new\n") == f"before\n{dictionary.START}\n\nnew\n\n{dictionary.END}\nafter\n"


def test_readme_gives_the_two_set_up_commands_verbatim() -> None:
    assert "pip install . && idlibstats summary" in README
    assert "pip install '.[test]' && pytest" in README


def test_readme_states_both_licences() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    names = {licence["name"] for licence in descriptor["licenses"]}
    assert names == {"CC-BY-4.0", "MIT"}
    assert "CC BY 4.0" in README and "MIT" in README
