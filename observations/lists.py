"""Provides the one rule for a well-formed list of numbers (examples seen), for every command and every import.

'1,,2', '1,1', '2,x' and '0' are all typos: a command that quietly dropped the
empty item or the repeat would record something other than what was meant, so
each is refused with one line saying which item is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

from observations.errors import InputError

MAX_DIGITS = 6
"""No standard has a million examples; a longer run of digits is a slip of the keyboard (and ``int`` refuses
strings past a few thousand digits)."""


def list_problem(values: Iterable[object]) -> str | None:
    """Why a list of example numbers is not well formed, or None: each a whole number from 1, none repeated."""
    seen: set[int] = set()
    for position, value in enumerate(values, start=1):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"item {position} ({str(value)[:20]!a}) is not a whole number"
        if value < 1:
            return f"item {position} is {value}; numbers start at 1"
        if value in seen:
            return f"{value} appears twice"
        seen.add(value)
    return None


def parse_number_list(text: str | None, what: str) -> list[int] | None:
    """'1,3' -> [1, 3]; '' -> [] (none); None when not given; one-line InputError for empty items, repeats, non-numbers."""
    if text is None:
        return None
    if not text.strip():
        return []
    parts = [part.strip() for part in text.split(",")]
    if "" in parts:
        raise InputError(f"{what}: {text!r} has an empty item (item {parts.index('') + 1}); give numbers such as 1,3")
    if not all(part.isascii() and part.isdecimal() and len(part) <= MAX_DIGITS for part in parts):
        raise InputError(f"{what}: {text!r} is not a list of numbers such as 1,3")
    problem = list_problem(int(part) for part in parts)
    if problem:
        raise InputError(f"{what}: {text!r}: {problem}; give numbers such as 1,3")
    return [int(part) for part in parts]
