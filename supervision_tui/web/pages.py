"""Provides the server's own pages (sign-in and the terminal page) from autoescaped Jinja2 templates.

textual-serve's own page links a web font from the internet; these pages load
nothing from outside the server (the font is served from its static folder).
"""

from __future__ import annotations

from functools import lru_cache

import jinja2


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("supervision_tui.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def render_page(name: str, **values: object) -> str:
    return _environment().get_template(name).render(**values)


def sign_in_page(*, csrf: str, username: str = "", problem: str = "", signed_out: bool = False) -> str:
    return render_page("sign_in.html", csrf=csrf, username=username, problem=problem, signed_out=signed_out)


def sign_out_page(*, csrf: str, nonce: str, username: str) -> str:
    """The page the app's sign-out key opens: it posts the sign-out form itself (a GET never signs anyone out)."""
    return render_page("sign_out.html", csrf=csrf, nonce=nonce, username=username)


def terminal_page(*, csrf: str, nonce: str, username: str, role: str, websocket_url: str, font_size: int) -> str:
    return render_page(
        "terminal.html", csrf=csrf, nonce=nonce, username=username, role=role, websocket_url=websocket_url, font_size=font_size
    )


def content_policy(nonce: str = "") -> str:
    """The pages may load and connect only to this server; only their own script (and the terminal's) runs."""
    scripts = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
