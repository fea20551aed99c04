"""The session agenda and record commands as a manager runs them: agenda, tick, decide, agree, record, correct."""

from __future__ import annotations

import json
import stat

from store_helpers import table_rows


def setup_session(cli, db_path):
    assert cli("--db", db_path, "staff", "add", "Ann Worker", "--team", "North", "--started", "2024-01-01").code == 0
    assert cli("--db", db_path, "observe", "Ann Worker", "A2", "developing", "--date", "2025-03-01", "--by", "Sam").code == 0
    added = cli("--db", db_path, "session", "add", "Ann Worker", "--date", "2025-03-03", "--manager", "Sam")
    assert added.code == 0, added.err
    return added.out.split()[0]


def test_agenda_to_filed_record(cli, db_path, tmp_path):
    session = setup_session(cli, db_path)
    agenda = cli("--db", db_path, "session", "agenda", "Ann Worker", "--on", "2025-03-03", "--format", "json")
    assert agenda.code == 0, agenda.err
    assert [i["key"] for i in json.loads(agenda.out)["items"]] == ["need:A2"]
    assert "- [ ] need:A2: A2:" in cli("--db", db_path, "session", "agenda", "Ann Worker", "--on", "2025-03-03").out
    ticked = cli("--db", db_path, "session", "tick", session[:8], "need:a2", "--note", "Shadowing <b>planned</b>")
    assert (ticked.code, ticked.out) == (0, f"ticked need:A2 in session {session[:8]}\n"), ticked.err
    assert cli("--db", db_path, "session", "decide", session[:8], "Case 1 stays intensive").code == 0
    assert cli("--db", db_path, "action", "add", "Ann Worker", "Shadow a review", "--due", "2025-04-01", "--owner", "Ann Worker", "--session", session).code == 0
    assert "- [x] need:A2" in cli("--db", db_path, "session", "agenda", "Ann Worker", "--on", "2025-03-03").out
    agreed = cli("--db", db_path, "session", "agree", session[:8], "--manager", "Sam", "--staff", "Ann Worker", "--next", "2025-04-07", "--date", "2025-03-03")
    assert agreed.code == 0, agreed.err
    html = tmp_path / "record.html"
    filed = cli("--db", db_path, "session", "record", session[:8], "--out", html)
    assert filed.code == 0 and filed.err == f"wrote {html}\n"
    assert stat.S_IMODE(html.stat().st_mode) == 0o600
    page = html.read_text()
    assert "Shadowing &lt;b&gt;planned&lt;/b&gt;" in page and "Shadow a review" in page and "2025-04-07" in page
    markdown = cli("--db", db_path, "session", "record", session[:8]).out
    assert markdown.startswith("# Supervision record: Ann Worker, 2025-03-03") and "- **Staff member:** Ann Worker" in markdown
    fixed = cli("--db", db_path, "session", "correct", session[:8], "Next session moved", "--by", "Sam")
    assert fixed.code == 0, fixed.err
    assert "Next session moved" in cli("--db", db_path, "session", "record", session[:8], "--format", "md").out


def test_bad_input_is_one_line_exit_2_and_writes_nothing(cli, db_path, tmp_path):
    session = setup_session(cli, db_path)
    attempts = [
        (("session", "tick", session[:8], "need:R6"), "need 'R6' is not on the agenda"),
        (("session", "tick", session[:8], "A2"), "is not KIND:SUBJECT"),
        (("session", "decide", session[:8], " "), "decision must not be empty"),
        (("session", "agree", session[:8], "--manager", "Sam", "--staff", "Ann", "--next", "2025-03-01"), "not after this session"),
        (("session", "correct", session[:8], "x", "--by", "Sam"), "has no agreed record yet"),
        (("session", "record", session[:8]), "has no agreed record yet"),
        (("session", "record", "zzzz", "--out", tmp_path / "r.html"), "no supervision session"),
    ]
    for args, message in attempts:
        before = table_rows(db_path)
        result = cli("--db", db_path, *args)
        assert result.code == 2 and message in result.err and len(result.err.strip().splitlines()) == 1, (args, result.err)
        assert table_rows(db_path) == before
    assert cli("--db", db_path, "session", "agree", session[:8], "--manager", "Sam", "--staff", "Ann").code == 0
    before = table_rows(db_path)
    twice = cli("--db", db_path, "session", "agree", session[:8], "--manager", "Sam", "--staff", "Ann")
    assert twice.code == 2 and "an agreed record is never changed" in twice.err
    unknown_suffix = cli("--db", db_path, "session", "record", session[:8], "--out", tmp_path / "r.txt")
    assert unknown_suffix.code == 2 and "cannot tell the format" in unknown_suffix.err
    assert table_rows(db_path) == before and not (tmp_path / "r.txt").exists()
