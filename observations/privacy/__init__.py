"""Provides what data protection asks of the record: erasure of a person, and subject access to what is held.

May import ``observations.store`` and ``observations.exchange.rows`` (the
shape of every table); nothing in ``store`` imports this package.
"""
