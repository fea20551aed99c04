"""Hostile import and merge files: erasures a file cannot show it knew, implausible dates and lists,
unknown schema steps, circular revisions, future timestamps and pathological JSON (issue 18)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from store_helpers import add_person, table_rows

from observations.exchange.merge import EXPORT_FORMAT, EXPORT_VERSION, export_document
from observations.privacy.erasure import erase_staff, subject_access
from observations.store.observation_store import Store


def dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def export_to(store: Store, path) -> dict:
    document = export_document(store)
    path.write_text(json.dumps(document), encoding="utf-8")
    return document


def bare_file(path, tables: dict, **fields) -> None:
    path.write_text(json.dumps({"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "tables": tables, **fields}), encoding="utf-8")


@pytest.fixture
def two_people(db_path, library):
    with Store.open(db_path, library) as opened:
        sam = add_person(opened, "Sam Patel")
        kim = add_person(opened, "Kim Lee")
        opened.record_observation(sam.id, "A2", "secure", observed_on="2025-03-01")
    return sam, kim


def test_a_hand_made_file_of_erasure_lines_erases_nobody(db_path, tmp_path, two_people, cli):
    sam, kim = two_people
    hostile = tmp_path / "hostile.json"
    bare_file(hostile, {"erasures": [{"staff_id": p.id, "erased_at": "2025-01-01T00:00:00Z"} for p in (sam, kim)]})
    before = dump(db_path)
    result = cli("import", str(hostile), "--yes", "--db", str(db_path))
    assert result.code == 0, result.err
    assert f"ignored the erasure of {sam.ref} (Sam Patel)" in result.out
    assert f"ignored the erasure of {kim.ref} (Kim Lee)" in result.out
    assert dump(db_path) == before  # nobody erased, no erasure line kept


def test_a_file_carrying_a_made_up_evidence_field_erases_nobody(db_path, tmp_path, two_people, cli):
    sam, _kim = two_people
    hostile = tmp_path / "hostile.json"
    forged = {"staff_id": sam.id, "erased_at": "2025-01-01T00:00:00Z", "evidence": "0" * 32}
    bare_file(hostile, {"erasures": [forged]})
    before = dump(db_path)
    assert cli("import", str(hostile), "--yes", "--db", str(db_path)).code == 0
    assert dump(db_path) == before


def test_a_real_erasure_is_listed_first_needs_yes_and_has_a_dry_run(db_path, tmp_path, library, two_people, cli):
    sam, _kim = two_people
    copy = tmp_path / "copy.db"
    with Store.open(db_path, library) as opened:
        from observations.exchange.backup import backup_database

        backup_database(opened, copy)
    with Store.open(copy, library) as other:
        erase_staff(other, sam.id)
        add_person(other, "Ola Nowak")
        export_to(other, tmp_path / "copy.json")
    before = dump(db_path)
    for command in (("merge", str(copy)), ("import", str(tmp_path / "copy.json"))):
        refused = cli(*command, "--db", str(db_path))
        assert refused.code == 2 and refused.err.count("\n") == 1
        assert f"would erase 1 person held here (Sam Patel (ref {sam.ref}))" in refused.err and "--yes" in refused.err
        dry = cli(*command, "--dry-run", "--db", str(db_path))
        assert dry.code == 0, dry.err
        assert dry.out.splitlines()[0] == f"would erase {sam.ref} (Sam Patel): erased in {command[1]}"
        assert "would add 1 staff" in dry.out and dry.out.endswith("dry run: nothing was written\n")
        assert dump(db_path) == before
    done = cli("merge", str(copy), "--yes", "--db", str(db_path))
    assert done.code == 0 and done.out.startswith(f"erase {sam.ref} (Sam Patel)")
    assert cli("staff", "show", sam.ref, "--db", str(db_path)).code == 2


def test_an_erasure_of_someone_never_held_here_is_kept_and_blocks_their_rows(db_path, tmp_path, library, two_people, cli):
    elsewhere = tmp_path / "elsewhere.db"
    with Store.open(elsewhere, library) as other:
        stranger = add_person(other, "Una Stranger")
        export_to(other, tmp_path / "before.json")
        erase_staff(other, stranger.id)
    assert cli("merge", str(elsewhere), "--db", str(db_path)).code == 0  # deletes nobody here: no --yes needed
    assert cli("import", str(tmp_path / "before.json"), "--db", str(db_path)).out.startswith("nothing new")


def test_an_import_naming_an_unknown_schema_step_is_refused_like_a_merge(db_path, tmp_path, library, two_people, cli):
    with Store.open(db_path, library) as opened:
        document = export_document(opened)
    document["schema"].append("m999_from_the_future")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "target.db"
    result = cli("import", str(newer), "--db", str(target))
    assert result.code == 2 and "newer version of supervision-tui (schema step 'm999_from_the_future')" in result.err
    assert not target.exists() or not dump(target) or table_rows(target)["staff"] == []


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"format": "supervision-tui-export", "version": ' + "9" * 5000 + "}", "a number thousands of digits long"),
])
def test_pathological_json_is_a_one_line_error(db_path, tmp_path, two_people, cli, text, message):
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    before = dump(db_path)
    result = cli("import", str(bad), "--db", str(db_path))
    assert result.code == 2 and result.err.count("\n") == 1 and message in result.err and "bug" not in result.err
    assert dump(db_path) == before


def _edited_export(store: Store, path, edit) -> None:
    document = export_document(store)
    edit(document["tables"])
    path.write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t["staff"][0].update(started_on="9999-01-01"), "9999-01-01 is more than 5 years ahead"),
    (lambda t: t["staff"][0].update(started_on="1850-01-01"), "too far in the past"),
    (lambda t: t["observations"][0].update(examples=[1, 1]), "1 appears twice"),
    (lambda t: t["observations"][0].update(examples=[0]), "numbers start at 1"),
])
def test_implausible_dates_and_lists_in_an_import_are_refused(db_path, tmp_path, library, two_people, cli, edit, message):
    edited = tmp_path / "edited.json"
    with Store.open(db_path, library) as opened:
        _edited_export(opened, edited, edit)
    target = tmp_path / "target.db"
    result = cli("import", str(edited), "--db", str(target))
    assert result.code == 2 and message in result.err, result.err
    assert not target.exists() or table_rows(target)["staff"] == []


def test_revisions_superseding_each_other_in_a_circle_are_refused(db_path, tmp_path, library, two_people, cli):
    sam, _kim = two_people
    with Store.open(db_path, library) as opened:
        document = export_document(opened)
    rows = document["tables"]["observations"]
    one = rows[0]
    two = {**one, "id": "b2d1c4a0-0000-4000-8000-000000000002", "revision": 2, "supersedes": one["id"]}
    rows[0] = {**one, "supersedes": two["id"]}  # 1 supersedes 2 and 2 supersedes 1
    rows.append(two)
    circle = tmp_path / "circle.json"
    circle.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "target.db"
    result = cli("import", str(circle), "--db", str(target))
    assert result.code == 2 and "a revision can only supersede an earlier one" in result.err, result.err


def test_a_future_updated_at_is_clamped_so_a_later_edit_here_still_wins(db_path, tmp_path, library, two_people):
    sam, _kim = two_people
    future = tmp_path / "future.json"
    with Store.open(db_path, library) as opened:
        _edited_export(opened, future, lambda t: [r.update(team="Far team", updated_at="2999-01-01T00:00:00Z") for r in t["staff"] if r["id"] == sam.id])
    from observations.exchange.merge import import_file

    target = tmp_path / "target.db"
    with Store.open(target, library) as opened:
        import_file(opened, future)
        stored = opened.rows("SELECT updated_at FROM staff WHERE id = ?", [sam.id])[0]["updated_at"]
        assert stored < "2100"  # clamped to the time of the import
    with Store.open(db_path, library) as opened:  # an edit made after that, here...
        opened.conn.execute("UPDATE staff SET team = 'Near team', updated_at = strftime('%Y-%m-%dT%H:%M:%f0000Z', 'now', '+1 minute') WHERE id = ?", [sam.id])
        opened.conn.commit()
    with Store.open(target, library) as opened:  # ...wins the next merge
        from observations.exchange.merge import merge_database

        merge_database(opened, db_path)
        assert opened.find_staff(sam.ref).team == "Near team"


def test_staff_erase_needs_the_ref_or_the_whole_name(db_path, two_people, cli):
    before = dump(db_path)
    result = cli("staff", "erase", "S", "--yes", "--db", str(db_path))
    assert result.code == 2 and "the ref or the whole name 'S'" in result.err
    assert cli("staff", "erase", "sam", "--yes", "--db", str(db_path)).code == 2
    assert dump(db_path) == before
    assert cli("staff", "erase", "SAM PATEL", "--yes", "--db", str(db_path)).code == 0  # the whole name, folded


def test_subject_access_finds_the_name_in_another_letter_case(db_path, library, two_people):
    sam, kim = two_people
    with Store.open(db_path, library) as opened:
        opened.record_observation(kim.id, "A2", "secure", observed_on="2025-03-02", observer="SAM PATEL", evidence="seen with sám patel")
        document = subject_access(opened, sam.id)
    assert "observer" in [r["field"] for r in document["named_in"]]
    assert [r["field"] for r in document["mentioned_in"]] == ["evidence"]
