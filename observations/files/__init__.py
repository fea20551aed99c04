"""Provides the files the tool writes besides its database: one writer that cannot overwrite a database, and the sweep of temporary files a killed command left."""
