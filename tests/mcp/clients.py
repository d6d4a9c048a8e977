"""The `mcp` SDK's own clients against `cdm mcp`: stdio (a child process) and streamable HTTP."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from live_server import ROOT, server_env
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client


def over_stdio(home: Path, token: str, scenario: Callable[[ClientSession], Awaitable[Any]]) -> Any:
    """Starts `cdm mcp` with CDM_MCP_TOKEN=token and runs the scenario in one client session."""

    async def run() -> Any:
        params = StdioServerParameters(
            command=sys.executable, args=["-m", "cdm.cli", "mcp"], cwd=str(ROOT),
            env=server_env(home, CDM_MCP_TOKEN=token),
        )  # fmt: skip
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await scenario(session)

    return asyncio.run(run())


def over_http(url: str, token: str, scenario: Callable[[ClientSession], Awaitable[Any]]) -> Any:
    async def run() -> Any:
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            httpx.AsyncClient(headers=headers, timeout=60) as http,
            streamable_http_client(url, http_client=http) as (read, write, _),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            return await scenario(session)

    return asyncio.run(run())


def data_of(result: Any) -> dict[str, Any]:
    """The JSON inside a tool result's single quoted data block."""
    text = result.content[0].text
    assert text.count("<data>") == 1 and text.count("</data>") == 1, text
    inner = text[text.index("<data>") + len("<data>") : text.index("</data>")]
    parsed: dict[str, Any] = json.loads(inner)
    return parsed
