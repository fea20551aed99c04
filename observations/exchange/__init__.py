"""Provides moving records between files: export and import, merge, backup, and CSV for spreadsheets.

Everything here checks a whole incoming file before the first write. May
import ``observations.store``, ``observations.privacy`` (an incoming erasure
is applied as an erasure) and ``observations.caseload`` (case rows are checked
by the caseload's own rules). Import the submodule you need; this package
loads nothing.
"""
