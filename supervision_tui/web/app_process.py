"""Provides the app process for one browser tab, told on the server side which account signed in.

textual-serve starts each tab's app as a subprocess; the only way the account
reaches it is this process's environment, set here from the server's own
session record. Nothing the browser sends (the query string, a header, a
websocket message) is read for it.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from textual_serve.app_service import AppService

from supervision_tui.signed_in import SERVE_ACCOUNT_ENV


def app_command(db_path: Path, standards_dir: str | None) -> str:
    """The shell command that opens the terminal app on ``db_path`` (textual-serve runs it through a shell)."""
    parts = [sys.executable, "-m", "supervision_tui", "--db", str(db_path)]
    if standards_dir:
        parts += ["--standards-dir", standards_dir]
    return " ".join(shlex.quote(part) for part in parts)


class SignedInAppService(AppService):
    """textual-serve's app process, with the signed-in account's username in its environment."""

    def __init__(self, command: str, *, username: str, session_id: str = "", **kwargs) -> None:
        super().__init__(command, **kwargs)
        self.username = username
        self.session_id = session_id
        """The browser session this app belongs to: only that session may download what it delivers."""

    async def stop_and_wait(self, timeout: float = 10.0) -> None:
        """Ask the app to quit (it finishes a write in progress), wait for the process to end, kill it if it will not."""
        import asyncio

        try:
            await asyncio.wait_for(self.stop(), timeout)
        except (asyncio.TimeoutError, ConnectionError, RuntimeError):
            pass
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), timeout)
        except asyncio.TimeoutError:
            process.kill()
            await process.wait()

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment[SERVE_ACCOUNT_ENV] = self.username
        return environment
