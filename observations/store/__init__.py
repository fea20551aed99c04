"""Provides the observation store: the SQLite file, its migrations, the record types and ids, and ``Store``.

May import ``standards`` and the top-level domain modules of ``observations``
(``errors``, ``dates``, ``vocabulary``); never ``exchange``, ``privacy``,
``demo``, ``reports`` or anything that knows about terminals. ``Store`` is
re-exported here because nearly every caller wants it; the submodules
(``database``, ``first_use``, ``migrations``) are imported by path.
"""

from observations.store.observation_store import Store

__all__ = ["Store"]
