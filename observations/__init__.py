"""Provides the observation store (SQLite through sqlite-utils) and everything built from it. Never imports Textual.

Its rooms, lowest first:

- ``errors``, ``dates``, ``vocabulary``: what went wrong, what a date may be, the fixed words;
- ``store``: the database file, migrations, record types, ids and the ``Store``;
- ``standing``: where a person stands on each standard;
- ``caseload``: cases as refs, checked against their framework's timescales;
- ``privacy``: erasure and subject access;
- ``exchange``: export, import, merge, backup and CSV;
- ``reports``: the summaries and their templates;
- ``demo``: the demo organisation.

Import the submodules you need; this package itself loads nothing.
"""
