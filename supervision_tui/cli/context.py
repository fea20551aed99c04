"""Provides the command context: where the database and standards live, loaded only when asked for."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from standards import FrameworkLibrary

DB_ENV = "SUPERVISION_TUI_DB"


def file_argument(text: str) -> str:
    """argparse type for a file or folder name: an empty one (say, an unset shell variable) is a usage error.

    Without this, Path("") means the current folder, so '--db ""' would quietly
    use the default database and 'export ""' would print everything.
    """
    if not text.strip():
        import argparse

        raise argparse.ArgumentTypeError("the name is empty; give a file or folder name")
    if "\x00" in text:  # no file system allows it; Python's open() would raise a ValueError, not an OSError
        import argparse

        raise argparse.ArgumentTypeError("the name contains a NUL character, which no file name can")
    return text


@dataclass
class Context:
    """What every command may need; each part is resolved lazily so start-up stays cheap."""

    db_option: str | None = None
    standards_dir_option: str | None = None
    _library: FrameworkLibrary | None = field(default=None, repr=False)

    @property
    def standards_dir(self) -> Path:
        from standards import default_user_dir

        if self.standards_dir_option:
            return Path(self.standards_dir_option).expanduser()
        return default_user_dir()

    @property
    def db_path(self) -> Path:
        """--db, else $SUPERVISION_TUI_DB, else the file in the user data dir."""
        if self.db_option:
            return Path(self.db_option).expanduser()
        if os.environ.get(DB_ENV):
            return Path(os.environ[DB_ENV]).expanduser()
        from observations.store.database import default_database_path

        return default_database_path()

    def library(self) -> FrameworkLibrary:
        """The shipped frameworks plus the user's folder (loaded once per command)."""
        if self._library is None:
            from standards import load_library

            folder = self.standards_dir
            if folder.exists() and not folder.is_dir():
                from .errors import UsageError

                raise UsageError(f"the standards folder {folder} is a file; give --standards-dir a folder of framework files")
            self._library = load_library(folder)
        return self._library
