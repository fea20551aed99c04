"""Provides the checks every write applies to text, dates in post and names, shared by the store and the caseload.

Pure functions over values and records: no database. ``folded_name`` is the one
rule for matching a typed name against a stored one.
"""

from __future__ import annotations

import unicodedata

from observations.errors import InputError
from observations.store.database import like_escaped
from observations.store.records import StaffMember

MAX_EVIDENCE = 50_000
MAX_SHORT_TEXT = 500
MIN_ID_PREFIX = 4


def checked_text(value: str | None, what: str, *, required: bool = False, limit: int = MAX_SHORT_TEXT, multiline: bool = False) -> str:
    """Trimmed text within ``limit``; names and labels must be one line (no control characters)."""
    text = (value or "").strip()
    if required and not text:
        raise InputError(f"{what} must not be empty")
    if len(text) > limit:
        raise InputError(f"{what} is {len(text):,} characters; the limit is {limit:,}")
    if "\x00" in text:
        raise InputError(f"{what} contains a NUL character")
    if holds_control_character(text, multiline=multiline):
        raise InputError(f"{what} contains a line break or control character; it must be one line of text")
    return text


def holds_control_character(text: str, *, multiline: bool = False) -> bool:
    """True when ``text`` holds a C0/C1 control character (ESC among them) that a name or label may not:
    the one rule for names typed in and names arriving in an import or merge. ``multiline`` allows
    line breaks and tabs."""
    allowed = "\n\t\r" if multiline else ""
    return any((ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in allowed for ch in text)


def check_in_post(member: StaffMember, when: str, what: str) -> None:
    """Refuse a date outside the person's time in post: a rating before they started or after they left
    would be about someone else's work, or a typo, and would count in reports of the wrong period."""
    if member.started_on and when < member.started_on:
        raise InputError(f"{what} {when} is before {member.name} started (on {member.started_on})")
    if member.left_on and when > member.left_on:
        raise InputError(f"{what} {when} is after {member.name} left (on {member.left_on})")


def self_assessor(member: StaffMember, observer: str) -> str:
    """The observer of a self-assessment: the person themself, whoever types it in (the app does the same).

    A different name is refused rather than dropped: the rating would read as a
    manager's judgement in the history while counting only as the person's own.
    """
    if observer and folded_name(observer) != folded_name(member.name):
        raise InputError(
            f"a self-assessment is {member.name}'s own, so its observer is {member.name}, not {observer}; "
            "leave out the observer (--by), or choose another source"
        )
    return member.name


def folded_name(name: str) -> str:
    """A name compared without case, accents or extra spaces, so 'zoe oneil' can find "Zoë O'Neil"'s ref."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(ch for ch in decomposed if ch.isalnum() or ch.isspace()).split())


def like_prefix(prefix: str) -> str:
    return like_escaped(prefix) + "%"
