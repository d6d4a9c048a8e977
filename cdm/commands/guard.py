"""`cdm guard` (decide and rewrite, nothing runs), `cdm sql` (guarded execution), `cdm audit tail`."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from cdm.principal_options import AttrOption, RoleOption, UserOption, principal_from_options
from engines.status import Status

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
SqlArgument = Annotated[str, typer.Argument(help="One SQL statement (DuckDB dialect).")]


def register(app: typer.Typer) -> None:
    app.command("guard")(guard_command)
    app.command("sql")(sql_command)
    audit = typer.Typer(help="The audit log of every request.", no_args_is_help=True)
    audit.command("tail")(audit_tail_command)
    app.add_typer(audit, name="audit")


def _print_json(payload: Any) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def _print_notices(notices: list[dict[str, str]]) -> None:
    for notice in notices:
        typer.echo(f"[{notice['code']}] {notice['message']}", err=True)


def guard_command(
    sql: SqlArgument,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show how the guard decides and rewrites a statement for a role; nothing runs."""
    from guards.service import guard_sql

    decision = guard_sql(sql, principal_from_options(role, user, attr))
    payload = decision.as_json()
    if json_output:
        _print_json(payload)
    else:
        typer.echo("allowed" if decision.allowed else "blocked")
        _print_notices(payload["notices"])
        if decision.sql:
            typer.echo(decision.sql)
    if not decision.allowed:
        raise typer.Exit(1)


def sql_command(
    sql: SqlArgument,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
    json_output: JsonOption = False,
) -> None:
    """Run one statement through the guard on the hardened read-only connection."""
    from guards.service import run_guarded

    result = run_guarded(sql, principal_from_options(role, user, attr), origin="sql")
    payload = result.as_json()
    if json_output:
        _print_json(payload)
    else:
        _print_table(payload)
    if result.status != Status.OK:
        raise typer.Exit(1)


def _print_table(payload: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    _print_notices(payload["notices"])
    if payload["status"] != "ok":
        typer.echo(payload["status"])
        return
    table = Table(*payload["columns"])
    for row in payload["rows"]:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)


def audit_tail_command(
    n: Annotated[int, typer.Option("-n", help="How many of the latest requests.")] = 20, json_output: JsonOption = False
) -> None:
    """The latest requests, allowed or blocked, oldest first."""
    from guards.audit import AuditLog

    entries = AuditLog().tail(n)
    if json_output:
        _print_json([e.as_json() for e in entries])
        return
    for e in entries:
        codes = ",".join(x["code"] for x in e.notices)
        sql = e.original_sql[:80].encode("unicode_escape").decode("ascii")  # one line per request, whatever it holds
        typer.echo(f"{e.ts} {e.user or '-'} {e.role} {e.decision} rows={e.row_count} {codes} | {sql}")
