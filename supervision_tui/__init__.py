"""Provides the supervision-tui command line and Textual app.

Importing this package loads nothing heavy: the CLI imports Textual, the store
and the report machinery only when a command needs them.
"""

__version__ = "0.1.0"
