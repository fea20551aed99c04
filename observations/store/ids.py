"""Provides globally unique ids and short staff refs, so databases from different managers merge cleanly."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime, timezone


def new_id() -> str:
    """A random UUID; random rather than time-ordered so short prefixes are distinct."""
    return str(uuid.uuid4())


def staff_ref(staff_id: str) -> str:
    """Eight lowercase base32 characters derived from the id: the same in every merged copy."""
    raw = uuid.UUID(staff_id).bytes[:5]
    return base64.b32encode(raw).decode("ascii").lower()


def now_utc() -> str:
    """A sortable UTC timestamp with microseconds, e.g. 2026-11-24T11:21:18.123456Z."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
