"""Provides where a person stands on each standard: the pure rules (``rules``) and the queries that feed them (``queries``).

``rules`` is plain Python over rating points, with plain unit tests;
``queries`` reads the store. May import ``observations.store`` and
``standards``.
"""
