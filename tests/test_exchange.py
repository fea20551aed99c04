"""Export, import and merge: every table round-trips, bad rows write nothing, and merging twice changes nothing."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import date

import pytest
from store_helpers import add_person, file_bytes, table_counts, table_rows

from observations.exchange.backup import backup_database
from observations.demo.organisation import populate_demo
from observations.privacy.erasure import erase_staff
from observations.errors import DatabaseFileError, InputError
from observations.exchange.merge import EXPORT_FORMAT, EXPORT_VERSION, export_document, import_file, merge_database
from observations.exchange.rows import TABLES
from observations.store.observation_store import Store

AS_OF = date(2025, 6, 30)


@pytest.fixture
def demo_db(tmp_path, library):
    path = tmp_path / "demo.db"
    with Store.open(path, library) as opened:
        populate_demo(opened, staff=12, months=6, seed=3, as_of=AS_OF)
    return path


def export_of(path, library) -> dict:
    with Store.open(path, library) as opened:
        return export_document(opened)


def write_json(path, document) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def test_export_then_import_reproduces_every_table(demo_db, tmp_path, library):
    from observations.supervision.record import agree_session, tick_item

    with Store.open(demo_db, library) as opened:  # the demo agrees no session: agree one, with a tick and a decision
        member = opened.list_staff(include_left=False)[0]
        session, _ = opened.session_on(member.id, opened.sessions(member.id)[0].held_on)
        tick_item(opened, session.id, "decision", "", note="Carry on")
        agree_session(opened, session.id, manager="A Manager", staff=member.name)
    document = export_of(demo_db, library)
    assert (document["format"], document["version"]) == (EXPORT_FORMAT, EXPORT_VERSION)
    assert set(document["tables"]) == set(TABLES)
    assert all(document["tables"][t] for t in TABLES if t != "erasures")
    observation = document["tables"]["observations"][0]
    assert isinstance(observation["examples"], list) and isinstance(observation["retracted"], bool)
    exported = tmp_path / "all.json"
    write_json(exported, document)
    target = tmp_path / "copy.db"
    with Store.open(target, library) as opened:
        report = import_file(opened, exported)
    assert report.added["observations"] == len(document["tables"]["observations"])
    assert table_rows(target) == table_rows(demo_db)
    with Store.open(target, library) as opened:
        again = import_file(opened, exported)
    assert not again.changed
    assert table_rows(target) == table_rows(demo_db)


def test_erasures_travel_in_exports_and_keep_people_erased(demo_db, tmp_path, library):
    before = export_of(demo_db, library)
    with Store.open(demo_db, library) as opened:
        person = opened.list_staff()[3]
        erase_staff(opened, person.id)
    after = tmp_path / "after.json"
    write_json(after, export_of(demo_db, library))
    old = tmp_path / "old.json"
    write_json(old, before)
    target = tmp_path / "target.db"
    with Store.open(target, library) as opened:
        import_file(opened, old)  # the person arrives from the old file...
        assert opened.find_staff(person.ref).id == person.id
        report = import_file(opened, after, erase=True)  # ...and the newer file's erasure removes them
        assert report.erased_here == 1
        assert import_file(opened, old).skipped_erased > 0  # the old file cannot bring them back
        assert not opened.rows("SELECT 1 FROM staff WHERE id = ?", [person.id])
        assert not opened.rows("SELECT 1 FROM observations WHERE staff_id = ?", [person.id])
        assert opened.rows("SELECT staff_id FROM erasures") == [{"staff_id": person.id}]


def _mutations():
    def set_field(table, index, field, value):
        def apply(doc):
            doc["tables"][table][index][field] = value
        return apply

    def drop_field(table, index, field):
        def apply(doc):
            del doc["tables"][table][index][field]
        return apply

    def duplicate(table):
        def apply(doc):
            doc["tables"][table].append(copy.deepcopy(doc["tables"][table][0]))
        return apply

    def both(first, second):
        def apply(doc):
            first(doc), second(doc)
        return apply

    return [
        (drop_field("staff", 0, "name"), r"staff\[0\] \(id [0-9a-f-]+\): field 'name' is missing"),
        (set_field("staff", 1, "status", "retired"), r"staff\[1\].*field 'status' 'retired' is not allowed \(allowed: active, left\)"),
        (set_field("observations", 1, "rating", "great"), r"observations\[1\].*rating 'great' is not on apir's scale \(ratings: not-evident"),
        (set_field("observations", 0, "observed_on", "2025-02-30"), r"observations\[0\].*field 'observed_on' '2025-02-30' is not a real date"),
        (set_field("observations", 0, "framework", "our-own"), r"framework 'our-own' is not loaded here"),
        (set_field("observations", 0, "standard", "Z9"), r"unknown standard 'Z9' in apir"),
        (set_field("observations", 0, "examples", "x"), r"field 'examples' 'x' is not a list"),
        (set_field("observations", 0, "examples", [99]), r"has no example 99"),
        (set_field("observations", 0, "retracted", "yes"), r"field 'retracted' 'yes' is not true or false"),
        (set_field("observations", 0, "revision", 0), r"field 'revision' 0 is not a whole number"),
        (set_field("observations", 0, "revision", 10**30), r"field 'revision' 1000+ is not a whole number from 1 to 1,000,000"),
        (set_field("observations", 0, "observed_on", "2999-01-01"), r"field 'observed_on' 2999-01-01 is in the future"),
        (set_field("sessions", 0, "held_on", "2999-01-01"), r"sessions\[0\].*field 'held_on' 2999-01-01 is in the future"),
        (set_field("observations", 0, "staff_id", "not-a-person"), r"staff_id 'not-a-person' is not a staff member"),
        (set_field("observations", 0, "evidence", None), r"field 'evidence' must be text, not null"),
        (set_field("sessions", 0, "held_on", 20250101), r"sessions\[0\].*field 'held_on' 20250101 is not a date"),
        (set_field("actions", 0, "standards", ["Q9"]), r"actions\[0\].*unknown standard 'Q9'"),
        (set_field("action_updates", 0, "status", "finished"), r"field 'status' 'finished' is not allowed"),
        (set_field("action_updates", 0, "action_id", "gone"), r"action_id 'gone' is not an action"),
        (set_field("case_events", 0, "case_id", "gone"), r"case_id 'gone' is not a case"),
        (set_field("cases", 0, "in_school", 2), r"field 'in_school' 2 is not true or false"),
        (set_field("staff", 0, "colour", "blue"), r"unknown field 'colour'"),
        # a ref is looked up before names: a hand-made 'sam' would take 'observe sam ...' to this person
        (set_field("staff", 2, "ref", "sam"), r"staff\[2\].*staff ref 'sam' is not the ref of its id \(it is '[a-z2-7]{8}'\)"),
        (set_field("staff", 2, "ref", "aaaaaaaa"), r"staff ref 'aaaaaaaa' is not the ref of its id"),
        (both(set_field("staff", 2, "id", "legacy-7"), set_field("staff", 2, "ref", "sam")), r"staff ref 'sam' is not a ref \(8 lowercase"),
        (set_field("staff", 2, "ref", "Zoë Lee"), r"staff ref 'Zoë Lee' is not the ref of its id"),
        (duplicate("sessions"), r"sessions\[\d+\]: id '[0-9a-f-]+' appears twice"),
    ]


@pytest.mark.parametrize("mutate, message", _mutations())
def test_import_checks_every_row_and_writes_nothing_when_one_is_bad(demo_db, tmp_path, library, mutate, message):
    document = export_of(demo_db, library)
    mutate(document)
    bad = tmp_path / "bad.json"
    write_json(bad, document)
    target = tmp_path / "target.db"
    with Store.open(target, library) as opened:
        add_person(opened)
    before = table_rows(target)
    with Store.open(target, library) as opened, pytest.raises(InputError, match=message) as raised:
        import_file(opened, bad)
    assert str(raised.value).startswith("bad.json: ")
    assert "\n" not in str(raised.value)
    assert table_rows(target) == before


def test_an_escaped_lone_surrogate_is_refused_naming_its_field(demo_db, tmp_path, library, db_path):
    """'\\udcff' is valid JSON but not text: SQLite cannot store it, so it is bad input, not a crash."""
    document = export_of(demo_db, library)
    document["tables"]["staff"][0]["name"] = "Caf\udce9"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="ascii")
    with Store.open(db_path, library) as opened:
        before = table_rows(db_path)
        with pytest.raises(InputError, match=r"staff\[0\] .*field 'name' holds an escaped lone surrogate"):
            import_file(opened, bad)
    assert table_rows(db_path) == before


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", r"is not valid JSON \(line 1, column 2"),
        ('{"format": "something-else", "version": 1, "tables": {}}', "is not a supervision-tui export"),
        (json.dumps({"format": EXPORT_FORMAT, "version": 2, "tables": {}}), "is export format version 2; .* upgrade"),
        (json.dumps({"format": EXPORT_FORMAT, "version": 1}), "field 'tables' is missing"),
        (json.dumps({"format": EXPORT_FORMAT, "version": 1, "tables": {"pets": []}}), "unknown table 'pets'"),
        (json.dumps({"format": EXPORT_FORMAT, "version": 1, "tables": {"staff": {}}}), "'staff' must be a list of rows"),
        (json.dumps({"format": EXPORT_FORMAT, "version": 1, "tables": {"staff": ["x"]}}), r"staff\[0\] must be an object"),
    ],
)
def test_import_refuses_files_that_are_not_exports(tmp_path, library, db_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with Store.open(db_path, library) as opened:
        with pytest.raises(InputError, match=message):
            import_file(opened, bad)
        with pytest.raises(InputError, match="does not exist"):
            import_file(opened, tmp_path / "missing.json")
    assert sum(table_counts(db_path).values()) == 0


def only_read(path, before) -> bool:
    """The file's bytes are unchanged, and no -wal or -shm file appeared beside it (or changed)."""
    return file_bytes(path) == before


def make_manager_db(path, library, name: str) -> str:
    with Store.open(path, library) as opened:
        member = add_person(opened, name, "East team")
        session = opened.add_session(member.id, held_on="2025-05-01", notes="first supervision")
        first = opened.record_observation(member.id, "A2", "developing", observed_on="2025-05-01", session_id=session.id, source="supervision")
        opened.correct_observation(first.id, rating="secure", reason="agreed")
        action = opened.add_action(member.id, "Shadow a senior PA", standards=["A2"], due_on="2025-06-01", session_id=session.id)
        opened.update_action(action.id, "done", on="2025-05-30")
        return member.id


def test_merge_adds_what_is_missing_and_twice_changes_nothing(demo_db, tmp_path, library):
    other = tmp_path / "other.db"
    make_manager_db(other, library, "Priya Patel")
    other_before = file_bytes(other)
    expected = {t: table_counts(demo_db)[t] + table_counts(other)[t] for t in TABLES}
    with Store.open(demo_db, library) as opened:
        report = merge_database(opened, other)
        assert report.added["observations"] == 2 and report.added["action_updates"] == 1
        assert table_counts(demo_db) == expected
        snapshot = table_rows(demo_db)
        again = merge_database(opened, other)
    assert not again.changed
    assert table_rows(demo_db) == snapshot
    assert only_read(other, other_before)  # the other manager's file was only read
    with Store.open(other, library) as opened:  # merged the other way too, the two databases agree
        merge_database(opened, demo_db)
    assert table_rows(other) == table_rows(demo_db)


def test_merge_newer_staff_details_win(demo_db, tmp_path, library):
    copy_path = tmp_path / "copy.db"
    with Store.open(demo_db, library) as opened:
        backup_database(opened, copy_path)
        person = next(p for p in opened.list_staff() if p.status == "active")
    with Store.open(copy_path, library) as opened:
        opened.staff_leave(person.id, on="2025-06-01")
    with Store.open(demo_db, library) as opened:
        report = merge_database(opened, copy_path)
        assert report.updated["staff"] == 1
        assert opened.staff(person.id).status == "left"
        opened.db.execute("UPDATE staff SET team = 'Renamed team', updated_at = '2000-01-01T00:00:00Z' WHERE id = ?", [person.id])
        merge_database(opened, copy_path)  # the other side's details are newer than this stale edit
        assert opened.staff(person.id).team == person.team


def test_merge_never_resurrects_an_erased_person(demo_db, tmp_path, library):
    copy_path = tmp_path / "copy.db"
    with Store.open(demo_db, library) as opened:
        backup_database(opened, copy_path)
        person = opened.list_staff()[5]
        erase_staff(opened, person.id)
        merge_database(opened, copy_path)  # the copy still has them; this side erased them
        assert not opened.rows("SELECT 1 FROM staff WHERE id = ?", [person.id])
        assert not opened.rows("SELECT 1 FROM sessions WHERE staff_id = ?", [person.id])
    with Store.open(copy_path, library) as opened:
        report = merge_database(opened, demo_db, erase=True)  # and the erasure reaches the copy
        assert report.erased_here == 1
        assert not opened.rows("SELECT 1 FROM staff WHERE id = ?", [person.id])
    assert table_rows(copy_path) == table_rows(demo_db)
    for path in (demo_db, copy_path):
        assert person.name.encode() not in b"".join(v or b"" for v in file_bytes(path).values())


def test_merge_refuses_files_it_cannot_use(demo_db, tmp_path, library):
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.db"
    make_manager_db(newer, library, "Tom Byrne")
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('supervision', 'm999_future', 'x')")
    conn.commit()
    conn.close()
    text = tmp_path / "text.db"
    text.write_text("hello")
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(newer.read_bytes()[:5000])  # a real header, then the file stops
    before = table_rows(demo_db)
    with Store.open(demo_db, library) as opened:
        for path, message in (
            (foreign, "not a supervision-tui one"),
            (newer, "newer version"),
            (text, "not an SQLite database"),
            (truncated, "cannot be read|malformed|not a usable"),
            (tmp_path / "missing.db", "does not exist"),
            (demo_db, "is this database"),
        ):
            untouched = file_bytes(path) if path.exists() else None
            with pytest.raises((DatabaseFileError, InputError), match=message):
                merge_database(opened, path)
            if untouched is not None and path != demo_db:
                assert only_read(path, untouched)
    assert table_rows(demo_db) == before
