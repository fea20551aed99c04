"""Provides ``supervision-tui account add|list|password|disable``: who may sign in to ``serve``.

A password is never an argument (it would sit in the shell's history and in
every process listing): it is asked twice on a terminal, or read as the first
line of standard input when that is not a terminal (a script, a pipe).
"""

from __future__ import annotations

import argparse
import sys

from .context import Context
from .errors import UsageError
from .output import emit, to_json
from .store_commands import columns, open_store, plain, words_list

MAX_PASSWORD_LINE = 4096


def register(subparsers, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "account",
        parents=[common],
        help="the accounts that sign in to 'serve': add, list, change a password, disable",
        description="Accounts sign in to the app in a browser ('supervision-tui serve'). They stay in this database: "
        "export, import and merge do not carry them, because they are this server's credentials.",
    )
    commands = group.add_subparsers(dest="account_command", metavar="SUBCOMMAND")

    add = commands.add_parser("add", parents=[common], help="add an account; asks for its password")
    add.add_argument("username", metavar="USERNAME")
    add.add_argument("--role", required=True, choices=("admin", "manager", "trainer", "worker"))
    add.add_argument("--staff", metavar="STAFF", help="the person's own staff record (ref or whole name); a worker needs one")
    add.add_argument("--team", metavar="TEAM", action="append", help="a team a manager manages (repeat, or separate with commas)")
    add.set_defaults(handler=add_account)

    listing = commands.add_parser("list", parents=[common], help="every account, its role and whether it may sign in")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=list_accounts)

    password = commands.add_parser("password", parents=[common], help="give an account a new password")
    password.add_argument("username", metavar="USERNAME")
    password.set_defaults(handler=change_password)

    disable = commands.add_parser("disable", parents=[common], help="stop an account signing in (its row stays)")
    disable.add_argument("username", metavar="USERNAME")
    disable.set_defaults(handler=disable_account)


def read_new_password() -> str:
    """Twice with getpass on a terminal; else the first line of standard input."""
    stdin = sys.stdin
    try:
        is_terminal = stdin is not None and stdin.isatty()
    except (ValueError, OSError):
        is_terminal = False
    if is_terminal:
        import getpass

        first = getpass.getpass("New password: ")
        if getpass.getpass("The same password again: ") != first:
            raise UsageError("account: the two passwords differ; nothing was saved")
        return first
    if stdin is None:
        raise UsageError("account: give the password on standard input (it is never an argument); nothing was saved")
    try:
        line = stdin.readline(MAX_PASSWORD_LINE + 1)
    except (OSError, ValueError, UnicodeDecodeError):
        raise UsageError("account: the password could not be read from standard input; nothing was saved") from None
    if len(line) > MAX_PASSWORD_LINE:
        raise UsageError("account: the password line on standard input is too long; nothing was saved")
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise UsageError("account: no password on standard input (give it as the first line); nothing was saved")
    return password


def _check_username(text: str) -> str:
    from observations.accounts.records import normal_username

    return normal_username(text)


def add_account(args, context: Context) -> int:
    from observations.accounts.records import add_account as add

    _check_username(args.username)  # say a bad name before asking for a password
    password = read_new_password()
    with open_store(context, missing="create") as store:
        account = add(store, args.username, role=args.role, password=password, staff=args.staff, teams=words_list(args.team))
    emit(f"added account {account.username} ({account.role})\n")
    return 0


def list_accounts(args, context: Context) -> int:
    from observations.accounts.records import list_accounts as listed

    with open_store(context, reads_only=True) as store:
        accounts = listed(store)
    if args.format == "json":
        emit(to_json([{**account.to_dict(), "staff_ref": ref} for account, ref in accounts]))
    elif not accounts:
        emit("no accounts yet; add the first with 'supervision-tui account add NAME --role admin'\n")
    else:
        rows = [[a.username, a.role, ref or "", plain(", ".join(a.teams)), a.status] for a, ref in accounts]
        emit(columns(rows, ["USERNAME", "ROLE", "STAFF", "TEAMS", "STATUS"]))
    return 0


def change_password(args, context: Context) -> int:
    from observations.accounts.records import list_accounts, set_password

    _check_username(args.username)
    with open_store(context, reads_only=True) as store:
        if not any(a.username == _check_username(args.username) for a, _ in list_accounts(store)):
            raise UsageError(f"account: no account is called {_check_username(args.username)!r}; 'supervision-tui account list' shows them")  # an unknown name is refused before the password is asked for
    password = read_new_password()
    with open_store(context) as store:
        account = set_password(store, args.username, password)
    emit(f"changed the password of {account.username}\n")
    return 0


def disable_account(args, context: Context) -> int:
    from observations.accounts.records import disable_account as disable

    with open_store(context) as store:
        account = disable(store, args.username)
    emit(f"account {account.username} is disabled: it can no longer sign in\n")
    return 0
