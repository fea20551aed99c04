"""Provides reading one framework file: from the parse cache when it has the file's exact bytes, else by parsing.

Every launch reads its frameworks and almost always finds them in the cache,
so this module imports the Markdown loader (its parser, front-matter reader
and patterns) only when a file must be parsed.
"""

from __future__ import annotations

from pathlib import Path

from .framework_bytes import read_framework_bytes
from .model import Framework
from .problems import FrameworkError


def load_framework(path: Path) -> Framework:
    """Load one framework file; FrameworkError lists every problem. Valid files are served from the parse cache."""
    from .cache import cached_framework, remember_framework

    data, problems = read_framework_bytes(path)
    if data is not None:
        cached = cached_framework(data, path)
        if cached is not None:
            return cached
        from .loader import framework_from_bytes

        framework, problems = framework_from_bytes(data, path)
        if framework is not None:
            remember_framework(data, framework)
            return framework
    raise FrameworkError(str(path), problems)
