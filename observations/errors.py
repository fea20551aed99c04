"""Provides the store's errors: each is something the user can act on, shown as one line."""


class StoreError(Exception):
    """Base for every error the store raises on purpose; nothing was written."""

    exit_code = 2


class InputError(StoreError):
    """A value given by the user is not acceptable (unknown, malformed or out of range)."""


class NotFoundError(InputError):
    """No staff member, observation, session or action matches."""


class AmbiguousError(InputError):
    """More than one row matches what the user typed."""


class DatabaseFileError(StoreError):
    """The database file cannot be used: not SQLite, not ours, or from a newer version."""
