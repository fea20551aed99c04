"""The standards commands as a user runs them: list, show in three formats, check, the user folder."""

from __future__ import annotations

import json
import resource
import subprocess
from pathlib import Path

from conftest import console_script

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


def test_check_shows_escape_codes_from_the_file_instead_of_sending_them_to_the_terminal(cli, tmp_path):
    """A heading holding ESC sequences (here: set the window title, turn text red) is quoted with them escaped."""
    hostile = tmp_path / "hostile.md"
    hostile.write_text(FIXTURE.read_text().replace("### F2: Do the second thing.", "### \x1b]0;owned\x07\x1b[31mRed\x9b2J"))
    result = cli("standards", "check", hostile)
    assert result.code == 1
    assert not any(ord(ch) < 32 and ch != "\n" or 0x7F <= ord(ch) <= 0x9F for ch in result.out), repr(result.out)
    assert "contains the control character \\x1b; a framework file is plain text" in result.out


def test_check_never_shows_a_traceback(console, tmp_path):
    garbage = tmp_path / "garbage.md"
    garbage.write_bytes(b"\xff\xfe\x00binary")
    result = console("standards", "check", garbage, tmp_path / "missing.md", tmp_path)
    assert "Traceback" not in result.err + result.out
    # a file that is there but is not a framework is a problem in it (stdout); a name that cannot be opened is bad input
    assert result.out == f"{garbage}:1: file is binary, not Markdown text\n"
    assert result.code == 2
    assert result.err == (
        f"supervision-tui: error: standards check: {tmp_path / 'missing.md'}: cannot read file: No such file or directory "
        "(and 1 more file that cannot be read)\n"
    )
    alone = console("standards", "check", tmp_path)
    assert (alone.code, alone.out) == (2, "")
    assert alone.err == f"supervision-tui: error: standards check: {tmp_path}: is a directory, not a framework file\n"


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
    (folder / "theirs.md").write_text(clash)
    result = cli("standards", "list", "--standards-dir", folder)
    assert result.code == 2 and result.err.count("\n") == 1
    assert "ours.md" in result.err and "theirs.md" in result.err


def test_a_shipped_file_reached_again_through_the_user_folder_is_not_a_duplicate(cli, tmp_path):
    """The same file twice is one framework: refusing it named one file twice and asked to change its id."""
    from standards import builtin_dir

    assert cli("standards", "list", "--format", "json", "--standards-dir", builtin_dir()).code == 0
    folder = tmp_path / "linked"
    folder.mkdir()
    (folder / "apir.md").symlink_to(builtin_dir() / "apir.md")
    (folder / "small.md").write_text(FIXTURE.read_text())
    result = cli("standards", "list", "--format", "json", "--standards-dir", folder)
    assert result.code == 0, result.err
    assert [row["id"] for row in json.loads(result.out)] == ["apir", "methods-of-work", "small"]
    copy = tmp_path / "copied"
    copy.mkdir()
    (copy / "apir.md").write_bytes((builtin_dir() / "apir.md").read_bytes())
    listed = cli("standards", "list", "--format", "json", "--standards-dir", copy)
    assert listed.code == 0, "a copy in the user folder is the organisation's own apir, loaded instead of the shipped one"
    assert [(row["id"], row["path"]) for row in json.loads(listed.out)][0] == ("apir", str(copy / "apir.md"))


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


def test_show_text_keeps_a_standards_notes(cli):
    out = cli("standards", "show", "apir").out
    assert '(See Guidelines on producing a plan of work in "A framework for Professional Practice".)' in out


def test_every_md_file_in_the_folder_loads_except_its_readme(cli, tmp_path):
    """Only README.md explains the folder; 'readme-notes.md' is a framework like any other."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "readme-notes.md").write_text(FIXTURE.read_text(), encoding="utf-8")
    (folder / "README.md").write_text("# Our standards folder\n", encoding="utf-8")
    ids = [row["id"] for row in json.loads(cli("standards", "list", "--format", "json", "--standards-dir", folder).out)]
    assert ids == ["apir", "methods-of-work", "small"]


def test_the_md_suffix_is_matched_in_any_case_like_the_readme_name(cli, tmp_path):
    """A file saved as 'Ours.MD' (as some Windows tools name it) is a framework; 'Readme.MD' still explains the folder."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "Ours.MD").write_text(FIXTURE.read_text(), encoding="utf-8")
    (folder / "Readme.MD").write_text("# Our standards folder\n", encoding="utf-8")
    (folder / "notes.md.txt").write_text("not markdown", encoding="utf-8")
    rows = json.loads(cli("standards", "list", "--format", "json", "--standards-dir", folder).out)
    assert [(row["id"], Path(row["path"]).name if row["path"] else None) for row in rows] == [
        ("apir", "apir.md"), ("methods-of-work", "methods-of-work.md"), ("small", "Ours.MD"),
    ]


def test_check_counts_read_naturally_and_reads_standard_input(console):
    result = console("standards", "check", "-", input=FIXTURE.read_text(encoding="utf-8"))
    assert (result.code, result.err) == (0, "")
    assert result.out == "-: ok: small 'Small framework' version 1.0, 2 stages, 3 standards\n"
    one_stage = FIXTURE.read_text(encoding="utf-8").split("## Second stage")[0]
    assert "1 stage, 2 standards" in console("standards", "check", "-", input=one_stage).out


def test_check_refuses_an_empty_file_name_instead_of_reading_the_current_folder(cli):
    result = cli("standards", "check", "")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "argument FILE: the name is empty" in result.err
    assert "directory" not in result.err


def test_check_reads_no_more_than_the_size_limit(cli, tmp_path):
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 3_000_000)
    assert "larger than 2 MB" in cli("standards", "check", big).out
    # an endless file: in a child process with 1 GB of address space, so reading it all fails fast
    endless = subprocess.run(
        [console_script(), "standards", "check", "/dev/zero"], capture_output=True, text=True, timeout=120,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)),
    )
    assert (endless.returncode, endless.stderr) == (1, "")
    assert endless.stdout == "/dev/zero:1: file is larger than 2 MB; a framework file is a short Markdown document\n"


def test_an_unexpected_block_is_named_in_plain_words(cli, tmp_path):
    quoted = tmp_path / "quoted.md"
    quoted.write_text(FIXTURE.read_text(encoding="utf-8").replace("Stage intro.", "> Stage intro."), encoding="utf-8")
    out = cli("standards", "check", quoted).out
    assert f"{quoted}:25: a quotation ('>') is not allowed here" in out


def test_a_user_framework_whose_text_starts_like_markup_round_trips(cli, tmp_path):
    """Examples and notes may start with '<b>', '+1' or '1.' in a user's file; show --format md must give them back."""
    folder = tmp_path / "mine"
    folder.mkdir()
    text = FIXTURE.read_text(encoding="utf-8").replace("A note about F1.", "<i>Note</i> that 3 < 4.")
    text = text.replace("- Doing it well.", "- <b>Doing</b> it well.\n- +1 for effort\n- \\1. is a backslash then 1.")
    (folder / "small.md").write_text(text, encoding="utf-8")
    shown = json.loads(cli("standards", "show", "small", "--format", "json", "--standards-dir", folder).out)
    f1 = shown["stages"][0]["standards"][0]
    assert f1["notes"] == "<i>Note</i> that 3 < 4."
    assert [e["text"] for e in f1["examples"]][:3] == ["<b>Doing</b> it well.", "+1 for effort", "1. is a backslash then 1."]
    markdown = cli("standards", "show", "small", "--format", "md", "--standards-dir", folder).out
    again = tmp_path / "again"
    again.mkdir()
    (again / "small.md").write_text(markdown, encoding="utf-8")
    assert cli("standards", "check", again / "small.md").code == 0
    assert json.loads(cli("standards", "show", "small", "--format", "json", "--standards-dir", again).out) == shown


def test_the_example_in_the_standards_readme_passes_check(cli, tmp_path):
    readme = (Path(__file__).parent.parent / "standards" / "README.md").read_text(encoding="utf-8")
    example = readme.split("```markdown\n", 1)[1].split("\n```\n", 1)[0]
    path = tmp_path / "example.md"
    path.write_text(example + "\n", encoding="utf-8")
    result = cli("standards", "check", path)
    assert (result.code, result.err) == (0, ""), result.out
    assert "ok: youth-work" in result.out
    escaped, problems = parse_framework(example.replace("- Recording the assessment", "- \\<b> is bold\n- Recording the assessment"))
    assert problems == [] and escaped.standard("A2").examples[0].text == "<b> is bold"


def test_a_file_given_as_the_standards_folder_is_refused_not_ignored(cli):
    """Otherwise the user's own frameworks silently vanish from every list."""
    result = cli("standards", "list", "--standards-dir", FIXTURE)
    assert result.code == 2 and result.err.count("\n") == 1
    assert f"the standards folder {FIXTURE} is a file" in result.err
