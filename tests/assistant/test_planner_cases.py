"""The offline planner against its case table (planner_cases.yml), on the real catalog and tiny warehouse.

Only planning is exercised here (no execution): each case checks the semantic query the planner
builds, or the kind of plan (clarify, unsupported, sql, feedback) it chooses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.conversation import Conversation
from assistant.planner.plan import ClarifyPlan, FeedbackPlan, Plan, QueryPlan, SqlPlan, UnsupportedPlan
from assistant.resources import Resources
from assistant.service import plan_turn

CASES = yaml.safe_load((Path(__file__).with_name("planner_cases.yml")).read_text(encoding="utf-8"))
STATUS_OF = {
    QueryPlan: "answered",
    ClarifyPlan: "clarify",
    UnsupportedPlan: "unsupported",
    SqlPlan: "sql",
    FeedbackPlan: "feedback",
}
CONVERSATION_IDS = [" / ".join(t["q"] for t in c) for c in CASES["conversations"]]


def _normalised(value: Any) -> Any:
    if isinstance(value, list):
        return sorted((_normalised(v) for v in value), key=repr)
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


def check_case(case: dict[str, Any], plan: Plan) -> None:
    expected_status = case.get("status", "answered")
    assert STATUS_OF[type(plan)] == expected_status, f"{case['q']!r} -> {plan}"
    if isinstance(plan, ClarifyPlan) and "options" in case:
        assert [o.value for o in plan.options] == case["options"]
    if isinstance(plan, FeedbackPlan):
        for key, value in case.get("feedback", {}).items():
            assert getattr(plan, key) == value, f"{case['q']!r}: {key}"
    if isinstance(plan, QueryPlan):
        actual = plan.query.model_dump(mode="json", exclude_none=True)
        actual.setdefault("limit", None)
        for key, value in case.get("expect", {}).items():
            assert _normalised(actual.get(key, [])) == _normalised(value), f"{case['q']!r}: {key} = {actual.get(key)}"
        if "comparison" in case:
            assert plan.comparison is not None, f"{case['q']!r}: no comparison"
            current, baseline = case["comparison"]["current"], case["comparison"]["baseline"]
            assert [plan.comparison.current.start.isoformat(), plan.comparison.current.end.isoformat()] == current
            assert [plan.comparison.baseline.start.isoformat(), plan.comparison.baseline.end.isoformat()] == baseline


@pytest.mark.parametrize("case", CASES["single"], ids=[c["q"] for c in CASES["single"]])
def test_single_question(case: dict[str, Any], resources: Resources) -> None:
    _, plan = plan_turn(case["q"], Conversation(), resources)
    check_case(case, plan)


@pytest.mark.parametrize("turns", CASES["conversations"], ids=CONVERSATION_IDS)
def test_conversation(turns: list[dict[str, Any]], resources: Resources) -> None:
    conversation = Conversation()
    for turn in turns:
        question, plan = plan_turn(turn["q"], conversation, resources)
        check_case(turn, plan)
        conversation.remember(question, plan, answered=isinstance(plan, QueryPlan))


def test_case_table_covers_every_metric_and_dimension(resources: Resources) -> None:
    text = yaml.safe_dump(CASES)
    catalog = resources.catalog
    missing = [m for m in catalog.metrics if m not in text] + [
        d for d in catalog.dimensions if d != "metric_time" and d not in text
    ]
    assert missing == []
    assert len(CASES["single"]) + sum(len(c) for c in CASES["conversations"]) >= 100


def test_verified_questions_use_their_checked_query(resources: Resources) -> None:
    for verified in resources.catalog.verified_queries:
        reworded = verified.question.upper().rstrip("?") + "?"
        _, plan = plan_turn(reworded, Conversation(), resources)
        assert isinstance(plan, QueryPlan), verified.question
        assert plan.query == verified.query
        assert any(n.code == "verified_query" for n in plan.notices)
