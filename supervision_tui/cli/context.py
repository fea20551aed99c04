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

    def library(self, *, skip_broken: bool = False) -> FrameworkLibrary:
        """The shipped frameworks plus the user's folder (loaded once per command).

        A broken framework file is an error naming it and how to fix it; with
        ``skip_broken`` (commands that never read a framework: backup, export,
        a person's export and erasure) it is left out, with one warning line.
        """
        if self._library is None:
            from standards import load_library

            folder = self.standards_dir
            if folder.exists() and not folder.is_dir():
                if not skip_broken:
                    from .errors import UsageError

                    raise UsageError(f"the standards folder {folder} is a file; give --standards-dir a folder of framework files")
                warn(f"the standards folder {folder} is a file, so only the shipped frameworks were loaded")
                folder = None
            self._library = load_library(folder, skip_broken=skip_broken)
            if self._library.skipped:
                warn_skipped(self._library)
        return self._library


def warn(message: str) -> None:
    """One line on stderr; a file name holding a line break or escape code is shown, not obeyed."""
    import sys

    from standards.visible_text import visible_line

    print(f"supervision-tui: warning: {visible_line(message)}", file=sys.stderr)


def warn_skipped(library: FrameworkLibrary) -> None:
    """One line however many files were left out: the first, and how many more."""
    first = library.skipped[0]
    more = len(library.skipped) - 1
    also = f" (and {more} more broken framework file{'s' if more != 1 else ''})" if more else ""
    warn(f"left out a framework file that cannot be loaded{also}: {first.reason}")
