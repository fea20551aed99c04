"""`standards export` and `standards import` as a user runs them: files out, framework files in, nothing written on error."""

from __future__ import annotations

import json
import stat

import pytest

from interchange_support import DATA, case_validator

SHIPPED = ("apir", "methods-of-work")


@pytest.fixture
def folder(tmp_path):
    """A standards folder that does not exist yet: import must create it, and errors must not."""
    return tmp_path / "standards"


def shown(cli, framework_id: str, folder) -> dict:
    result = cli("standards", "show", framework_id, "--format", "json", "--standards-dir", folder)
    assert result.code == 0, result.err
    return json.loads(result.out)


def assert_refused(result, folder, expected: str) -> None:
    assert result.code == 2, (result.out, result.err)
    assert result.err.startswith("supervision-tui: error: ")
    assert result.err.count("\n") == 1, result.err
    assert expected in result.err
    assert "Traceback" not in result.err
    assert not folder.exists() or list(folder.iterdir()) == []


def test_export_case_to_stdout_is_valid_and_stable(cli):
    first = cli("standards", "export", "apir", "--format", "case")
    assert first.code == 0, first.err
    package = json.loads(first.out)
    assert list(case_validator().iter_errors(package)) == []
    assert cli("standards", "export", "apir", "--format", "case").out == first.out


def test_export_format_follows_the_out_extension(cli, tmp_path):
    target = tmp_path / "apir.csv"
    result = cli("standards", "export", "apir", "--out", target)
    assert result.code == 0 and result.out == ""
    assert target.read_text(encoding="utf-8").startswith('"Parent id number","Id number",Shortname,')
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_of_an_unknown_framework_is_one_line(cli):
    result = cli("standards", "export", "nope", "--format", "case")
    assert result.code == 2 and "unknown framework 'nope'" in result.err


@pytest.mark.parametrize("framework_id", SHIPPED)
@pytest.mark.parametrize("file_format, suffix", [("case", "json"), ("moodle-csv", "csv")])
def test_export_then_import_shows_the_same_framework(cli, tmp_path, folder, framework_id, file_format, suffix):
    exported = tmp_path / f"{framework_id}.{suffix}"
    assert cli("standards", "export", framework_id, "--format", file_format, "--out", exported).code == 0
    result = cli("standards", "import", exported, "--id", "copy", "--standards-dir", folder)
    assert result.code == 0, result.err
    written = folder / "copy.md"
    assert result.out == f"{written}\n"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    original, imported = shown(cli, framework_id, folder), shown(cli, "copy", folder)
    assert imported == {**original, "id": "copy"}
    assert cli("standards", "check", written).code == 0


def test_an_id_that_is_already_loaded_is_refused_without_new_id(cli, tmp_path, folder):
    exported = tmp_path / "apir.json"
    cli("standards", "export", "apir", "--format", "case", "--out", exported)
    result = cli("standards", "import", exported, "--standards-dir", folder)
    assert_refused(result, folder, "a framework with the id 'apir' is already loaded")
    assert "--id NEW_ID" in result.err
    assert_refused(cli("standards", "import", exported, "--id", "methods-of-work", "--standards-dir", folder), folder, "already loaded")


def test_an_id_taken_in_the_user_folder_is_refused_and_the_file_kept(cli, tmp_path, folder):
    exported = tmp_path / "apir.json"
    cli("standards", "export", "apir", "--format", "case", "--out", exported)
    assert cli("standards", "import", exported, "--id", "ours", "--standards-dir", folder).code == 0
    before = (folder / "ours.md").read_bytes()
    result = cli("standards", "import", DATA / "foreign-moodle.csv", "--id", "ours", "--standards-dir", folder)
    assert result.code == 2 and "a framework with the id 'ours' is already loaded" in result.err
    assert (folder / "ours.md").read_bytes() == before
    result = cli("standards", "import", exported, "--id", "Not An Id", "--standards-dir", folder)
    assert result.code == 2 and "--id 'Not An Id' must be lowercase letters, digits and hyphens" in result.err


def test_a_name_clash_with_an_unloaded_file_is_refused(cli, tmp_path, folder):
    (folder / "ours.md").mkdir(parents=True)  # not loaded: a folder, not a framework file
    exported = tmp_path / "apir.csv"
    cli("standards", "export", "apir", "--out", exported)
    result = cli("standards", "import", exported, "--id", "ours", "--standards-dir", folder)
    assert result.code == 2 and "already exists" in result.err
    assert (folder / "ours.md").is_dir()


def test_an_id_whose_file_would_be_taken_for_the_readme_is_refused(cli, tmp_path, folder):
    exported = tmp_path / "apir.csv"
    cli("standards", "export", "apir", "--out", exported)
    result = cli("standards", "import", exported, "--id", "readme", "--standards-dir", folder)
    assert result.code == 2 and "README" in result.err and "--id" in result.err
    assert not (folder / "readme.md").exists()


def test_foreign_files_import_with_their_own_ids(cli, folder):
    for name, framework_id in (("foreign-moodle.csv", "dyw-2023"), ("foreign-case.json", "youth-work-digital-skills")):
        result = cli("standards", "import", DATA / name, "--standards-dir", folder)
        assert result.code == 0, result.err
        assert result.out.strip() == str(folder / f"{framework_id}.md")
    listing = json.loads(cli("standards", "list", "--format", "json", "--standards-dir", folder).out)
    assert {"dyw-2023", "youth-work-digital-skills"} <= {row["id"] for row in listing}


def test_format_is_guessed_from_content_when_the_extension_says_nothing(cli, tmp_path, folder):
    renamed = tmp_path / "framework.txt"
    renamed.write_bytes((DATA / "foreign-moodle.csv").read_bytes())
    assert cli("standards", "import", renamed, "--standards-dir", folder).code == 0
    mystery = tmp_path / "mystery.txt"
    mystery.write_text("hello\n", encoding="utf-8")
    assert_refused(cli("standards", "import", mystery, "--standards-dir", tmp_path / "other"), tmp_path / "other", "give --format case or --format moodle-csv")


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.json", b"  \n\n", "the file is empty"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin1.csv", '"Parent id number",café'.encode("latin-1"), "not UTF-8"),
        ("wrong.csv", b"name,parent\nA,\n", "wrong header"),
        ("broken.json", b'{"CFDocument": {', "not valid JSON"),
        ("array.json", b"[1, 2]", "not a CASE package"),
        ("surrogate.json", b'{"CFDocument": {"identifier": "d", "title": "Caf\\udce9"}}', "CFDocument.title holds an escaped lone surrogate"),
        # Python refuses to read an integer this long (CVE-2020-10735 limit): a ValueError, not a JSONDecodeError
        ("long-number.json", b'{"CFDocument": {"identifier": "d", "title": "T", "n": ' + b"9" * 5000 + b"}}", "not valid JSON"),
    ],
)
def test_files_that_are_not_frameworks_are_refused(cli, tmp_path, folder, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("standards", "import", path, "--standards-dir", folder)
    assert_refused(result, folder, expected)
    assert str(path) in result.err


def test_hierarchy_errors_name_the_row_and_write_nothing(cli, tmp_path, folder):
    text = (DATA / "foreign-moodle.csv").read_text(encoding="utf-8")
    cycle = tmp_path / "cycle.csv"
    cycle.write_text(text.replace(",SAFE,", "SAFE.1.a,SAFE,", 1), encoding="utf-8")
    assert_refused(cli("standards", "import", cycle, "--standards-dir", folder), folder, "cycle in the hierarchy")
    orphan = tmp_path / "orphan.csv"
    orphan.write_text(text.replace("COMM,COMM.1", "GONE,COMM.1", 1), encoding="utf-8")
    assert_refused(cli("standards", "import", orphan, "--standards-dir", folder), folder, "parent id number 'GONE' of 'COMM.1' does not exist")
    data = json.loads((DATA / "foreign-case.json").read_text(encoding="utf-8"))
    del data["CFItems"][0]["fullStatement"]
    package = tmp_path / "package.json"
    package.write_text(json.dumps(data), encoding="utf-8")
    assert_refused(cli("standards", "import", package, "--standards-dir", folder), folder, "has no fullStatement")


def test_a_refused_import_leaves_a_folder_in_use_exactly_as_it_was(cli, tmp_path, folder):
    """Bad input writes nothing: no new file, no temporary file left behind, the existing files unchanged."""
    folder.mkdir()
    ours = folder / "ours.md"
    ours.write_text((DATA.parent / "fixtures" / "small.md").read_text(encoding="utf-8"), encoding="utf-8")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    text = (DATA / "foreign-moodle.csv").read_text(encoding="utf-8")
    bad = {
        "cycle.csv": text.replace(",SAFE,", "SAFE.1.a,SAFE,", 1),
        "clash.csv": text.replace(",DYW-2023,", ",small,", 1),
        "broken.json": '{"CFDocument": {',
    }
    for name, content in bad.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        result = cli("standards", "import", path, "--standards-dir", folder)
        assert result.code == 2 and result.err.count("\n") == 1, (name, result.err)
        assert {path.name: path.read_bytes() for path in folder.iterdir()} == before, name


def test_text_that_looks_like_markup_is_imported_exactly(cli, tmp_path, folder):
    """An example starting '<' (or '- ', '1.', '#') is escaped in the framework file and reads back as it came."""
    text = (DATA / "foreign-moodle.csv").read_text(encoding="utf-8")
    path = tmp_path / "angle.csv"
    path.write_text(text.replace("<li>misinformation</li>", "<li>&lt;misinformation&gt;</li>", 1).replace("Know the main risks:", "For example:", 1), encoding="utf-8")
    result = cli("standards", "import", path, "--standards-dir", folder)
    assert result.code == 0, result.err
    examples = shown(cli, "dyw-2023", folder)["stages"][0]["standards"][0]["examples"]
    assert examples[1]["text"] == "<misinformation>"


def test_a_file_that_would_not_read_back_the_same_is_refused_not_changed(cli, tmp_path, folder, monkeypatch):
    """The last check before writing: should the writer ever lose text, nothing is written."""
    import standards

    real = standards.framework_to_markdown
    monkeypatch.setattr(standards, "framework_to_markdown", lambda framework: real(framework).replace("misinformation", "mis"))
    result = cli("standards", "import", DATA / "foreign-moodle.csv", "--standards-dir", folder)
    assert_refused(result, folder, "would not read back the same (framework.stages[0].standards[0].notes would change); nothing was written")


def test_the_installed_console_script_imports(console, tmp_path, folder):
    result = console("standards", "import", DATA / "foreign-case.json", "--id", "digital", "--standards-dir", folder)
    assert result.code == 0, result.err
    assert result.out.strip() == str(folder / "digital.md")
    shown_back = console("standards", "show", "digital", "--standards-dir", folder)
    assert "YW-S-1-a" in shown_back.out


def no_hard_links(*args, **kwargs):
    """os.link on a file system that has none (some network and FAT drives)."""
    raise PermissionError(1, "Operation not permitted")


def pretend_another_import_finishes_first(monkeypatch, target, text: str) -> None:
    """Both imports passed the 'is the name free' check; the other one writes ``target`` before this one does."""
    import standards

    real = standards.framework_to_markdown

    def meanwhile(framework):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return real(framework)

    monkeypatch.setattr(standards, "framework_to_markdown", meanwhile)


@pytest.mark.parametrize("hard_links", [True, False], ids=["hard-links", "no-hard-links"])
def test_an_import_under_the_same_id_that_finishes_first_is_not_overwritten(cli, folder, monkeypatch, hard_links):
    if not hard_links:
        monkeypatch.setattr("os.link", no_hard_links)
    target = folder / "ours.md"
    pretend_another_import_finishes_first(monkeypatch, target, "the other import's framework\n")
    result = cli("standards", "import", DATA / "foreign-moodle.csv", "--id", "ours", "--standards-dir", folder)
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert f"{target} already exists; give --id NEW_ID" in result.err
    assert target.read_text(encoding="utf-8") == "the other import's framework\n"
    assert [p.name for p in folder.iterdir()] == ["ours.md"], "no temporary file is left behind"


def test_without_hard_links_the_import_still_writes_the_whole_file_owner_only(cli, folder, monkeypatch):
    monkeypatch.setattr("os.link", no_hard_links)
    result = cli("standards", "import", DATA / "foreign-moodle.csv", "--id", "ours", "--standards-dir", folder)
    assert result.code == 0, result.err
    assert [p.name for p in folder.iterdir()] == ["ours.md"]
    assert stat.S_IMODE((folder / "ours.md").stat().st_mode) == 0o600
    assert shown(cli, "ours", folder)["stages"][0]["standards"][0]["id"] == "SAFE-1"
