"""MCP fixtures: a CDM_HOME with the feedback index (and an injected review), demo users' tokens,
`cdm mcp --transport http` on loopback, and helpers running the SDK's own client over stdio."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "api"))
sys.path.insert(0, str(Path(__file__).parent))

from live_server import DEMO_USERS, cdm_command, free_port, running, served_home_for

from guards.tokens import TokenStore


@pytest.fixture(scope="session")
def mcp_home(feedback_index, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    return served_home_for(feedback_index, lambda: tmp_path_factory.mktemp("served_home"))


@pytest.fixture(scope="session")
def mcp_tokens(mcp_home: Path) -> TokenStore:
    return TokenStore(mcp_home / "api_tokens.json")


@pytest.fixture(scope="session")
def tokens(mcp_tokens: TokenStore) -> dict[str, str]:
    return {user: mcp_tokens.create(user)[1] for user in DEMO_USERS}


@pytest.fixture(scope="session")
def mcp_url(mcp_home: Path) -> Iterator[str]:
    port = free_port()
    with running(cdm_command("mcp", "--transport", "http", "--port", str(port)), mcp_home, port, "/mcp") as base:
        yield base + "/mcp"
