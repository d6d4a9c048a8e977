"""The LLM agent's semantic tool takes the growth series and the days of the week (fake endpoint, real tools)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from fake_openai import FakeOpenAI, call, say

from assistant.llm.agent import aask_with_llm
from assistant.llm.settings import LlmSettings
from engines.status import Status
from guards.principal_resolution import resolve_principal

GROWTH = {
    "metrics": ["order_count"],
    "group_by": ["metric_time__month"],
    "time_range": {"start": "2025-01-01", "end": "2025-06-30", "days_of_week": [6, 7]},
    "period_change": "previous_period",
}


def test_the_agent_asks_for_weekend_growth_per_month(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], tiny_warehouse: Path
) -> None:
    fake.script(call("run_semantic_query", **GROWTH), say("Weekend orders grew in most months."))
    answer = asyncio.run(
        aask_with_llm(
            "weekend order growth each month of H1 2025",
            resolve_principal("analyst"),
            warehouse=tiny_warehouse,
            settings=llm_settings(streaming=False),
        )
    )
    assert answer.status == Status.ANSWERED, (answer.summary, answer.notices)
    assert answer.columns == ("metric_time__month", "order_count", "order_count_previous", "order_count_change_pct")
    assert len(answer.rows) == 6 and all(row[2] is not None for row in answer.rows)
    assert "weekends only" in answer.interpretation and "compared with the month before" in answer.interpretation
