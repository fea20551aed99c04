"""Provides the served start-up limit: textual-serve, as its README serves an app, serving the bare one-label app.

Started as ``python bench/bare_serve.py PORT``; no sign-in, no guard: the least
a browser session of a Textual app costs on this machine, against which the
product's ``serve`` is compared.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from textual_serve.server import Server

BARE_APP = Path(__file__).resolve().with_name("bare_app.py")


def main() -> None:
    port = int(sys.argv[1])
    command = " ".join(shlex.quote(part) for part in (sys.executable, str(BARE_APP)))
    Server(command, host="127.0.0.1", port=port, title="Bare Textual app").serve()


if __name__ == "__main__":
    main()
