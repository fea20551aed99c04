"""Provides the observation store (SQLite through sqlite-utils) and the reports built from it.

Never imports Textual. Import the submodules you need (``observations.store``,
``observations.reports``); this package itself loads nothing heavy.
"""
