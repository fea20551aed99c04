"""Provides a cache of parsed framework files, so start-up need not import the Markdown and YAML parsers.

Parsing both shipped files costs about 0.1 s, most of it importing markdown-it
and PyYAML. A parsed framework is kept as JSON in the user cache folder under a
key made from the file's bytes and the loader's own source, so an edited
framework file or a new version of the loader is never served stale. The cache
is only an accelerator: any failure to read or write it falls back to parsing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from .model import Framework

CACHE_ENV = "SUPERVISION_TUI_CACHE"
"""Folder for the cache; set it to 'off' to parse every time."""
_LOADER_MODULES = ("loader.py", "frontmatter.py", "model.py", "cache.py")


@lru_cache(maxsize=1)
def _code_key() -> bytes:
    """A digest of the modules that decide what a parsed framework is."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _LOADER_MODULES:
        digest.update((here / name).read_bytes())
    return digest.digest()


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is switched off."""
    override = os.environ.get(CACHE_ENV)
    if override == "off":
        return None
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("supervision-tui") / "frameworks"


def _entry(folder: Path, data: bytes) -> Path:
    return folder / (hashlib.sha256(_code_key() + data).hexdigest() + ".json")


def cached_framework(data: bytes, path: Path) -> Framework | None:
    """The framework parsed earlier from exactly these bytes, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        document = json.loads(_entry(folder, data).read_text(encoding="utf-8"))
        return Framework.from_dict(document, path)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember_framework(data: bytes, framework: Framework) -> None:
    """Keep a parsed framework for next time; owner-only files, written whole or not at all."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".framework.", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(framework.to_dict(), handle, ensure_ascii=False)
            os.replace(tmp, _entry(folder, data))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
