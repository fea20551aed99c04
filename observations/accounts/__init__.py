"""Provides the accounts that sign in to ``supervision-tui serve``: password hashing, the lockout rule, the
account records and the scope an account hands to the app. Plain Python: no Textual, no web server."""
