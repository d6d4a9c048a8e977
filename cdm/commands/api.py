"""`cdm api`: serve the HTTP API (FastAPI + uvicorn), on loopback unless told otherwise."""

from __future__ import annotations

from typing import Annotated

import typer

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(app: typer.Typer) -> None:
    app.command("api")(api_command)


def api_command(
    host: Annotated[
        str, typer.Option(help="Address to listen on; keep loopback behind a reverse proxy.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8100,
    rate_limit: Annotated[
        int, typer.Option("--rate-limit", help="Requests per minute per token (unless the token has its own).")
    ] = 60,
    max_body_bytes: Annotated[int, typer.Option("--max-body-bytes", help="Largest request body accepted.")] = 65536,
    root_path: Annotated[str, typer.Option("--root-path", help="URL prefix the reverse proxy mounts the API at.")] = "",
) -> None:
    """Serve the governed answers over HTTP: /api/v1/ask, query, sql, metrics, feedback/search, audit."""
    import uvicorn

    from cdm.api.app import create_app
    from cdm.api.limits import Limits
    from data.errors import CdmError

    if rate_limit < 1 or max_body_bytes < 1:
        raise CdmError("--rate-limit and --max-body-bytes must be positive")
    if host not in LOOPBACK:
        typer.echo(f"warning: listening on {host}; serve it only behind a TLS reverse proxy", err=True)
    typer.echo(f"cdm api on http://{host}:{port}/api/v1 (OpenAPI: /api/v1/docs)", err=True)
    limits = Limits(requests_per_minute=rate_limit, max_body_bytes=max_body_bytes)
    uvicorn.run(create_app(limits), host=host, port=port, root_path=root_path, log_level="warning", access_log=False)
