"""The parsed-framework cache: a faster start, never a stale or broken framework."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from standards import builtin_dir, load_framework, load_library
from standards.cache import cache_dir

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
    probe = "import sys, standards; standards.load_library(None); print('markdown_it' in sys.modules, 'yaml' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert result.stdout.split() == ["False", "False"], result.stderr


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
