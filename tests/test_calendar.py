"""`supervision-tui calendar`: an .ics a real parser reads back, all-day events, UIDs stable across runs, bad input refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar
from store_helpers import file_bytes

from observations.store.observation_store import Store

AS_OF = date.today()


@pytest.fixture
def office(db_path, library):
    """Ann (managed by Pat, one open action due, one done), Bob (another team), Cy (left)."""
    with Store.open(db_path, library) as store:
        ann = store.add_staff("Ann Lee", team="North", manager="Pat Boss", started_on="2020-01-06")
        bob = store.add_staff("Bob Roy", team="South", started_on="2020-01-06")
        cy = store.add_staff("Cy Tan", team="North", started_on="2020-01-06")
        store.add_session(ann.id, held_on=(AS_OF - timedelta(days=7)).isoformat())
        due = (AS_OF + timedelta(days=10)).isoformat()
        open_action = store.add_action(ann.id, "Read the; guide, twice: <b>[bold]note</b> it\\", due_on=due, owner="Pat Boss")
        done = store.add_action(ann.id, "Shadow a colleague", due_on=due)
        store.update_action(done.id, "done", note="done")
        store.staff_leave(cy.id, on="2024-01-01")
    return {"ann": ann.id, "bob": bob.id, "cy": cy.id, "action": open_action.id}


def events(path) -> dict[str, dict]:
    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    found = {}
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and end == start + timedelta(days=1), "all-day: a DATE and the next day"
        assert event.decoded("DTSTAMP").tzinfo is not None  # DTSTAMP is UTC, as RFC 5545 requires
        found[str(event["UID"])] = {"on": start, "summary": str(event["SUMMARY"]), "description": str(event["DESCRIPTION"])}
    return found


def test_everyone_in_post_their_next_supervision_and_open_actions(cli, db_path, office, tmp_path):
    out = tmp_path / "all.ics"
    result = cli("--db", db_path, "calendar", "--out", out)
    assert result.code == 0, result.err
    assert "2 supervisions, 1 action due date" in result.err
    found = events(out)
    ann = found[f"supervision-{office['ann']}@supervision-tui"]
    assert ann["on"] == AS_OF + timedelta(days=21) and ann["summary"] == "Supervision due: Ann Lee"
    bob = found[f"supervision-{office['bob']}@supervision-tui"]
    assert bob["on"] == AS_OF and bob["summary"] == "Supervision overdue: Bob Roy" and "was due on 2020-02-03" in bob["description"]
    action = found[f"action-{office['action']}@supervision-tui"]
    assert action["on"] == AS_OF + timedelta(days=10)
    assert action["summary"] == "Action due (Ann Lee): Read the; guide, twice: <b>[bold]note</b> it\\"  # escaped and read back whole
    assert "owner Pat Boss" in action["description"]
    assert not any(office["cy"] in uid for uid in found)
    raw = out.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")) and raw.endswith(b"\r\n")
    assert (out.stat().st_mode & 0o777) == 0o600


def test_uids_are_stable_so_a_reimport_updates_instead_of_duplicating(cli, db_path, office, tmp_path, library):
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    cli("--db", db_path, "calendar", "--out", first)
    with Store.open(db_path, library) as store:
        store.add_session(office["bob"], held_on=AS_OF.isoformat())
    cli("--db", db_path, "calendar", "--out", second)
    before, after = events(first), events(second)
    assert set(before) == set(after)
    bob = f"supervision-{office['bob']}@supervision-tui"
    assert before[bob]["on"] == AS_OF and after[bob]["on"] == AS_OF + timedelta(weeks=4)  # same event, moved


@pytest.mark.parametrize(
    ("options", "found"),
    [(("--staff", "Ann"), {"ann"}), (("--team", "south"), {"bob"}), (("--manager", "pat boss"), {"ann"})],
)
def test_one_person_a_team_or_a_managers_staff(cli, db_path, office, tmp_path, options, found):
    out = tmp_path / "some.ics"
    assert cli("--db", db_path, "calendar", *options, "--out", out).code == 0
    people = {uid.removeprefix("supervision-").split("@")[0] for uid in events(out) if uid.startswith("supervision-")}
    assert people == {office[name] for name in found}


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (("--team", "Nowhere"), "no one in post in team 'Nowhere'"),
        (("--manager", "Nobody"), "as their manager"),
        (("--staff", "Cy Tan"), "has left"),
        (("--staff", "Zed"), "Zed"),
        (("--staff", "Ann", "--team", "North"), "not allowed with argument"),
        (("--as-of", "yesterday"), "as-of"),
        ((), "--out"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_file(cli, db_path, office, tmp_path, options, says):
    out = tmp_path / "never.ics"
    before = file_bytes(db_path)
    args = [*options] if options == () else [*options, "--out", out]
    result = cli("--db", db_path, "calendar", *args)
    assert result.code == 2 and says in result.err and result.err.count("\n") == 1
    assert not out.exists() and file_bytes(db_path) == before


def test_the_calendar_never_writes_over_the_database(cli, db_path, office):
    before = file_bytes(db_path)
    result = cli("--db", db_path, "calendar", "--out", db_path)
    assert result.code == 2 and "database" in result.err and file_bytes(db_path) == before
