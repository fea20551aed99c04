"""Provides what ``serve`` checked before starting: the database, the sign-in desk, the bound socket, TLS."""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from observations.accounts.sign_in_desk import SignInDesk


@dataclass(frozen=True)
class ServeSettings:
    db_path: Path
    standards_dir: str | None
    desk: SignInDesk
    host: str
    port: int
    tls: ssl.SSLContext | None
    behind_proxy: bool
    sock: socket.socket

    @property
    def public_url(self) -> str:
        scheme = "https" if self.tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"
