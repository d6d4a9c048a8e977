"""Engine choice: offline, llm, or auto (the agent only when the environment configures one)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, call, say

from assistant.router import aask, use_llm
from data.errors import CdmError
from guards.principal_resolution import resolve_principal


def test_an_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(CdmError, match="unknown engine"):
        use_llm("gpt")


def test_offline_never_contacts_the_model(
    fake: FakeOpenAI, tiny_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDM_LLM_MODEL", "fake-model")
    monkeypatch.setenv("CDM_LLM_BASE_URL", fake.base_url)
    fake.script(say("never asked"))
    answer = asyncio.run(
        aask("revenue by region", resolve_principal("viewer"), warehouse=tiny_warehouse, engine="offline")
    )

    # the viewer's privacy notices (issue 16: uniform suppression, approximate values) are the only ones
    assert fake.requests == [] and answer.provenance.engine == "offline"
    assert {notice.code for notice in answer.notices} <= {"small_groups_suppressed", "approximate"}


def test_auto_uses_the_agent_configured_by_the_environment(
    fake: FakeOpenAI, tiny_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDM_LLM_MODEL", "fake-model")
    monkeypatch.setenv("CDM_LLM_BASE_URL", fake.base_url)
    monkeypatch.setenv("CDM_LLM_TIMEOUT", "20")
    fake.script(call("run_semantic_query", metrics=["order_count"]), say("That many orders."))
    answer = asyncio.run(aask("how many orders?", resolve_principal("viewer"), warehouse=tiny_warehouse))

    assert answer.provenance.engine == "llm:fake-model"
    assert answer.columns == ("order_count",) and len(answer.rows) == 1
    assert answer.chart is not None and answer.chart.kind == "kpi"
    assert fake.requests[0].streamed  # the default: LangChain streams from the endpoint
