"""Provides the served start-up limits: textual-serve, as its README serves an app, serving the table app or the bare one.

Started as ``python bench/bare_serve.py PORT [table|bare]`` (default: bare);
no sign-in, no guard: the least a browser session of a Textual app that shows
a table (or one label) costs on this machine, against which the product's
``serve`` is compared.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from textual_serve.server import Server

APPS = {"bare": ("bare_app.py", "Bare Textual app"), "table": ("table_app.py", "Table app")}


def main() -> None:
    port = int(sys.argv[1])
    script, title = APPS[sys.argv[2] if len(sys.argv) > 2 else "bare"]
    command = " ".join(shlex.quote(part) for part in (sys.executable, str(Path(__file__).resolve().with_name(script))))
    Server(command, host="127.0.0.1", port=port, title=title).serve()


if __name__ == "__main__":
    main()
