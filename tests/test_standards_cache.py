"""The parsed-framework cache: a faster start, never a stale or broken framework."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from standards import builtin_dir, load_framework, load_library
from standards import cache
from standards.cache import MAX_ENTRIES, PARSERS, STALE_TEMP_SECONDS, cache_dir, cached_framework, installed_version

SMALL = Path(__file__).parent / "fixtures" / "small.md"


def cached_files() -> list[Path]:
    folder = cache_dir()
    return sorted(folder.glob("*.json")) if folder and folder.exists() else []


def test_a_cached_framework_equals_a_parsed_one(monkeypatch):
    first = load_library(None)
    assert len(cached_files()) == 2
    again = load_library(None)
    monkeypatch.setenv("SUPERVISION_TUI_CACHE", "off")
    parsed = load_library(None)
    assert again.frameworks == parsed.frameworks == first.frameworks
    assert [f.path for f in again] == [f.path for f in parsed]


def test_a_warm_start_imports_neither_markdown_nor_yaml():
    load_library(None)  # warm the cache in this test's HOME, which the child inherits
    probe = (
        "import sys, standards; standards.load_library(None); "
        "print('markdown_it' in sys.modules, 'yaml' in sys.modules, 'importlib.metadata' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert result.stdout.split() == ["False", "False", "False"], result.stderr


def test_an_edited_file_is_parsed_again(tmp_path):
    path = tmp_path / "ours.md"
    path.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    before = load_framework(path)
    path.write_text(SMALL.read_text(encoding="utf-8").replace(before.title, "A new title"), encoding="utf-8")
    assert load_framework(path).title == "A new title"


def test_a_damaged_cache_entry_is_ignored(tmp_path):
    load_library(None)
    for entry in cached_files():
        entry.write_text("{not json", encoding="utf-8")
    assert {f.id for f in load_library(None)} == {"apir", "methods-of-work"}


def test_cache_files_are_owner_only_and_can_be_switched_off(monkeypatch, tmp_path):
    load_library(None)
    assert cached_files()
    for entry in cached_files():
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    monkeypatch.setenv("SUPERVISION_TUI_CACHE", "off")
    assert cache_dir() is None
    assert load_framework(builtin_dir() / "apir.md").id == "apir"


def test_an_unwritable_cache_folder_only_costs_time(monkeypatch, tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("SUPERVISION_TUI_CACHE", str(blocked))
    assert load_framework(builtin_dir() / "apir.md").id == "apir"


def test_the_cache_folder_is_inside_the_test_home():
    """What the autouse fixture promises; run on its own by the next test with the user's cache settings pointing elsewhere."""
    home = Path(os.environ["HOME"]).resolve()
    assert cache_dir().resolve().is_relative_to(home)
    load_library(None)
    assert cached_files() and all(entry.resolve().is_relative_to(home) for entry in cached_files())


def test_tests_never_use_the_users_cache_folder(tmp_path):
    users = tmp_path / "users-cache"
    env = {**os.environ, "SUPERVISION_TUI_CACHE": str(users / "override"), "XDG_CACHE_HOME": str(users / "xdg")}
    inner = f"{Path(__file__).resolve()}::test_the_cache_folder_is_inside_the_test_home"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", inner], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert not users.exists()


@pytest.mark.parametrize("module, distribution", PARSERS)
def test_the_parser_versions_read_without_importing_them_are_the_installed_ones(module, distribution):
    assert installed_version(module, distribution) == version(distribution)


def test_an_upgraded_parser_means_the_file_is_parsed_again(monkeypatch):
    """The same bytes and loader, but markdown-it-py, mdit-py-plugins or PyYAML at another version, may parse differently."""
    path = builtin_dir() / "apir.md"
    load_framework(path)
    assert cached_framework(path.read_bytes(), path) is not None
    for module, distribution in PARSERS:
        real = installed_version(module, distribution)
        with monkeypatch.context() as patch:  # not monkeypatch.undo(), which would also undo the test home's cache folder
            patch.setattr(cache, "installed_version", lambda m, d, bumped=distribution: real + ".1" if d == bumped else installed_version(m, d))
            cache._code_key.cache_clear()
            assert cached_framework(path.read_bytes(), path) is None, distribution
        cache._code_key.cache_clear()
        assert cached_framework(path.read_bytes(), path) is not None


def aged_file(path: Path, seconds: float, text: str = "{}") -> Path:
    path.write_text(text, encoding="utf-8")
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_a_write_removes_temporary_files_a_killed_process_left():
    folder = cache_dir()
    folder.mkdir(parents=True)
    left = aged_file(folder / ".framework.abandoned", STALE_TEMP_SECONDS + 60, "{half")
    in_progress = aged_file(folder / ".framework.being-written", 5, "{half")
    load_library(None)
    assert not left.exists()
    assert in_progress.exists(), "a young temporary file may be another process's write"


def test_the_cache_keeps_only_the_newest_entries():
    folder = cache_dir()
    folder.mkdir(parents=True)
    old = [aged_file(folder / f"{number:064x}.json", 3600 + number) for number in range(MAX_ENTRIES + 10)]
    load_library(None)  # writes one entry per shipped framework
    kept = set(cached_files())
    written = kept - set(old)
    assert len(written) == 2
    assert kept == written | set(old[: MAX_ENTRIES - 2]), "the oldest go, the youngest stay"
