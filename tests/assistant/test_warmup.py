"""Warm-up at server start: after it, the first answer opens no connection and loads nothing big."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.service import ask
from assistant.warmup import warm_up
from engines.duckdb_pool import POOL
from guards.policy import load_policies
from guards.principal import Principal


def test_after_warm_up_the_first_answer_opens_no_connection(
    tiny_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDM_WAREHOUSE", str(tiny_warehouse))
    POOL.close_all()
    timings = warm_up()
    assert set(timings) == {"answer_path", "connections", "embedding_model"}
    timeouts = {role.timeout_seconds for role in load_policies().roles.values()}
    assert {key for key in POOL.databases if key[0] == tiny_warehouse.absolute()} == {
        (tiny_warehouse.absolute(), t) for t in timeouts
    }
    opened = POOL.stats().opened
    answer = ask("revenue by region", Principal("alice", "analyst", {}), warehouse=tiny_warehouse)
    assert answer.rows and POOL.stats().opened == opened
