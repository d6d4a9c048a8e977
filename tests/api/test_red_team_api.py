"""The red team's free-SQL attacks sent through POST /api/v1/sql are decided exactly as through
the CLI's path (`cdm sql` = `run_guarded(..., origin="sql")`): same decision, same SQL run, same
rows and notices, and no protected raw value in the response."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "guards"))

from guard_attacks import ATTACKS, Attack
from guard_leaks import Protected, find_leak, load_protected

from guards.principal_resolution import resolve_principal
from guards.service import run_guarded
from guards.tokens import TokenStore

USER_OF = {("analyst", ()): "alice", ("regional_manager", (("region", "East"),)): "erin", ("marketing", ()): "mia"}
USER_OF |= {("viewer", ()): "victor", ("admin", ()): "admin"}
SQL_ATTACKS = tuple(a for a in ATTACKS if a.origin == "sql")
STATUS = {"ok": "answered", "blocked": "blocked", "error": "error"}
HTTP = {"ok": 200, "blocked": 403, "error": 422}


def _user(attack: Attack) -> str:
    return USER_OF[(attack.role, tuple(sorted(attack.attrs.items())))]


@pytest.fixture(scope="module")
def attackers(api_url: str, token_store: TokenStore) -> Iterator[dict[str, httpx.Client]]:
    """One client per role's demo user, with a token whose rate limit fits the whole suite."""
    clients = {}
    for user in set(USER_OF.values()):
        token = token_store.create(user, rate_limit=100_000)[1]
        clients[user] = httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {token}"}, timeout=60)
    yield clients
    for client in clients.values():
        client.close()


@pytest.fixture(scope="module")
def protected(served_home: Path) -> Protected:
    return load_protected(served_home / "warehouse.duckdb")


def test_every_free_sql_attack_has_a_demo_user_of_its_role() -> None:
    assert len(SQL_ATTACKS) >= 150
    assert {_user(a) for a in SQL_ATTACKS} == {"alice", "erin", "mia", "victor", "admin"}


@pytest.mark.parametrize("attack", SQL_ATTACKS, ids=lambda a: f"{a.cls}:{a.role}:{a.sql[:50]}")
def test_attack_through_the_api_is_decided_as_through_the_cli(
    attack: Attack, attackers: dict[str, httpx.Client], served_home: Path, protected: Protected
) -> None:
    user = _user(attack)
    response = attackers[user].post("/sql", json={"sql": attack.sql})
    cli = run_guarded(
        attack.sql, resolve_principal(user=user), origin="sql", warehouse=served_home / "warehouse.duckdb"
    )
    answer = response.json()
    assert response.status_code == HTTP[cli.status], answer
    assert answer["status"] == STATUS[cli.status]
    assert answer["sql"] == cli.sql
    assert [n["code"] for n in answer["notices"]] == [n.code for n in cli.notices]
    assert answer["columns"] == list(cli.columns)
    if not re.search(r"\b(using\s+sample|tablesample)\b", attack.sql, re.IGNORECASE):  # DuckDB samples whole
        assert len(answer["rows"]) == len(cli.rows)  # vectors at random: 0 or ~2,048 rows, differing per run
    if attack.must_block:
        assert answer["status"] == "blocked" and answer["rows"] == []
    assert find_leak(answer["rows"], protected) is None
    assert find_leak([(answer["summary"],)], protected) is None
