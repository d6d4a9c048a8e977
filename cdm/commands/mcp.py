"""`cdm mcp`: the Model Context Protocol server, over stdio (CDM_MCP_TOKEN) or streamable HTTP."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cdm.commands.api import LOOPBACK


class Transport(StrEnum):
    STDIO = "stdio"
    HTTP = "http"


def register(app: typer.Typer) -> None:
    app.command("mcp")(mcp_command)


def mcp_command(
    transport: Annotated[Transport, typer.Option(help="stdio (for a local client) or http (streamable HTTP).")] = (
        Transport.STDIO
    ),
    host: Annotated[
        str, typer.Option(help="Address for --transport http; keep loopback behind a proxy.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port for --transport http.")] = 8200,
    rate_limit: Annotated[int, typer.Option("--rate-limit", help="HTTP requests per minute per token.")] = 120,
    max_body_bytes: Annotated[int, typer.Option("--max-body-bytes", help="Largest HTTP request body.")] = 65536,
) -> None:
    """Serve list_metrics, describe_metric, ask, query_metrics, run_sql and search_feedback as MCP tools."""
    if transport == Transport.STDIO:
        token = _stdio_token()  # checked before the slow imports: a bad token fails at once
        from cdm.mcp_server.server import Identity, build_server

        build_server(Identity(token)).run("stdio")
        return
    from cdm.mcp_server.server import Identity, build_server

    _serve_http(build_server(Identity(None), host=host, port=port), host, port, rate_limit, max_body_bytes)


def _stdio_token() -> str:
    from data.errors import CdmError
    from data.settings import setting
    from guards.tokens import TokenStore

    token = setting("CDM_MCP_TOKEN")
    check = TokenStore().check(token)
    if not check.ok:
        state = "not set" if not token else check.state
        raise CdmError(f"CDM_MCP_TOKEN is {state}; create a token with cdm users token create USER")
    return token


def _serve_http(server: object, host: str, port: int, rate_limit: int, max_body_bytes: int) -> None:
    import uvicorn

    from cdm.api.gate import GovernedGate
    from cdm.api.limits import Limits

    if host not in LOOPBACK:
        typer.echo(f"warning: listening on {host}; serve it only behind a TLS reverse proxy", err=True)
    typer.echo(f"cdm mcp on http://{host}:{port}/mcp (streamable HTTP, bearer tokens)", err=True)
    limits = Limits(requests_per_minute=rate_limit, max_body_bytes=max_body_bytes)
    app = GovernedGate(server.streamable_http_app(), origin="mcp_http", limits=limits)  # type: ignore[attr-defined]
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
