"""A Chinese question's interpretation is Chinese everywhere, from the templates: metric questions
with a per-group ranking or a share, feedback questions, typed SQL and the agent's tool answers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from assistant.answer import AnswerKind
from assistant.describing import describe, describe_feedback, describe_without_query
from assistant.planner.periods import DateRange
from assistant.planner.plan import FeedbackPlan
from assistant.resources import Resources
from assistant.service import ask
from guards.principal_resolution import resolve_principal
from semantic_layer.query import SemanticQuery

ANALYST = resolve_principal(role="analyst")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def test_a_ranking_within_groups_and_a_share_are_read_in_chinese(resources: Resources) -> None:
    zh = resources.labels("zh")
    ranked = SemanticQuery(metrics=("revenue",), group_by=("region", "city"), order_by=({"field": "revenue", "desc": True},),
                           limit=3, rank_within=("region",))  # fmt: skip
    assert describe(ranked, zh, "2026-09-30").endswith("每个地区内按销售额排名前 3")
    shared = SemanticQuery(metrics=("revenue",), group_by=("channel",), share_of_total=True)
    assert describe(shared, zh, "2026-09-30").endswith("占总体的比例")
    en = resources.labels("en")
    assert describe(ranked, en, "2026-09-30").endswith("the top 3 by Revenue within each Region")


def test_a_feedback_question_is_read_in_chinese(resources: Resources, tiny_warehouse: Path) -> None:
    answer = ask(
        "直播渠道的客户在抱怨什么", ANALYST, warehouse=tiny_warehouse
    )  # no feedback index: unsupported, still read
    assert answer.interpretation.startswith("负面反馈中的痛点") and "直播" in answer.interpretation
    assert not ENGLISH_WORD.search(answer.interpretation), answer.interpretation
    plan = FeedbackPlan("search", "退款太慢", "Feedback mentioning …", {"source": "review"},
                        DateRange(date(2026, 7, 1), date(2026, 9, 30), "Q3"))  # fmt: skip
    read = describe_feedback(plan, resources.labels("zh"))
    assert read == "提到“退款太慢”的反馈，仅评价，2026-07-01 至 2026-09-30", read


def test_typed_sql_in_a_chinese_question_is_read_and_summed_up_in_chinese(tiny_warehouse: Path) -> None:
    answer = ask("SELECT city, count(*) AS n FROM customers WHERE city = '北京' GROUP BY city", ANALYST,
                 warehouse=tiny_warehouse)  # fmt: skip
    assert answer.kind == AnswerKind.SQL and answer.interpretation.startswith("您输入的 SQL")
    assert not ENGLISH_WORD.search(answer.interpretation.replace("SQL", ""))
    assert answer.summary.startswith("按分析师角色的策略返回") and answer.summary.endswith("行。")


def test_the_agents_sql_and_feedback_answers_are_read_in_chinese(resources: Resources) -> None:
    zh = resources.labels("zh")
    english = "SQL written by the assistant, checked and run under the policy of role analyst"
    assert describe_without_query(AnswerKind.SQL, english, zh) == "SQL，已按您角色的隐私策略检查并运行"
    assert describe_without_query(AnswerKind.PAIN_POINTS, "Customer pain points", zh) == "客户痛点"
    assert describe_without_query(AnswerKind.SQL, "您输入的 SQL", zh) == "您输入的 SQL"  # already Chinese: kept
