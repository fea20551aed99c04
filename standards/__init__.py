"""Provides practice-standards frameworks: the model, the Markdown loader and validator, and the shipped files.

This package knows nothing of the store or the terminal; it imports neither
``observations`` nor Textual.
"""

from .loader import load_framework, parse_framework, read_framework_text
from .model import Example, Framework, RatingLevel, RatingScale, ReferenceSection, Stage, Standard
from .problems import DuplicateFrameworkError, FrameworkError, Problem
from .registry import FrameworkLibrary, UnknownFrameworkError, builtin_dir, default_user_dir, load_library
from .writer import framework_to_markdown

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
