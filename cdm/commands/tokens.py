"""`cdm users token create|revoke|list USER`: bearer tokens for the HTTP API and the MCP server.

`tokens_app` is mounted under `cdm users token` by the users command; the token is printed once.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

tokens_app = typer.Typer(help="API and MCP bearer tokens bound to a user (stored hashed).", no_args_is_help=True)

UserArgument = Annotated[str, typer.Argument(help="The user the token acts as.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@tokens_app.command("create")
def create_command(
    user: UserArgument,
    days: Annotated[int, typer.Option(help="Days until the token expires.")] = 90,
    rate_limit: Annotated[
        int | None, typer.Option("--rate-limit", help="Requests per minute (default: the server's limit).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Create a token for USER; it is shown once and only its hash is stored."""
    from guards.tokens import TokenStore

    record, secret = TokenStore().create(user, days=days, rate_limit=rate_limit)
    if as_json:
        typer.echo(
            json.dumps({"token": secret, "token_id": record.token_id, "user": user, "expires_at": record.expires_at})
        )
        return
    typer.echo(secret)
    typer.echo(f"token {record.token_id} for {user}, expires {record.expires_at}; it is not shown again.", err=True)


@tokens_app.command("revoke")
def revoke_command(
    user: UserArgument,
    token_id: Annotated[
        str | None, typer.Option("--id", help="Only this token (default: all of USER's tokens).")
    ] = None,
) -> None:
    """Revoke USER's tokens (or one of them); requests with them get 401 at once."""
    from guards.tokens import TokenStore

    revoked = TokenStore().revoke(user, token_id)
    typer.echo(f"revoked {len(revoked)} token{'s' if len(revoked) != 1 else ''} of {user}")


@tokens_app.command("list")
def list_command(user: UserArgument, as_json: JsonOption = False) -> None:
    """USER's tokens: id, state, created and expiry dates (never the token)."""
    from guards.tokens import TokenStore

    records = [r.as_json() for r in TokenStore().list(user)]
    if as_json:
        typer.echo(json.dumps(records, indent=2))
        return
    for r in records:
        limit = f" rate_limit={r['rate_limit']}/min" if r["rate_limit"] else ""
        typer.echo(f"{r['token_id']}  {r['state']:<8} created {r['created_at']}  expires {r['expires_at']}{limit}")
