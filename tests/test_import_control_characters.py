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


@pytest.mark.parametrize("table, field", [("actions", "text"), ("sessions", "notes"), ("action_updates", "note")])
def test_free_text_in_an_import_is_held_to_the_rule_for_typed_text(db_path, tmp_path, cli, library, table, field):
    """Notes and an action's text may hold line breaks and tabs, as when typed, but no escape sequence; evidence alone
    is kept exactly as typed (and shown visibly)."""
    with Store.open(db_path, library) as opened:
        sam = add_person(opened, "Sam Patel")
        action = opened.add_action(sam.id, "Read the guide", standards=["A2"], due_on="2025-06-01")
        opened.add_session(sam.id, held_on="2025-03-01", notes="Talked it through")
        opened.update_action(action.id, "done", note="done\twell", on="2025-03-02")
        document = export_document(opened)
    row = document["tables"][table][0]
    fine = tmp_path / "fine.json"
    row[field] = "line one\nline\ttwo"
    fine.write_text(json.dumps(document), encoding="utf-8")
    assert cli("import", str(fine), "--db", str(tmp_path / "fine.db")).code == 0
    row[field] = "line one\x1b]0;pwned\x07"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(document), encoding="utf-8")
    result = cli("import", str(hostile), "--db", str(tmp_path / "new.db"))
    assert result.code == 2 and result.err.count("\n") == 1 and "control character" in result.err, result.err
    assert "\x1b" not in result.err and not (tmp_path / "new.db").exists()


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
