"""Provides the server's signing secret: 32 random bytes in a 0600 file beside the database.

Kept on disk so that a restart of ``serve`` does not sign everyone out; delete
the file (while the server is stopped) to end every session at once (and to
forget the wrong passwords typed for names that are no account, which are kept
under a key derived from it: ``unknown_names_key``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

SECRET_BYTES = 32
SUFFIX = ".serve-secret"


class SecretFileError(Exception):
    """The secret file cannot be used (not ours, readable by others, or the wrong size); the message says what to do."""

    exit_code = 2


UNKNOWN_NAMES_PURPOSE = b"supervision-tui serve: wrong passwords for names that are no account"


def unknown_names_key(secret: bytes) -> bytes:
    """The key the sign-in desk hashes made-up usernames under: derived for that one use, so the secret that
    signs session cookies never leaves the web layer."""
    return hmac.new(secret, UNKNOWN_NAMES_PURPOSE, hashlib.sha256).digest()


def secret_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


def load_or_create_secret(path: Path) -> bytes:
    """The secret in ``path``, made first (owner-only, never replaced) when there is none."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return _read(path)
    except OSError as error:
        raise SecretFileError(f"cannot create the server's secret file {path}: {error.strerror or error}") from None
    try:
        os.write(fd, secrets.token_bytes(SECRET_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    return _read(path)


def _read(path: Path) -> bytes:
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
            raise SecretFileError(f"the server's secret file {path} must be a file of yours that only you can read (chmod 600)")
        data = path.read_bytes()
    except OSError as error:
        raise SecretFileError(f"cannot read the server's secret file {path}: {error.strerror or error}") from None
    if len(data) != SECRET_BYTES:
        raise SecretFileError(f"the server's secret file {path} is damaged; stop the server, delete it and start again (everyone signs in again)")
    return data
