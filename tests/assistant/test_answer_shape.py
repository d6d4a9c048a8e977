"""One answer shape for both paths, no dead ends, replies in the user's language, and the router
as the only place that chooses between the offline planner and the LLM agent."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assistant.answer import AnswerKind
from assistant.router import ask as routed_ask
from assistant.service import ask
from engines.status import Status
from guards.principal_resolution import resolve_principal

ROOT = Path(__file__).resolve().parents[2]
VIEWER = resolve_principal(role="viewer")
ANALYST = resolve_principal(role="analyst")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at module level or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_offline_path_never_imports_the_llm_agent_and_llm_never_imports_the_router() -> None:
    assert not {m for m in imported_modules(ROOT / "assistant" / "service.py") if m.startswith("assistant.llm")}
    for path in (ROOT / "assistant" / "llm").glob("*.py"):
        assert "assistant.router" not in imported_modules(path), path
    assert not (ROOT / "assistant" / "llm" / "route.py").exists()


def test_router_offline_is_the_service_answer(tiny_warehouse: Path) -> None:
    direct = ask("revenue by region", ANALYST, warehouse=tiny_warehouse)
    routed = routed_ask("revenue by region", ANALYST, warehouse=tiny_warehouse, engine="offline")
    assert routed.rows == direct.rows and routed.provenance.planner == "offline"
    assert routed.provenance.sql_engine == "duckdb" and routed.sql_dialect == "duckdb"


def test_kinds_are_an_enum(tiny_warehouse: Path) -> None:
    assert ask("revenue by region", ANALYST, warehouse=tiny_warehouse).kind is AnswerKind.METRIC
    assert ask("revenue Q3 2026 vs Q2 2026", ANALYST, warehouse=tiny_warehouse).kind is AnswerKind.COMPARISON
    assert ask("SELECT count(*) AS n FROM orders", ANALYST, warehouse=tiny_warehouse).kind is AnswerKind.SQL


def test_average_order_value_by_channel_is_never_summed(tiny_warehouse: Path) -> None:
    answer = ask("average order value by channel", ANALYST, warehouse=tiny_warehouse)
    assert answer.status == Status.ANSWERED and "Total" not in answer.summary
    assert "overall: ¥" in answer.summary and "live_stream" not in answer.summary  # the overall AOV, not a sum


def test_a_to_date_week_is_marked_and_not_the_headline(tiny_warehouse: Path) -> None:
    answer = ask("weekly orders in the past 30 days", ANALYST, warehouse=tiny_warehouse)
    marked = {p.value: p.marker for p in answer.partial_periods}
    assert marked.get("2026-09-28") == "to_date" and marked.get("2026-08-31") == "partial"
    assert "week of 28 Sep (to date)" in answer.summary and "Latest period vs the one before" not in answer.summary


def test_follow_ups_are_answerable_questions(tiny_warehouse: Path) -> None:
    answer = ask("revenue by region", VIEWER, warehouse=tiny_warehouse)
    assert 2 <= len(answer.suggestions) <= 3
    for suggestion in answer.suggestions:
        follow = ask(suggestion.question, VIEWER, warehouse=tiny_warehouse)
        assert follow.status == Status.ANSWERED, (suggestion.question, follow.summary)


def test_a_refused_breakdown_offers_the_governed_alternatives(tiny_warehouse: Path) -> None:
    answer = ask("return rate by category", ANALYST, warehouse=tiny_warehouse)
    assert answer.status == Status.UNSUPPORTED and "group_by" not in answer.summary
    assert "Return rate" in answer.summary and "return_rate" not in answer.summary
    assert answer.suggestions and all(
        ask(s.question, ANALYST, warehouse=tiny_warehouse).status == Status.ANSWERED for s in answer.suggestions
    )


@pytest.mark.parametrize("question", ["blorp the flux capacitor", "今天天气怎么样"])
def test_unsupported_shows_three_close_answerable_questions(tiny_warehouse: Path, question: str) -> None:
    answer = ask(question, VIEWER, warehouse=tiny_warehouse)
    assert answer.status == Status.UNSUPPORTED and len(answer.suggestions) == 3
    assert "order_count" not in answer.summary and "aov" not in answer.summary.split()


def test_typed_sql_with_an_unknown_column_gets_did_you_mean(tiny_warehouse: Path) -> None:
    answer = ask("SELECT cty FROM customers", ANALYST, warehouse=tiny_warehouse)
    assert answer.status != Status.ANSWERED and "did you mean city" in answer.summary


def test_a_chinese_question_gets_a_chinese_answer(tiny_warehouse: Path) -> None:
    answer = ask("各渠道的客单价", ANALYST, warehouse=tiny_warehouse)
    assert answer.status == Status.ANSWERED and answer.language == "zh"
    assert "客单价" in answer.summary and "直播" in answer.summary and "live_stream" not in answer.summary
    assert answer.interpretation.startswith("按渠道划分的客单价")
    assert answer.suggestions and all("客单价" in s.question for s in answer.suggestions)


def test_chinese_answers_word_guard_notices_and_refusals_in_chinese(tiny_warehouse: Path) -> None:
    answer = ask("每个会员等级的活跃客户", VIEWER, warehouse=tiny_warehouse)
    messages = [n.message for n in answer.notices]
    assert any(m.startswith("小分组已隐藏（少于 10 位客户") for m in messages), messages
    assert not [m for m in messages if "small groups" in m]
    refused = ask("各产品品类的退货率", ANALYST, warehouse=tiny_warehouse)
    assert refused.summary.startswith("退货率不能按品类拆分") and refused.suggestions
