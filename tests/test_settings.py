"""Settings: one TOML file, every key optional, a bad file one line naming the file and the key; `settings` shows it all."""

from __future__ import annotations

import os
import stat

import pytest

from observations.settings import Settings, SettingsError, load_settings, parse_settings, save_settings, settings_path


def write(tmp_path, text: str):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_is_every_default(tmp_path):
    settings = load_settings(tmp_path / "absent.toml")
    assert settings == Settings(path=tmp_path / "absent.toml")
    assert settings.supervision_interval_weeks == 4 and settings.induction_interval_weeks == 2
    assert all(settings.source(name) == "default" for name in settings.values())


def test_the_file_gives_what_it_names_and_the_rest_stays_default(tmp_path):
    path = write(tmp_path, 'supervision_interval_weeks = 6\ntheme = "nord"\n[keymap]\nperson-actions = "A"\n')
    settings = load_settings(path)
    assert settings.supervision_interval_weeks == 6 and settings.theme == "nord"
    assert dict(settings.keymap) == {"person-actions": "A"}
    assert settings.source("theme") == "file" and settings.source("stale_months") == "default"
    with pytest.raises(TypeError):
        settings.keymap["x"] = "y"  # type: ignore[index]  # frozen all the way down


def test_the_environment_names_another_file(tmp_path):
    assert settings_path({"SUPERVISION_TUI_SETTINGS": str(tmp_path / "mine.toml")}) == tmp_path / "mine.toml"
    assert settings_path({}).name == "settings.toml"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("supervision_interval_weeks = 0", "'supervision_interval_weeks' is 0; give 1 to 52 weeks"),
        ("supervision_interval_weeks = -3", "'supervision_interval_weeks' is -3"),
        ("induction_interval_weeks = 900", "'induction_interval_weeks' is 900"),
        ("supervision_interval_weeks = 2.5", "must be a whole number of weeks"),
        ("supervision_interval_weeks = true", "must be a whole number of weeks"),
        ("stale_months = \"six\"", "'stale_months' must be a whole number of months"),
        ("colour = 1", "unknown key 'colour'"),
        ("theme = 3", "'theme' must be text in quotes"),
        ("theme = \"[bold]x\"", "not a theme name"),
        ("keymap = \"A\"", "'keymap' must be a table"),
        ("[keymap]\nperson-actions = 3", "gives 'person-actions' 3"),
        ("[keymap]\nperson-actions = \"a b\"", "gives 'person-actions' 'a b'"),
        ("theme = [", "not valid TOML"),
    ],
)
def test_a_bad_file_is_one_line_naming_the_file_and_the_key(tmp_path, text, says):
    path = write(tmp_path, text + "\n")
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    message = str(raised.value)
    assert message.startswith(f"settings file {path}") and says in message and "\n" not in message


def test_not_utf8_and_a_folder_are_refused(tmp_path):
    with pytest.raises(SettingsError, match="not UTF-8"):
        parse_settings(b"theme = \"\xff\"", tmp_path / "s.toml")
    with pytest.raises(SettingsError, match="is a folder"):
        load_settings(tmp_path)


def test_saving_keeps_what_the_file_gave_plus_the_theme_owner_only(tmp_path):
    path = write(tmp_path, 'stale_months = 9\nexport_folder = "C:\\\\Users\\\\\\"Q\\""\n[keymap]\nperson-actions = "A"\n')
    saved = save_settings(load_settings(path).with_theme("nord"))
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    again = load_settings(path)
    assert again.theme == "nord" and again.stale_months == 9 and again.export_folder == 'C:\\Users\\"Q"'
    assert dict(again.keymap) == {"person-actions": "A"} and again.source("supervision_interval_weeks") == "default"


def test_settings_command_shows_the_path_every_value_and_its_source(cli, tmp_path, monkeypatch):
    path = write(tmp_path, "supervision_interval_weeks = 3\n")
    monkeypatch.setenv("SUPERVISION_TUI_SETTINGS", str(path))
    result = cli("settings")
    assert result.code == 0, result.err
    assert f"settings file: {path}" in result.out
    assert "supervision_interval_weeks  3  [file]" in result.out
    assert "induction_interval_weeks    2  [default]" in result.out
    import json

    shown = json.loads(cli("settings", "--format", "json").out)
    assert shown["settings"]["supervision_interval_weeks"] == {"value": 3, "source": "file"}


def test_settings_command_with_a_bad_file_is_one_line_and_exit_2(cli, tmp_path, monkeypatch):
    path = write(tmp_path, "supervision_interval_weeks = 0\n")
    monkeypatch.setenv("SUPERVISION_TUI_SETTINGS", str(path))
    result = cli("settings")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and str(path) in result.err and "supervision_interval_weeks" in result.err


def test_the_app_refuses_a_bad_settings_file_before_the_terminal_changes(console, tmp_path):
    bad = write(tmp_path, 'theme = "no-such-theme"\n')
    result = console("--db", str(tmp_path / "x.db"), env={"SUPERVISION_TUI_SETTINGS": str(bad)})
    assert result.code == 2
    assert result.err.count("\n") == 1 and "'theme' is 'no-such-theme', which is not a theme" in result.err


def test_reports_take_the_staleness_period_and_framework_from_settings_unless_told(cli, db_path, tmp_path, monkeypatch):
    import json

    path = write(tmp_path, 'stale_months = 9\ndefault_framework = "methods-of-work"\n')
    monkeypatch.setenv("SUPERVISION_TUI_SETTINGS", str(path))
    ref = cli("--db", db_path, "staff", "add", "Ann Lee").out.split()[0]
    shown = json.loads(cli("--db", db_path, "report", "needs", ref, "--format", "json").out)
    assert shown["stale_months"] == 9 and shown["framework"]["id"] == "methods-of-work"
    told = json.loads(cli("--db", db_path, "report", "needs", ref, "--format", "json", "--stale-months", "3", "--framework", "apir").out)
    assert told["stale_months"] == 3 and told["framework"]["id"] == "apir"
