"""Provides the error a command raises for bad input: one line on stderr, exit 2, nothing written."""

PROG = "supervision-tui"
"""The program's name, as its usage lines and errors begin."""


class UsageError(Exception):
    """Bad input from the user. The message is shown as it is, on one line."""

    exit_code = 2
