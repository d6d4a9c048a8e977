"""Every refusal and clarification the planner gives carries its reason as data (plan.Reason), worded
from templates in English and Chinese: over every question of the eval suites, none is left to a
generic message or to English in a Chinese answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from assistant.planner.plan import ClarifyPlan, Plan, UnsupportedPlan
from assistant.planner.reasons import reason_in
from assistant.resources import Resources
from tests.assistant.conftest import plan_of

SUITES = Path(__file__).parents[3] / "eval" / "suites"


def _first_questions() -> list[str]:
    questions: list[str] = []
    for path in sorted(SUITES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data.get("cases", []) if isinstance(data, dict) else data:
            asked = case.get("question") or case.get("q") if isinstance(case, dict) else None
            questions += [asked] if isinstance(asked, str) else []
    unit_cases = yaml.safe_load((Path(__file__).parents[1] / "planner_cases.yml").read_text(encoding="utf-8"))
    questions += [case["q"] for case in unit_cases["single"]]
    return sorted(set(questions))


@pytest.fixture(scope="module")
def refused(resources: Resources) -> list[tuple[str, Plan]]:
    plans = [(q, plan_of(q, resources)) for q in _first_questions()]
    return [(q, p) for q, p in plans if isinstance(p, ClarifyPlan | UnsupportedPlan)]


def test_the_suites_exercise_many_reasons(refused: list[tuple[str, Plan]]) -> None:
    keys = {p.reason.key for _, p in refused if isinstance(p, ClarifyPlan | UnsupportedPlan) and p.reason}
    assert len(refused) >= 40 and len(keys) >= 8, keys


def test_every_refusal_and_clarification_carries_its_reason(refused: list[tuple[str, Plan]]) -> None:
    """Only a recalled clarification is worded by recall.py itself, in the question's language."""
    missing = [q for q, p in refused if getattr(p, "reason", None) is None and not _recalled(p)]
    assert missing == []


def test_a_chinese_question_gets_its_reason_in_chinese(refused: list[tuple[str, Plan]]) -> None:
    for question, plan in refused:
        if not re.search(r"[\u4e00-\u9fff]", question) or _recalled(plan):
            continue
        worded = reason_in("zh", plan)
        assert worded is not None and re.search(r"[\u4e00-\u9fff]{4}", worded), (question, worded)
        english = re.findall(r"\b(?:the|can't|could|which|mean|answer|you)\b", worded, flags=re.IGNORECASE)
        assert english == [], (question, worded)


def _recalled(plan: Plan) -> bool:
    return isinstance(plan, ClarifyPlan) and plan.reason is None and "“" in plan.message
