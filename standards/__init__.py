"""Provides practice-standards frameworks: the model, the Markdown loader and validator, and the shipped files.

This package knows nothing of the store or the terminal; it imports neither
``observations`` nor Textual.

The parser and the writer are imported when first asked for: every launch
loads its frameworks from the parse cache, and needs neither.
"""

from importlib import import_module

from .model import Example, Framework, RatingLevel, RatingScale, ReferenceSection, Stage, Standard
from .problems import DuplicateFrameworkError, FrameworkError, Problem
from .reading import load_framework
from .registry import FrameworkLibrary, UnknownFrameworkError, builtin_dir, default_user_dir, load_library

_IMPORTED_WHEN_ASKED = {
    "parse_framework": "loader",
    "read_framework_text": "loader",
    "framework_to_markdown": "writer",
}


def __getattr__(name: str):
    if name not in _IMPORTED_WHEN_ASKED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_IMPORTED_WHEN_ASKED[name]}", __name__), name)
    globals()[name] = value
    return value

__all__ = [
    "DuplicateFrameworkError",
    "Example",
    "Framework",
    "FrameworkError",
    "FrameworkLibrary",
    "Problem",
    "RatingLevel",
    "RatingScale",
    "ReferenceSection",
    "Stage",
    "Standard",
    "UnknownFrameworkError",
    "builtin_dir",
    "default_user_dir",
    "framework_to_markdown",
    "load_framework",
    "load_library",
    "parse_framework",
    "read_framework_text",
]
