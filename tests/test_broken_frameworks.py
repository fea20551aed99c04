"""One bad framework file must not block everything (issue 18, kind 5).

``standards import`` judges the file it is about to write exactly as loading
will (``standards.loader.framework_from_bytes``), so it never leaves a file
that then stops every command. A file broken on disk afterwards (truncated
by hand, two files with one id) gives the commands that never read a
framework -- backup, export, a person's export and erasure -- one warning
line, and every other command one error line naming the file and what to do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from standards import load_library
from standards.loader import MAX_BYTES

NAME = "Sam Patel"
SAFE_COMMANDS = [
    ("backup", "{tmp}/copy.db"),
    ("export", "{tmp}/all.json"),
    ("staff", "export", NAME, "--out", "{tmp}/sam.json"),
    ("staff", "erase", NAME, "--yes"),
]
"""Commands that never read a framework: privacy and backup must work whatever the standards folder holds."""
FRAMEWORK_COMMANDS = [
    ("staff", "list"),
    ("staff", "show", NAME),
    ("report", "needs", NAME),
    ("observe", NAME, "A2", "developing", "--evidence", "seen"),
    ("standards", "list"),
]


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "standards"
    path.mkdir()
    return path


def _oversized_case_package(cli, tmp_path) -> Path:
    """A CASE package within import's own size limit whose Markdown is over the loader's limit."""
    shipped = json.loads(cli("standards", "export", "apir", "--format", "case").out)
    shipped["CFDocument"]["notes"] = ("a long note that goes on " * 4 + "\n\n") * (MAX_BYTES // 100 + 1000)
    path = tmp_path / "oversized.json"
    path.write_text(json.dumps(shipped), encoding="utf-8")
    return path


def test_an_import_the_loader_would_refuse_is_refused_and_nothing_written(cli, tmp_path, folder, db_path):
    package = _oversized_case_package(cli, tmp_path)
    result = cli("standards", "import", package, "--id", "big", "--standards-dir", folder)
    assert result.code == 2, result
    assert result.err.count("\n") == 1 and "larger than 2 MB" in result.err and "nothing was written" in result.err
    assert list(folder.iterdir()) == []
    assert cli("--db", db_path, "--standards-dir", folder, "staff", "add", NAME).code == 0


def test_whatever_import_writes_the_loader_loads(cli, folder):
    """The property behind the fix: every accepted import leaves a library that loads, and import's
    judgement is the loader's own function applied to the very bytes written."""
    from standards.loader import framework_from_bytes

    data = Path(__file__).parent / "data"
    assert cli("standards", "import", data / "foreign-case.json", "--id", "digital", "--standards-dir", folder).code == 0
    assert cli("standards", "import", data / "foreign-moodle.csv", "--standards-dir", folder).code == 0
    for written in folder.glob("*.md"):
        framework, problems = framework_from_bytes(written.read_bytes(), written)
        assert problems == [] and framework is not None
    assert len(load_library(folder)) == 4


def _broken_on_disk(folder: Path, how: str) -> Path:
    if how == "truncated":
        path = folder / "ours.md"
        path.write_text("---\nid: ours\ntitle: Our stan", encoding="utf-8")
    elif how == "oversized":
        path = folder / "huge.md"
        path.write_bytes(b"x" * (MAX_BYTES + 1))
    else:  # two files of the folder claiming one id (one alone would be the organisation's own copy of apir)
        from standards import builtin_dir

        (folder / "a-copy-of-apir.md").write_bytes((builtin_dir() / "apir.md").read_bytes())
        path = folder / "b-copy-of-apir.md"
        path.write_bytes((builtin_dir() / "apir.md").read_bytes())
    return path


@pytest.fixture(params=["truncated", "oversized", "duplicate id"])
def broken(request, cli, db_path, folder) -> Path:
    """A database with one person in it, then a framework file broken by hand in the standards folder."""
    assert cli("--db", db_path, "--standards-dir", folder, "staff", "add", NAME, "--team", "North").code == 0
    return _broken_on_disk(folder, request.param)


@pytest.mark.parametrize("command", SAFE_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_privacy_and_backup_commands_work_with_one_warning_line(cli, tmp_path, db_path, folder, broken, command):
    args = [part.format(tmp=tmp_path) for part in command]
    result = cli("--db", db_path, "--standards-dir", folder, *args)
    assert result.code == 0, result
    assert result.err.count("warning:") == 1, result.err
    warning = next(line for line in result.err.splitlines() if "warning:" in line)
    assert str(broken) in warning and "Traceback" not in result.err


@pytest.mark.parametrize("command", FRAMEWORK_COMMANDS, ids=" ".join)
def test_other_commands_stop_with_one_line_naming_the_file_and_the_fix(cli, db_path, folder, broken, command):
    before = list(db_path.parent.iterdir())
    result = cli("--db", db_path, "--standards-dir", folder, *command)
    assert result.code == 2, result
    assert result.err.count("\n") == 1 and result.err.startswith("supervision-tui: error: "), result.err
    assert str(broken) in result.err
    assert "move it out of the standards folder" in result.err or "change the id in one of them" in result.err
    assert list(db_path.parent.iterdir()) == before


def test_the_console_script_backs_up_past_a_broken_framework_without_a_traceback(console, tmp_path, db_path, folder):
    assert console("--db", db_path, "--standards-dir", folder, "staff", "add", NAME).code == 0
    broken = _broken_on_disk(folder, "truncated")
    backup = console("--db", db_path, "--standards-dir", folder, "backup", tmp_path / "copy.db")
    assert backup.code == 0 and (tmp_path / "copy.db").exists(), backup
    assert backup.err.count("\n") == 1 and str(broken) in backup.err
    listing = console("--db", db_path, "--standards-dir", folder, "staff", "list")
    assert listing.code == 2 and listing.err.count("\n") == 1 and "Traceback" not in listing.err


def test_many_broken_files_are_still_one_warning_line(cli, tmp_path, db_path, folder):
    assert cli("--db", db_path, "--standards-dir", folder, "staff", "add", NAME).code == 0
    for number in range(3):
        (folder / f"broken-{number}.md").write_text("not a framework\n", encoding="utf-8")
    (folder / "bad\nname\x1b[2J.md").write_text("nor this\n", encoding="utf-8")
    result = cli("--db", db_path, "--standards-dir", folder, "backup", tmp_path / "copy.db")
    assert result.code == 0, result
    assert result.err.count("\n") == 1 and "and 3 more broken framework files" in result.err
    assert "\x1b" not in result.err
