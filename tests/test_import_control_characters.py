"""Names arriving in an import or a merge are held to the rule for names typed in: one line, no control
characters, so an escape sequence cannot reach a terminal through a file (issue 18)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from store_helpers import add_person
from test_hostile_imports import dump

from observations.exchange.merge import export_document
from observations.store.observation_store import Store

ESCAPES = ["\x1b]0;pwned\x07", "\x1b[31m", "\x9b2J", "\x07"]


@pytest.fixture
def exported(db_path, library):
    with Store.open(db_path, library) as opened:
        sam = add_person(opened, "Sam Patel")
        opened.record_observation(sam.id, "A2", "secure", observed_on="2025-03-01")
        return export_document(opened)


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("field", ["name", "team", "role", "manager", "ref"])
def test_an_import_with_a_control_character_in_a_name_exits_2_and_writes_nothing(tmp_path, cli, exported, field, escape):
    exported["tables"]["staff"][0][field] = f"Sam{escape}x"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(exported), encoding="utf-8")
    target = tmp_path / "new.db"
    result = cli("import", str(hostile), "--db", str(target))
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1 and "control character" in result.err and f"field {field!r}" in result.err
    assert "\x1b" not in result.err and "\x07" not in result.err and "\x9b" not in result.err
    assert not target.exists()


def test_an_import_into_a_database_in_use_leaves_it_unchanged(db_path, tmp_path, cli, exported):
    exported["tables"]["staff"][0]["name"] = "New\x1b[2J name"
    exported["tables"]["staff"][0]["id"] = "c0ffee00-0000-4000-8000-000000000001"
    exported["tables"]["observations"] = []
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(exported), encoding="utf-8")
    before = dump(db_path)
    result = cli("import", str(hostile), "--db", str(db_path))
    assert result.code == 2 and "control character" in result.err
    assert dump(db_path) == before


def test_a_merge_from_a_database_holding_an_escape_in_a_team_is_refused(db_path, tmp_path, library, cli):
    with Store.open(db_path, library) as opened:
        add_person(opened, "Kim Lee")
    other = tmp_path / "other.db"
    with Store.open(other, library) as opened:
        sam = add_person(opened, "Sam Patel")
        opened.record_observation(sam.id, "A2", "secure", observed_on="2025-03-01", observer="Boss")
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("UPDATE staff SET team = ?", ("North\x1b]0;pwned\x07",))
    conn.close()
    before = dump(db_path)
    result = cli("merge", str(other), "--db", str(db_path))
    assert result.code == 2 and "control character" in result.err and "'team'" in result.err, result.err
    assert dump(db_path) == before
