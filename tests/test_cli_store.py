"""The store's commands through the real installed console script: the main paths a manager takes."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

from store_helpers import table_rows

EVIDENCE = "Zoë's <script>alert(1)</script> [bold]first[/bold] interview; **not** markdown\nsecond line 🙂"


def test_staff_observe_history_correct_retract(console, db_path):
    added = console("staff", "add", "Zoë [bold]O'Neil[/", "--team", "North team", "--started", "2025-01-06", "--db", db_path)
    assert added.code == 0, added.err
    ref = added.out.strip().splitlines()[-1].split()[0]
    assert added.out.strip().splitlines()[-1] == f"{ref}  Zoë [bold]O'Neil[/ (North team)"
    assert console("--db", db_path, "staff", "add", "Tom Byrne", "--team", "South team").code == 0

    listed = json.loads(console("staff", "list", "--format", "json", "--db", db_path).out)
    assert [(p["name"], p["team"]) for p in listed] == [("Tom Byrne", "South team"), ("Zoë [bold]O'Neil[/", "North team")]
    assert ref in {p["ref"] for p in listed}
    csv_lines = console("staff", "list", "--format", "csv", "--team", "north team", "--db", db_path).out.splitlines()
    assert csv_lines[0].startswith("ref,name,team") and len(csv_lines) == 2

    observed = console("observe", "zoe", "a2", "secure", "--evidence", EVIDENCE, "--examples", "1,3", "--by", "Sam Ward", "--date", "2025-03-04", "--db", db_path)
    assert observed.code == 0, observed.err
    observation_id = observed.out.split()[0]
    history = json.loads(console("history", ref, "--format", "json", "--db", db_path).out)
    assert len(history) == 1
    entry = history[0]
    assert {k: entry[k] for k in ("id", "standard", "rating", "date", "source", "evidence", "examples", "observer", "framework", "revision")} == {
        "id": observation_id, "standard": "A2", "rating": "secure", "date": "2025-03-04", "source": "observation",
        "evidence": EVIDENCE, "examples": [1, 3], "observer": "Sam Ward", "framework": "apir", "revision": 1,
    }
    text = console("history", ref, "--db", db_path).out
    assert "<script>alert(1)</script> [bold]first[/bold]" in text and "2025-03-04  apir A2" in text

    corrected = console("correct", observation_id[:8], "--rating", "developing", "--reason", "agreed in supervision", "--db", db_path)
    assert corrected.code == 0 and "rating secure -> developing" in corrected.out
    [current] = json.loads(console("history", ref, "A2", "--format", "json", "--db", db_path).out)
    assert (current["id"], current["rating"], current["revision"], current["evidence"]) == (observation_id, "developing", 2, EVIDENCE)
    assert len(json.loads(console("history", ref, "--all", "--format", "json", "--db", db_path).out)) == 2

    retracted = console("retract", observation_id, "--reason", "wrong person", "--db", db_path)
    assert retracted.code == 0, retracted.err
    assert json.loads(console("history", ref, "--format", "json", "--db", db_path).out) == []
    everything = json.loads(console("history", ref, "--all", "--format", "json", "--db", db_path).out)
    assert [(e["revision"], e["retracted"], e["current"]) for e in everything] == [(3, True, False), (2, False, False), (1, False, False)]


def test_sessions_actions_and_leaving(console, db_path):
    ref = console("staff", "add", "Priya Patel", "--team", "East team", "--manager", "Sam Ward", "--db", db_path).out.split()[0]
    session = console("session", "add", ref, "--date", "2025-05-01", "--notes", "Caseload review", "--db", db_path)
    assert session.code == 0, session.err
    session_id = session.out.split()[0]
    linked = console("observe", ref, "P4", "developing", "--source", "supervision", "--session", session_id[:8], "--date", "2025-05-01", "--db", db_path)
    assert linked.code == 0, linked.err
    [listed_session] = json.loads(console("session", "list", ref, "--format", "json", "--db", db_path).out)
    assert (listed_session["id"], listed_session["manager"], listed_session["observations"]) == (session_id, "Sam Ward", 1)

    overdue_day = (date.today() - timedelta(days=3)).isoformat()
    late = console("action", "add", ref, "Shadow a senior PA", "--standard", "P4,A2", "--due", overdue_day, "--session", session_id, "--db", db_path)
    assert late.code == 0, late.err
    later = console("action", "add", ref, "Read the APIR guidance", "--due", (date.today() + timedelta(days=30)).isoformat(), "--db", db_path)
    late_id, later_id = late.out.split()[0], later.out.split()[0]
    overdue = json.loads(console("action", "list", "--overdue", "--format", "json", "--db", db_path).out)
    assert [(a["id"], a["standards"], a["staff_ref"], a["overdue"]) for a in overdue] == [(late_id, ["P4", "A2"], ref, True)]
    done = console("action", "done", late_id[:6], "--note", "went well", "--db", db_path)
    assert done.code == 0 and f"done on {date.today().isoformat()}" in done.out
    assert json.loads(console("action", "list", "--overdue", "--format", "json", "--db", db_path).out) == []
    assert console("action", "drop", later_id, "--db", db_path).code == 0
    statuses = {a["id"]: a["status"] for a in json.loads(console("action", "list", ref, "--format", "json", "--db", db_path).out)}
    assert statuses == {late_id: "done", later_id: "dropped"}

    left = console("staff", "leave", ref, "--date", "2025-06-30", "--db", db_path)
    assert left.code == 0 and "left on 2025-06-30" in left.out
    shown = json.loads(console("staff", "show", ref, "--format", "json", "--db", db_path).out)
    assert (shown["status"], shown["summary"]["observations"], shown["summary"]["sessions"]) == ("left", 1, 1)


def test_demo_export_import_backup_merge_and_erase(console, tmp_path):
    demo_db, copy_db, backup_db, export_file = (tmp_path / n for n in ("demo.db", "copy.db", "backup.db", "all.json"))
    demo = console("demo", "--seed", "4", "--db", demo_db)
    assert demo.code == 0, demo.err
    assert demo.out.startswith("demo: 12 staff in 2 teams")
    again = console("demo", "--db", demo_db)
    assert again.code == 2 and "already holds 12 staff members" in again.err

    exported = console("export", export_file, "--db", demo_db)
    assert exported.code == 0 and exported.out == "" and f"wrote {export_file}" in exported.err
    assert stat.S_IMODE(export_file.stat().st_mode) == 0o600
    assert json.loads(export_file.read_text(encoding="utf-8"))["format"] == "supervision-tui-export"
    imported = console("import", export_file, "--db", copy_db)
    assert imported.code == 0 and imported.out.startswith(f"from {export_file}: added 12 staff")
    assert console("import", export_file, "--db", copy_db).out.startswith("nothing new")
    assert table_rows(copy_db) == table_rows(demo_db)

    backed_up = console("backup", backup_db, "--db", demo_db)
    assert backed_up.code == 0 and stat.S_IMODE(backup_db.stat().st_mode) == 0o600
    person = json.loads(console("staff", "list", "--format", "json", "--db", demo_db).out)[4]
    subject = json.loads(console("staff", "export", person["ref"], "--db", demo_db).out)
    assert subject["staff"]["name"] == person["name"] and subject["observations"]
    erased = console("staff", "erase", person["ref"], "--yes", "--db", demo_db)
    assert erased.code == 0 and erased.out.startswith(f"erased {person['ref']}:")

    merged = console("merge", backup_db, "--db", demo_db)  # the backup still has them: they must stay erased
    assert merged.code == 0, merged.err
    assert "skipped" in merged.out
    assert console("staff", "show", person["ref"], "--db", demo_db).code == 2
    assert console("merge", backup_db, "--db", demo_db).out.startswith("nothing new")
    refused = console("merge", demo_db, "--db", copy_db)  # an erasure cannot be undone: it needs --yes
    assert refused.code == 2 and f"would erase 1 person held here ({person['name']} (ref {person['ref']}))" in refused.err
    to_copy = console("merge", demo_db, "--db", copy_db, "--yes")
    assert to_copy.out.startswith(f"erase {person['ref']} ({person['name']}): erased in {demo_db}\n")
    assert "erased 1 people here who were erased there" in to_copy.out
    assert table_rows(copy_db) == table_rows(demo_db)


def test_database_location_from_the_environment_or_the_user_data_folder(console, tmp_path):
    chosen = tmp_path / "from-env.db"
    added = console("staff", "add", "Kim Lee", env={"SUPERVISION_TUI_DB": str(chosen)})
    assert added.code == 0 and chosen.exists()
    assert json.loads(console("staff", "list", "--format", "json", env={"SUPERVISION_TUI_DB": str(chosen)}).out)[0]["name"] == "Kim Lee"
    default = console("staff", "add", "Ola Nowak")  # no --db, no variable: the platform's user data folder
    assert default.code == 0, default.err
    located = Path(os.environ["XDG_DATA_HOME"]) / "supervision-tui" / "supervision.db"
    assert stat.S_IMODE(located.stat().st_mode) == 0o600
    assert stat.S_IMODE(located.parent.stat().st_mode) == 0o700
