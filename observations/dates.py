"""Provides date parsing and checking for user input: ISO dates only, never in the future where that is impossible."""

from __future__ import annotations

import re
from datetime import date

from .errors import InputError

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def today() -> date:
    return date.today()


def parse_date(text: str | date | None, what: str, *, default: date | None = None, allow_future: bool = False) -> date:
    """Parse YYYY-MM-DD; a clear InputError for anything else or a future date when not allowed."""
    if text is None or text == "":
        if default is None:
            raise InputError(f"{what}: a date is required (YYYY-MM-DD)")
        return default
    if isinstance(text, date):
        value = text
    else:
        if not ISO_DATE.match(text.strip()):
            raise InputError(f"{what}: {text!r} is not a date in the form YYYY-MM-DD")
        try:
            value = date.fromisoformat(text.strip())
        except ValueError:
            raise InputError(f"{what}: {text!r} is not a real date") from None
    if not allow_future and value > today():
        raise InputError(f"{what}: {value.isoformat()} is in the future (today is {today().isoformat()})")
    if value.year < 1900:
        raise InputError(f"{what}: {value.isoformat()} is too far in the past")
    return value
