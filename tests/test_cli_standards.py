"""The standards commands as a user runs them: list, show in three formats, check, the user folder."""

from __future__ import annotations

import json
from pathlib import Path

from standards import parse_framework

FIXTURE = Path(__file__).parent / "fixtures" / "small.md"


def test_list_shows_both_shipped_frameworks(cli):
    result = cli("standards", "list")
    assert result.code == 0, result.err
    assert "apir" in result.out and "methods-of-work" in result.out
    rows = json.loads(cli("standards", "list", "--format", "json").out)
    apir = next(r for r in rows if r["id"] == "apir")
    assert (apir["stages"], apir["standards"]) == (5, 29)


def test_show_json_has_the_documented_shape(cli):
    data = json.loads(cli("standards", "show", "apir", "--format", "json").out)
    assert set(data) >= {"id", "title", "version", "source", "rating_scale", "stages", "reference"}
    assert [level["key"] for level in data["rating_scale"]] == ["not-evident", "developing", "secure", "exemplary"]
    assert [level["meets_standard"] for level in data["rating_scale"]] == [False, False, True, True]
    stage = data["stages"][0]
    assert set(stage) >= {"id", "title", "outcomes", "standards"}
    standard = stage["standards"][0]
    assert set(standard) >= {"id", "statement", "examples"}
    assert set(standard["examples"][0]) == {"text", "development_activity"}
    assert [r["title"] for r in data["reference"]] == ["Caseload definitions", "Timescales", "Leaving your caseload"]


def test_show_md_round_trips_through_check_and_show(cli, tmp_path):
    for framework_id in ("apir", "methods-of-work"):
        markdown = cli("standards", "show", framework_id, "--format", "md").out
        path = tmp_path / f"{framework_id}.md"
        path.write_text(markdown, encoding="utf-8")
        checked = cli("standards", "check", path)
        assert checked.code == 0 and "ok" in checked.out, checked.out
        shown = json.loads(cli("standards", "show", framework_id, "--format", "json").out)
        reparsed, problems = parse_framework(markdown)
        assert problems == []
        assert reparsed.to_dict() == shown


def test_show_text_reads_like_the_guide(cli):
    out = cli("standards", "show", "apir").out
    assert "UNDERPINNING PROCESSES" in out
    assert "A2  Plan effectively for assessment." in out
    assert "Attending APIR training. [development activity]" in out


def test_show_out_writes_a_private_file(cli, tmp_path):
    target = tmp_path / "apir.json"
    result = cli("standards", "show", "apir", "--format", "json", "--out", target)
    assert result.code == 0 and result.out == ""
    assert json.loads(target.read_text())["id"] == "apir"
    assert target.stat().st_mode & 0o077 == 0


def test_unknown_framework_is_one_line_exit_2(cli):
    result = cli("standards", "show", "nope")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "unknown framework 'nope'" in result.err and "apir" in result.err


def test_check_reports_every_problem_with_file_and_line(cli, tmp_path):
    broken = tmp_path / "broken.md"
    broken.write_text(FIXTURE.read_text().replace("threshold: met", "threshold: great").replace("### F2:", "### F1:"))
    result = cli("standards", "check", broken, FIXTURE)
    assert result.code == 1
    lines = result.out.strip().splitlines()
    assert any(line.startswith(f"{broken}:6: unknown threshold 'great'") for line in lines), lines
    assert any(f"{broken}:" in line and "duplicate standard ID F1" in line for line in lines)
    assert lines[-1].startswith(f"{FIXTURE}: ok: small")


def test_check_never_shows_a_traceback(console, tmp_path):
    garbage = tmp_path / "garbage.md"
    garbage.write_bytes(b"\xff\xfe\x00binary")
    result = console("standards", "check", garbage, tmp_path / "missing.md", tmp_path)
    assert result.code == 1
    assert "Traceback" not in result.err + result.out
    assert len(result.out.strip().splitlines()) == 3


def test_user_folder_adds_a_framework(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "small.md").write_text(FIXTURE.read_text())
    result = cli("standards", "list", "--standards-dir", folder)
    assert "small" in result.out
    # the option is accepted before the subcommand too
    assert "small" in cli("--standards-dir", folder, "standards", "list").out


def test_user_folder_from_the_environment(cli, tmp_path, monkeypatch):
    folder = tmp_path / "env"
    folder.mkdir()
    (folder / "small.md").write_text(FIXTURE.read_text())
    monkeypatch.setenv("SUPERVISION_TUI_STANDARDS", str(folder))
    assert "small" in cli("standards", "list").out


def test_two_frameworks_with_one_id_are_refused_naming_both_files(cli, tmp_path):
    folder = tmp_path / "dupes"
    folder.mkdir()
    clash = FIXTURE.read_text().replace("id: small", "id: apir")
    (folder / "ours.md").write_text(clash)
    result = cli("standards", "list", "--standards-dir", folder)
    assert result.code == 2
    assert "apir.md" in result.err and "ours.md" in result.err


def test_an_invalid_user_framework_is_refused_with_its_line(cli, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "bad.md").write_text(FIXTURE.read_text().replace("### F2: Do the second thing.", "### F2:"))
    result = cli("standards", "list", "--standards-dir", folder)
    assert result.code == 2
    assert "bad.md:" in result.err and "has no statement" in result.err
    assert result.err.count("\n") == 1


def test_help_and_version(console):
    for args in (["--help"], ["standards", "--help"], ["standards", "show", "--help"], ["standards", "check", "--help"]):
        result = console(*args)
        assert result.code == 0 and "usage:" in result.out
    version = console("--version")
    assert version.code == 0 and version.out.startswith("supervision-tui ")


def test_usage_errors_are_one_line_exit_2(cli):
    for args in (["bogus"], ["standards"], ["standards", "show"], ["standards", "list", "--format", "xml"]):
        result = cli(*args)
        assert result.code == 2, args
        assert result.err.count("\n") == 1 and result.err.startswith("supervision-tui: error:"), result.err
