"""Provides the user's settings: one TOML file, read with ``tomllib`` and checked into a frozen ``Settings``.

The file is optional and every key in it is; what it leaves out takes the
default here. A bad file (not TOML, an unknown key, a value of the wrong kind
or out of range) is a ``SettingsError`` whose one line names the file, the key
and what is wrong, so no command and no screen ever starts on half a setting.
Nothing here knows about terminals: the app applies the theme and keymap, the
schedule reads the intervals.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from observations.defaults import DEFAULT_STALE_MONTHS, MAX_INTERVAL_WEEKS
from observations.errors import InputError

SETTINGS_ENV = "SUPERVISION_TUI_SETTINGS"
FILE_NAME = "settings.toml"
MAX_MONTHS = 120
MAX_TEXT = 500
KEYS_PATTERN = re.compile(r"^[^\s,]+(,[^\s,]+)*$")
"""A key list as Textual writes it: 'f2' or 'ctrl+a,f3'; no spaces, no empty entries."""
BINDING_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,60}$")


class SettingsError(InputError):
    """The settings file cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default; ``from_file`` says which ones the file gave."""

    supervision_interval_weeks: int = 4
    """The service's default time between supervision sessions; a person may have their own."""
    induction_interval_weeks: int = 2
    """The time between sessions for someone still in induction."""
    induction_period_months: int = 6
    """How long after their start date someone counts as in induction."""
    stale_months: int = DEFAULT_STALE_MONTHS
    """A standard not observed for longer than this is stale."""
    default_framework: str = "apir"
    theme: str = "textual-dark"
    export_folder: str = ""
    """Where exports are offered to go; empty means the folder the tool was started in."""
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Binding id -> keys (e.g. 'person-actions' -> 'A'), applied with Textual's set_keymap."""
    from_file: frozenset[str] = frozenset()
    path: Path | None = None

    def source(self, key: str) -> str:
        return "file" if key in self.from_file else "default"

    def values(self) -> dict[str, Any]:
        """Each setting's effective value, keymap as a plain dict, in the order the file documents them."""
        return {name: (dict(value) if isinstance(value, Mapping) else value) for name, value in self._items()}

    def _items(self):
        for f in fields(self):
            if f.name not in ("from_file", "path"):
                yield f.name, getattr(self, f.name)

    def export_path(self) -> Path:
        return Path(self.export_folder).expanduser() if self.export_folder else Path(".")

    def with_theme(self, theme: str) -> Settings:
        return replace(self, theme=theme, from_file=self.from_file | {"theme"})


SETTING_NAMES = tuple(f.name for f in fields(Settings) if f.name not in ("from_file", "path"))


def settings_path(environ: Mapping[str, str] | None = None) -> Path:
    """$SUPERVISION_TUI_SETTINGS, else settings.toml in the user config folder."""
    environ = os.environ if environ is None else environ
    if environ.get(SETTINGS_ENV, "").strip():
        return Path(environ[SETTINGS_ENV]).expanduser()
    from platformdirs import user_config_path

    return user_config_path("supervision-tui") / FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default ``settings_path()``); no file is all defaults."""
    path = settings_path() if path is None else Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(path=path)
    except IsADirectoryError:
        raise SettingsError(f"settings file {path} is a folder; give a file (or unset ${SETTINGS_ENV})") from None
    except OSError as error:
        raise SettingsError(f"cannot read settings file {path}: {error.strerror or error}") from None
    return parse_settings(data, path)


def parse_settings(data: bytes, path: Path) -> Settings:
    import tomllib

    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise SettingsError(f"settings file {path}: not UTF-8 text (byte {error.start + 1})") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"settings file {path}: not valid TOML: {error}") from None
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in SETTING_NAMES:
            raise SettingsError(f"settings file {path}: unknown key '{key}'; the keys are {', '.join(SETTING_NAMES)}")
        values[key] = _check(path, key, value)
    return Settings(**values, from_file=frozenset(values), path=path)


def _check(path: Path, key: str, value: Any) -> Any:
    def wrong(why: str) -> SettingsError:
        return SettingsError(f"settings file {path}: '{key}' {why}")

    if key in ("supervision_interval_weeks", "induction_interval_weeks"):
        return _whole_number(value, 1, MAX_INTERVAL_WEEKS, "weeks", wrong)
    if key in ("stale_months", "induction_period_months"):
        return _whole_number(value, 1, MAX_MONTHS, "months", wrong)
    if key == "keymap":
        if not isinstance(value, dict):
            raise wrong("must be a table of binding id = \"keys\" (e.g. [keymap] person-actions = \"A\")")
        keymap = {}
        for binding_id, keys in value.items():
            if not BINDING_ID_PATTERN.match(binding_id):
                raise wrong(f"has '{binding_id}', which is not a binding id (the help screen's ids, e.g. person-actions)")
            if not isinstance(keys, str) or not KEYS_PATTERN.match(keys):
                raise wrong(f"gives '{binding_id}' {keys!r}; give keys as text, e.g. \"A\" or \"ctrl+a,f3\"")
            keymap[binding_id] = keys
        return MappingProxyType(keymap)
    if not isinstance(value, str):
        raise wrong(f"must be text in quotes, not {type(value).__name__} {value!r}")
    if len(value) > MAX_TEXT or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise wrong("must be one line of ordinary text")
    if key in ("default_framework", "theme") and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", value):
        raise wrong(f"is '{value}', which is not a {'framework id' if key == 'default_framework' else 'theme name'}")
    return value


def _whole_number(value: Any, low: int, high: int, unit: str, wrong) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise wrong(f"must be a whole number of {unit}, not {value!r}")
    if not low <= value <= high:
        raise wrong(f"is {value}; give {low} to {high} {unit}")
    return value


def settings_toml(settings: Settings) -> str:
    """The keys the file gave, written back as TOML (the app keeps the chosen theme this way)."""
    lines = ["# supervision-tui settings: 'supervision-tui settings' shows every key and its effective value"]
    keymap = None
    for name, value in settings.values().items():
        if name not in settings.from_file:
            continue
        if name == "keymap":
            keymap = value
        elif isinstance(value, int):
            lines.append(f"{name} = {value}")
        else:
            lines.append(f"{name} = {_toml_string(value)}")
    if keymap:
        lines += ["", "[keymap]", *(f"{_toml_string(k)} = {_toml_string(v)}" for k, v in keymap.items())]
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def save_settings(settings: Settings) -> Path:
    """Write ``settings`` to its file (0600, whole or not at all), making its folder if need be."""
    from observations.files.writer import write_file

    path = settings.path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_file(path, settings_toml(settings))
