"""Provides ``python -m supervision_tui``."""

from supervision_tui.cli.main import main

raise SystemExit(main())
