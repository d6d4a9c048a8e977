"""`cdm query`: run a semantic query from options or JSON and print a table, JSON or the SQL."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cdm.principal_options import AttrOption, RoleOption, UserOption, principal_from_options
from data.errors import CdmError
from engines.status import Status

if TYPE_CHECKING:
    from semantic_layer.query import SemanticQuery

ListOption = Annotated[list[str] | None, typer.Option(help="Comma-separated; repeatable.")]


def register(app: typer.Typer) -> None:
    app.command("query")(query_command)


def _semantic_query(json_query: str | None, options: dict[str, Any]) -> SemanticQuery:
    from pydantic import ValidationError

    from semantic_layer.cli_parsing import parse_query_options
    from semantic_layer.query import SemanticQuery

    if not json_query:
        if not options["metrics"]:
            raise CdmError("give --metrics (e.g. --metrics revenue) or --json-query")
        return parse_query_options(**options)
    try:
        return SemanticQuery.model_validate_json(json_query)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "query"
        raise CdmError(f"invalid --json-query: {where}: {first['msg']}") from error


def _print_table(payload: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*payload["columns"], header_style="bold")
    for row in payload["rows"]:
        table.add_row(*(f"{v:,.2f}" if isinstance(v, float) else str(v) for v in row))
    console = Console()
    Console(width=max(console.width, 140)).print(table)


def query_command(
    metrics: Annotated[list[str] | None, typer.Option(help="Metrics, e.g. revenue,aov.")] = None,
    by: Annotated[list[str] | None, typer.Option(help="Dimensions, e.g. region,metric_time__month.")] = None,
    where: Annotated[list[str] | None, typer.Option(help="Filter, e.g. \"member_tier in ('Gold')\".")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD), inclusive.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD), inclusive.")] = None,
    order: Annotated[list[str] | None, typer.Option(help="Order, e.g. -revenue (descending).")] = None,
    limit: Annotated[int | None, typer.Option(help="Maximum rows.")] = None,
    json_query: Annotated[str | None, typer.Option("--json-query", help="A whole semantic query as JSON.")] = None,
    sql_only: Annotated[bool, typer.Option("--sql", help="Print the compiled SQL; do not run it.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print {columns, rows, sql} as JSON.")] = False,
    dialect: Annotated[str, typer.Option(help="SQL dialect for --sql.")] = "duckdb",
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
) -> None:
    """Run a governed metric query, e.g. cdm query --metrics revenue --by region --from 2026-07-01."""
    from data.settings import warehouse_path
    from guards.service import run_guarded
    from semantic_layer.compiler import compile_query

    principal = principal_from_options(role, user, attr)
    options = {"metrics": metrics, "by": by, "where": where, "start": start, "end": end, "order": order, "limit": limit}
    compiled = compile_query(_semantic_query(json_query, options), dialect=dialect)
    if sql_only:
        typer.echo(json.dumps({"sql": compiled.sql}) if as_json else compiled.sql)
        return
    executable = compiled if dialect == "duckdb" else compile_query(compiled.query, dialect="duckdb")
    result = run_guarded(executable.expression, principal, origin="semantic", warehouse=warehouse_path())
    notices = [n.message for n in compiled.notices] + [n.message for n in result.notices]
    payload: dict[str, Any] = {
        "status": result.status,
        "columns": list(result.columns),
        "rows": [list(r) for r in result.rows],
    }
    payload |= {"sql": result.sql, "notices": notices}
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, default=str))
    else:
        _print_table(payload)
        for message in notices:
            typer.echo(f"note: {message}")
    if result.status != Status.OK:
        raise typer.Exit(1)
