"""Provides the demo organisation: invented staff, observations, sessions, actions and cases to look around in.

May import ``observations.store``, ``observations.exchange.rows`` and
``observations.caseload``; nothing in the product depends on it except the
``demo`` command and the app's demo key.
"""
