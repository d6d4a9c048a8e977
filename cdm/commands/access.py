"""`cdm access request|approve|reject|list`: time-limited grants, decided by an approver."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from cdm.principal_options import AttrOption, RoleOption, UserOption, parse_attributes, principal_from_options

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(app: typer.Typer) -> None:
    access_app = typer.Typer(
        help="Request and decide wider access (grants expire by themselves).", no_args_is_help=True
    )
    access_app.command("request")(request)
    access_app.command("approve")(approve)
    access_app.command("reject")(reject)
    access_app.command("list")(list_requests)
    app.add_typer(access_app, name="access")


def _show(payload: dict[str, object], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(payload))
        return
    scope = " AND ".join(f"{k} = {v}" for k, v in dict(payload["scope"]).items()) or "all rows"  # type: ignore[call-overload]
    columns = ",".join(payload["columns"])  # type: ignore[arg-type]
    typer.echo(
        f"{payload['request_id']}  {payload['status']:<8} {payload['requester']:<8} {payload['table']}.{columns} "
        f"where {scope}  {payload['days']} days  until {payload['expires_at'] or '-'}  ({payload['purpose']})"
    )


def request(
    table: Annotated[str, typer.Option(help="Table, e.g. customers.")],
    columns: Annotated[str, typer.Option(help="Masked columns to see raw, comma-separated (phone,email).")],
    days: Annotated[int, typer.Option(help="How long the grant lasts once approved.")],
    purpose: Annotated[str, typer.Option(help="What it is for (audited).")],
    where: Annotated[list[str] | None, typer.Option(help="Scope, column=value (repeatable), e.g. region=East.")] = None,
    as_json: JsonOption = False,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
) -> None:
    """Ask for raw values of masked columns, for a purpose and a period, e.g. unmasked phones of the East region."""
    from stewardship.access import request_access

    principal = principal_from_options(role, user, attr)
    names = [c.strip() for c in columns.split(",") if c.strip()]
    made = request_access(
        principal, table=table, columns=names, scope=parse_attributes(where), days=days, purpose=purpose
    )
    _show(made.as_json(), as_json)


def approve(
    request_id: Annotated[str, typer.Argument(help="The request id (cdm access list).")],
    days: Annotated[int | None, typer.Option(help="Grant fewer days than asked.")] = None,
    note: Annotated[str, typer.Option(help="Why (audited).")] = "",
    as_json: JsonOption = False,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
) -> None:
    """Approve a pending request (an approver role, never your own request)."""
    from stewardship.access import approve as approve_request

    _show(approve_request(request_id, principal_from_options(role, user, attr), note, days).as_json(), as_json)


def reject(
    request_id: Annotated[str, typer.Argument(help="The request id (cdm access list).")],
    note: Annotated[str, typer.Option(help="Why (audited).")] = "",
    as_json: JsonOption = False,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
) -> None:
    """Reject a pending request (an approver role, never your own request)."""
    from stewardship.access import reject as reject_request

    _show(reject_request(request_id, principal_from_options(role, user, attr), note).as_json(), as_json)


def list_requests(
    as_json: JsonOption = False, role: RoleOption = None, user: UserOption = None, attr: AttrOption = None
) -> None:
    """Your requests (approvers: every request), with their status and expiry."""
    from stewardship.access import visible_requests

    requests = [r.as_json() for r in visible_requests(principal_from_options(role, user, attr))]
    if as_json:
        typer.echo(json.dumps(requests))
        return
    for payload in requests:
        _show(payload, False)
