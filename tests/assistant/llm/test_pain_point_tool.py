"""The agent's list_pain_points tool on a real feedback index: breakdowns, filters and growth are
the model's arguments; the principal, the guards and the audit log are ours."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, call, say

from assistant.llm.agent import aask_with_llm
from assistant.llm.settings import LlmSettings
from engines.status import Status
from feedback.index import IndexReport
from feedback.pain_points import pain_point_summary
from guards.audit import AuditLog
from guards.principal_resolution import resolve_principal


@pytest.fixture
def feedback_home(feedback_index: tuple[Path, Path, IndexReport], monkeypatch: pytest.MonkeyPatch) -> Path:
    warehouse, _, _ = feedback_index
    monkeypatch.setenv("CDM_HOME", str(warehouse.parent))
    return warehouse


def test_breakdown_and_filter_arguments_reach_the_governed_summary(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], feedback_home: Path
) -> None:
    erin = resolve_principal(None, "erin")
    fake.script(
        call("list_pain_points", by="channel", filters={"member_tier": "Gold"}, role="admin"),
        say("Refunds dominate."),
    )
    question = "which pain points do Gold members have per channel?"
    answer = asyncio.run(aask_with_llm(question, erin, warehouse=feedback_home, settings=llm_settings()))

    expected = pain_point_summary(erin, by="channel", filters={"member_tier": "Gold"}, warehouse=feedback_home)
    assert answer.status == Status.ANSWERED and answer.kind == "pain_points"
    assert answer.columns == ("pain_point", "channel", "pain_point_mentions")
    assert answer.rows == expected.rows and answer.rows  # the role's rows, not admin's: the extra argument is dropped
    assert answer.feedback is not None and answer.feedback.pain_points and answer.summary == "Refunds dominate."
    entry = next(e for e in AuditLog().tail(20) if e.audit_id == answer.audit_id)
    assert (entry.role, entry.origin, entry.question) == ("regional_manager", "semantic", question)
    assert "East" in (entry.rewritten_sql or "")


def test_baseline_arguments_give_growth(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], feedback_home: Path
) -> None:
    analyst = resolve_principal("analyst")
    periods = {"start": "2026-07-01", "end": "2026-09-30", "baseline_start": "2026-04-01", "baseline_end": "2026-06-30"}
    fake.script(call("list_pain_points", **periods), say("Growth computed."))
    answer = asyncio.run(
        aask_with_llm("which pain point grew fastest?", analyst, warehouse=feedback_home, settings=llm_settings())
    )
    assert answer.columns == ("pain_point", "current_count", "baseline_count", "growth")
    growth = [row[3] for row in answer.rows if row[3] is not None]
    assert growth and growth == sorted(growth, reverse=True)


def test_a_bad_date_from_the_model_is_reported_not_raised(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], feedback_home: Path
) -> None:
    fake.script(call("list_pain_points", start="last spring"), say("Sorry."))
    answer = asyncio.run(
        aask_with_llm("pain points since spring", resolve_principal("analyst"), warehouse=feedback_home,
                      settings=llm_settings())
    )  # fmt: skip
    tool_reply = fake.requests[1].tool_messages()[0]
    assert "ISO date" in tool_reply
    assert answer.status != Status.ANSWERED or answer.kind == "text"
