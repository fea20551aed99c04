"""Every report's ``--out``: a file name no file system allows is one line and exit 2, and nothing is written."""

from __future__ import annotations

import pytest

REPORTS = [
    ("today",),
    ("report", "caseload", "Ada Lovelace"),
    ("report", "needs", "Ada Lovelace"),
    ("report", "training"),
]


@pytest.mark.parametrize("command", REPORTS, ids=" ".join)
@pytest.mark.parametrize("name", ["a\x00b", "  "], ids=["nul", "blank"])
def test_an_impossible_out_name_is_one_line_and_nothing_is_written(command, name, cli, db_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("--db", db_path, "staff", "add", "Ada Lovelace", "--team", "North").code == 0
    before = sorted(tmp_path.iterdir())
    result = cli("--db", db_path, *command, "--out", name)
    assert result.code == 2, result
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert "--out" in result.err
    assert sorted(tmp_path.iterdir()) == before
