"""Provides the framework library: the shipped frameworks plus an organisation's own folder.

An organisation adds a framework by dropping a Markdown file into its user
standards folder; no code changes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .loader import load_framework
from .model import Framework
from .problems import DuplicateFrameworkError

STANDARDS_DIR_ENV = "SUPERVISION_TUI_STANDARDS"
APP_NAME = "supervision-tui"


def builtin_dir() -> Path:
    """The folder of framework files shipped inside the package."""
    return Path(__file__).resolve().parent / "frameworks"


def default_user_dir() -> Path:
    """The user standards folder: $SUPERVISION_TUI_STANDARDS, else the platform config dir."""
    override = os.environ.get(STANDARDS_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "standards"


class UnknownFrameworkError(KeyError):
    """No loaded framework has the requested id."""

    def __init__(self, framework_id: str, known: list[str]):
        self.framework_id = framework_id
        self.known = known
        super().__init__(framework_id)

    def __str__(self) -> str:
        return f"unknown framework {self.framework_id!r} (known: {', '.join(self.known) or 'none'})"


@dataclass(frozen=True)
class FrameworkLibrary:
    """Every loaded framework, by id, in a stable order (shipped first)."""

    frameworks: tuple[Framework, ...]

    def get(self, framework_id: str) -> Framework:
        for framework in self.frameworks:
            if framework.id == framework_id:
                return framework
        raise UnknownFrameworkError(framework_id, self.ids())

    def ids(self) -> list[str]:
        return [f.id for f in self.frameworks]

    def __iter__(self) -> Iterator[Framework]:
        return iter(self.frameworks)

    def __len__(self) -> int:
        return len(self.frameworks)

    def __contains__(self, framework_id: object) -> bool:
        return any(f.id == framework_id for f in self.frameworks)


def is_framework_file_name(name: str) -> bool:
    """Every ``*.md`` in a standards folder is a framework, except a README.md that explains the folder."""
    return name.casefold().endswith(".md") and name.casefold() != "readme.md"


def framework_files(folder: Path) -> list[Path]:
    """The framework files in ``folder``, by name; 'Ours.MD' counts as '*.md' does, as the README test ignores case too."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_framework_file_name(p.name) and p.is_file())


def load_library(user_dir: Path | None = None) -> FrameworkLibrary:
    """Load shipped frameworks and every ``*.md`` in ``user_dir``.

    Raises FrameworkError for an invalid file and DuplicateFrameworkError when
    two files declare one id, naming both files.
    """
    paths = framework_files(builtin_dir())
    if user_dir is not None:
        paths += framework_files(user_dir)
    seen: dict[str, Path] = {}
    loaded: list[Framework] = []
    files: set[Path] = set()
    for path in paths:
        # One file reached twice (a standards folder that is the shipped folder, or a link to a
        # shipped file) is one framework, not two with the same id.
        real = path.resolve()
        if real in files:
            continue
        files.add(real)
        framework = load_framework(path)
        if framework.id in seen:
            raise DuplicateFrameworkError(
                f"two frameworks have the id {framework.id!r}: {seen[framework.id]} and {path}; "
                "change the id in one of them"
            )
        seen[framework.id] = path
        loaded.append(framework)
    return FrameworkLibrary(tuple(loaded))
