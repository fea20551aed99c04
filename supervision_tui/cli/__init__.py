"""Provides the ``supervision-tui`` command line."""
