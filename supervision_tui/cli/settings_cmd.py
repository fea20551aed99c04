"""Provides ``supervision-tui settings``: where the settings file is, and every effective value and where it came from.

Users asked where to put a setting and whether it took; this answers both
without opening the app. A bad file is the same one line the app would give.
"""

from __future__ import annotations

import argparse

from .context import Context
from .output import emit, to_json
from .store_commands import plain


def register(subparsers, common: argparse.ArgumentParser) -> None:
    show = subparsers.add_parser(
        "settings",
        parents=[common],
        help="show the settings file's path and every setting in effect",
        description="Settings live in one TOML file (default: settings.toml in your user config folder; "
        "$SUPERVISION_TUI_SETTINGS names another). Every key is optional; this lists each one's effective value "
        "and whether it came from the file or is the default.",
    )
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=show_settings)


def show_settings(args, context: Context) -> int:
    from observations.settings import load_settings

    settings = load_settings()
    values = settings.values()
    if args.format == "json":
        emit(to_json({"path": str(settings.path), "exists": settings.path.exists(), "settings": {
            name: {"value": value, "source": settings.source(name)} for name, value in values.items()
        }}))
        return 0
    state = "" if settings.path.exists() else " (not there yet: every value is the default)"
    lines = [f"settings file: {plain(str(settings.path))}{state}"]
    width = max(len(name) for name in values)
    for name, value in values.items():
        if name == "keymap":
            shown = ", ".join(f"{k} = {v}" for k, v in value.items()) or "(none)"
        else:
            shown = str(value) if value != "" else "(none)"
        lines.append(f"  {name.ljust(width)}  {plain(shown)}  [{settings.source(name)}]")
    emit("\n".join(lines) + "\n")
    return 0
