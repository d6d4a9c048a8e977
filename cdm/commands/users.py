"""`cdm users add|passwd|disable|enable|list|set-role|demo`: the accounts in the users file.

Passwords are read without echo (getpass, typed twice) or, for scripts, as one line from stdin
with `--password-stdin`; they are never printed. `cdm users token ...` (API and MCP bearer
tokens) is mounted here when that command module is present.
"""

from __future__ import annotations

import getpass
import importlib
import json
import sys
from typing import Annotated

import typer

from cdm.principal_options import AttrOption, parse_attributes
from data.errors import CdmError

users_app = typer.Typer(help="Accounts for the chat and `--user` (the users file, CDM_USERS).", no_args_is_help=True)

NameArgument = Annotated[str, typer.Argument(help="The user name (what people sign in with).")]
StdinOption = Annotated[bool, typer.Option("--password-stdin", help="Read the password as one line from stdin.")]


def register(app: typer.Typer) -> None:
    _mount_tokens()
    app.add_typer(users_app, name="users")


def _mount_tokens() -> None:
    try:
        tokens = importlib.import_module("cdm.commands.tokens")
    except ModuleNotFoundError as error:
        if error.name != "cdm.commands.tokens":
            raise
        return  # the API tokens have not landed
    if not any(group.name == "token" for group in users_app.registered_groups):
        users_app.add_typer(tokens.tokens_app, name="token")


def read_password(from_stdin: bool) -> str:
    """The new password: one line of stdin, or typed twice without echo at a terminal."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CdmError("--password-stdin read an empty line")
        return password
    if not sys.stdin.isatty():
        raise CdmError("no terminal to read the password from; pipe it with --password-stdin")
    password = getpass.getpass("New password: ")
    if password != getpass.getpass("Repeat it: "):
        raise CdmError("the two passwords differ")
    return password


@users_app.command("add")
def add_command(
    name: NameArgument,
    role: Annotated[str, typer.Option("--role", help="The user's role (see policies.yml).")],
    attr: AttrOption = None,
    display_name: Annotated[str, typer.Option("--display-name", help="Name shown in the chat.")] = "",
    password_stdin: StdinOption = False,
) -> None:
    """Add an account (the password is asked for without echo)."""
    from guards.accounts import add_user

    account = add_user(name, role, read_password(password_stdin), attributes=parse_attributes(attr),
                       display_name=display_name)  # fmt: skip
    typer.echo(f"added {account.name} ({account.role})")


@users_app.command("passwd")
def passwd_command(name: NameArgument, password_stdin: StdinOption = False) -> None:
    """Set a new password (a demo account stops being marked demo)."""
    from guards.accounts import set_password

    set_password(name, read_password(password_stdin))
    typer.echo(f"password of {name} changed")


@users_app.command("disable")
def disable_command(name: NameArgument) -> None:
    """Stop an account from signing in or being named by `--user` (its history is kept)."""
    from guards.accounts import set_disabled

    set_disabled(name, True)
    typer.echo(f"{name} disabled")


@users_app.command("enable")
def enable_command(name: NameArgument) -> None:
    """Let a disabled account sign in again."""
    from guards.accounts import set_disabled

    set_disabled(name, False)
    typer.echo(f"{name} enabled")


@users_app.command("set-role")
def set_role_command(
    name: NameArgument, role: Annotated[str, typer.Argument(help="The new role.")], attr: AttrOption = None
) -> None:
    """Change a user's role (and attributes, when --attr is given)."""
    from guards.accounts import set_role

    account = set_role(name, role, parse_attributes(attr) if attr else None)
    pairs = ", ".join(f"{k}={v}" for k, v in account.attributes.items())
    typer.echo(f"{name} is now {account.role}{f' ({pairs})' if pairs else ''}")


@users_app.command("list")
def list_command(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The accounts (never their password hashes)."""
    from guards.users import load_users, users_path

    rows = [
        {"name": a.name, "role": a.role, "attributes": dict(a.attributes), "display_name": a.display_name,
         "disabled": a.disabled, "demo": a.demo}
        for a in load_users().values()
    ]  # fmt: skip
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        typer.echo(f"no users in {users_path()} (`cdm users add` or `cdm users demo`)")
    for row in rows:
        flags = [flag for flag in ("disabled", "demo") if row[flag]]
        pairs = " ".join(f"{k}={v}" for k, v in row["attributes"].items())  # type: ignore[attr-defined]
        typer.echo(f"{row['name']:<12} {row['role']:<18} {pairs:<14} {' '.join(flags)}".rstrip())


@users_app.command("demo")
def demo_command(
    if_missing: Annotated[bool, typer.Option("--if-missing", help="Only when no users file exists.")] = False,
) -> None:
    """Write the demo users (public passwords, marked demo) into the users file."""
    from guards.accounts import write_demo_users
    from guards.users import users_path

    if write_demo_users(only_if_missing=if_missing):
        typer.echo(f"demo users written to {users_path()} (demo passwords: README.md; not for real data)")
    else:
        typer.echo(f"{users_path()} exists; demo users not written")
