"""Provides ``supervision-tui serve``: the app in a browser, behind sign-in, for a whole service on one machine.

Everything that can be wrong is checked before the server starts, each as one
line and exit 2: the address (a non-loopback one needs TLS or a reverse proxy
in front), the certificate and key, the database and its accounts, and the
port (it is bound here, so "already in use" is said before anything runs).
Only then is the web server imported and started (``serve_until_stopped``).
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
from typing import TYPE_CHECKING

from .context import Context, file_argument
from .errors import UsageError

if TYPE_CHECKING:
    from supervision_tui.web.settings import ServeSettings


def register(subparsers, common: argparse.ArgumentParser) -> None:
    serve = subparsers.add_parser(
        "serve",
        parents=[common],
        help="serve the app in a browser, behind sign-in (see 'account add')",
        description="Serves the app to browsers: each signed-in tab runs the same app on the same database. Keep the "
        "database on this machine's own disk (never a network share). A non-loopback --host needs --tls-cert and "
        "--tls-key, or --behind-proxy when a reverse proxy in front does TLS. Ctrl+C stops it.",
    )
    serve.add_argument("--host", metavar="HOST", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", metavar="PORT", type=port_argument, default=8000, help="the port (default 8000)")
    serve.add_argument("--tls-cert", metavar="FILE", type=file_argument, help="the TLS certificate (PEM), with --tls-key")
    serve.add_argument("--tls-key", metavar="FILE", type=file_argument, help="the TLS private key (PEM), with --tls-cert")
    serve.add_argument("--behind-proxy", action="store_true", help="a reverse proxy in front of this server does TLS")
    serve.set_defaults(handler=serve_app)


def port_argument(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def tls_context(cert: str | None, key: str | None):
    if not cert and not key:
        return None
    if not (cert and key):
        raise UsageError("serve: give both --tls-cert and --tls-key, or neither")
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError, ValueError) as error:
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or str(error)
        raise UsageError(f"serve: cannot use the TLS certificate {cert} and key {key}: {reason}") from None
    return context


def bound_socket(host: str, port: int) -> socket.socket:
    """The listening socket, bound now, so an address in use or not ours is one line before anything starts."""
    try:
        infos = socket.getaddrinfo(host.strip().strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError, ValueError) as error:
        raise UsageError(f"serve: cannot listen on {host!r}: {getattr(error, 'strerror', None) or error}") from None
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise UsageError(f"serve: cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock


def checked_settings(args, context: Context) -> ServeSettings:
    """Every check that needs no server, in the order a person would fix them."""
    if not is_loopback(args.host) and not (args.tls_cert or args.tls_key or args.behind_proxy):
        raise UsageError(
            f"serve: {args.host!r} is not a loopback address: give --tls-cert and --tls-key, or --behind-proxy "
            "when a reverse proxy in front does TLS (see the README)"
        )
    tls = tls_context(args.tls_cert, args.tls_key)
    try:
        import aiohttp  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError:
        raise UsageError("serve needs textual-serve: pip install 'textual-serve>=1.1.3,<2'") from None
    from observations.accounts.sign_in_desk import SignInDesk
    from observations.store.first_use import holds_no_database

    db_path = context.db_path
    if holds_no_database(db_path):
        raise UsageError(f"serve: there is no database at {db_path} yet; add the first account with 'supervision-tui account add NAME --role admin'")
    desk = SignInDesk(db_path, context.library())
    if not desk.has_an_active_account():
        raise UsageError("serve: no account can sign in yet; add one with 'supervision-tui account add NAME --role admin'")
    from supervision_tui.web.settings import ServeSettings

    return ServeSettings(
        db_path=db_path.resolve(), standards_dir=context.standards_dir_option, desk=desk, host=args.host,
        port=args.port, tls=tls, behind_proxy=args.behind_proxy, sock=bound_socket(args.host, args.port),
    )


def serve_app(args, context: Context) -> int:
    settings = checked_settings(args, context)
    return serve_until_stopped(settings)


def serve_until_stopped(settings: ServeSettings) -> int:
    """Run the server until Ctrl+C (or SIGTERM); the hostile-arguments test stands this in, as it never returns."""
    from supervision_tui.web.server import run_server

    return run_server(settings)
