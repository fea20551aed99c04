"""Provides a cache of parsed framework files, so start-up need not import the Markdown and YAML parsers.

Parsing both shipped files costs about 0.1 s, most of it importing markdown-it
and PyYAML. A parsed framework is kept as JSON in the user cache folder under a
key made from the file's bytes, the loader's own source and the installed
versions of the parsers, so an edited framework file, a new loader or an
upgraded markdown-it-py, mdit-py-plugins or PyYAML is never served stale. The
cache is only an accelerator: any failure to read or write it falls back to
parsing. Each write also tidies the folder, so it never grows without bound.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from .model import Framework

CACHE_ENV = "SUPERVISION_TUI_CACHE"
"""Folder for the cache; set it to 'off' to parse every time."""
_LOADER_MODULES = ("loader.py", "frontmatter.py", "model.py", "cache.py")
PARSERS = (("markdown_it", "markdown-it-py"), ("mdit_py_plugins", "mdit-py-plugins"), ("yaml", "PyYAML"))
"""(import name, distribution name) of each parser whose behaviour decides what a file parses to."""
MAX_ENTRIES = 50
"""Parsed frameworks kept; the oldest written go first (one costs a re-parse, 0.05 s, if wanted again)."""
STALE_TEMP_SECONDS = 600
"""A '.framework.*' temporary file this old was left by a process that died mid-write."""
_TEMP_PREFIX = ".framework."


@lru_cache(maxsize=1)
def _code_key() -> bytes:
    """A digest of the modules and parser versions that decide what a parsed framework is."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _LOADER_MODULES:
        digest.update((here / name).read_bytes())
    for module, distribution in PARSERS:
        digest.update(f"\0{distribution}=={installed_version(module, distribution)}".encode())
    return digest.digest()


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).casefold()


def installed_version(module: str, distribution: str) -> str:
    """The installed version of ``distribution``, read without importing it.

    The version is in the name of the ``.dist-info`` folder beside the package;
    finding it that way costs well under a millisecond, where importing
    importlib.metadata alone adds about 25 ms to every start. An unusual layout
    falls back to importlib.metadata.
    """
    from importlib.util import find_spec

    try:
        spec = find_spec(module)
        if spec is not None and spec.origin:
            site = Path(spec.origin).resolve().parent.parent
            wanted = _normalised(distribution)
            for entry in os.listdir(site):
                name, dash, version = entry.removesuffix(".dist-info").partition("-")
                if entry.endswith(".dist-info") and dash and _normalised(name) == wanted:
                    return version
    except (ImportError, ValueError, OSError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


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
        fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({**framework.to_dict(), "caseload": dict(framework.caseload)}, handle, ensure_ascii=False)
            entry = _entry(folder, data)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        tidy_cache(folder, keep=entry)
    except OSError:
        pass


def tidy_cache(folder: Path, *, keep: Path) -> None:
    """Remove temporary files a killed process left behind, and all but the newest MAX_ENTRIES entries.

    A temporary file younger than STALE_TEMP_SECONDS may be another process's
    write in progress, so it stays. Another process tidying at the same time
    may remove a file first; that is not an error.
    """
    now = time.time()
    entries: list[tuple[float, str]] = []
    with os.scandir(folder) as found:
        for item in found:
            try:
                modified = item.stat(follow_symlinks=False).st_mtime
                if item.name.startswith(_TEMP_PREFIX):
                    if now - modified > STALE_TEMP_SECONDS:
                        os.unlink(item.path)
                elif item.name.endswith(".json") and item.path != str(keep):
                    entries.append((modified, item.path))
            except OSError:
                continue
    entries.sort()
    for _, path in entries[: max(0, len(entries) - (MAX_ENTRIES - 1))]:
        Path(path).unlink(missing_ok=True)
