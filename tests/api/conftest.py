"""API fixtures: one `cdm api` process per session over a CDM_HOME with a feedback index, and a
bearer token per demo user (created in the server's token store)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from live_server import DEMO_USERS, cdm_command, free_port, running, served_home_for

from guards.tokens import TokenStore


@pytest.fixture(scope="session")
def served_home(feedback_index, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    return served_home_for(feedback_index, lambda: tmp_path_factory.mktemp("served_home"))


@pytest.fixture(scope="session")
def token_store(served_home: Path) -> TokenStore:
    return TokenStore(served_home / "api_tokens.json")


@pytest.fixture(scope="session")
def tokens(token_store: TokenStore) -> dict[str, str]:
    return {user: token_store.create(user)[1] for user in DEMO_USERS}


@pytest.fixture(scope="session")
def api_url(served_home: Path) -> Iterator[str]:
    port = free_port()
    args = cdm_command("api", "--port", str(port), "--max-body-bytes", "16384")
    with running(args, served_home, port, "/api/v1/health") as base:
        yield base + "/api/v1"


@pytest.fixture(scope="session")
def client_for(api_url: str, tokens: dict[str, str]) -> Iterator[Callable[[str], httpx.Client]]:
    clients: dict[str, httpx.Client] = {}

    def client(user: str) -> httpx.Client:
        if user not in clients:
            headers = {"Authorization": f"Bearer {tokens[user]}"}
            clients[user] = httpx.Client(base_url=api_url, headers=headers, timeout=60)
        return clients[user]

    yield client
    for opened in clients.values():
        opened.close()
