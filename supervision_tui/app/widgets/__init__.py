"""Provides the app's reusable widgets; each shows user text as plain text, never as markup."""
