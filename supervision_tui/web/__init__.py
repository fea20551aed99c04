"""Provides ``supervision-tui serve``'s web side: the app in a browser, behind sign-in.

Imported only by the serve command: aiohttp and textual-serve never load for the
terminal app or any other command.
"""
