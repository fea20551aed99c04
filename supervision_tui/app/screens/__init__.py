"""Provides the app's screens, each with its styles in a .tcss file beside it."""
