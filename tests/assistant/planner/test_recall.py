"""Recall for unknown words, with the shipped embedding model: it asks, it never answers on its own.

An unknown word close in meaning to catalog items becomes a clarification whose options are those
items; an unrelated word keeps the planner's refusal; nothing recalled produces a number until the
user picks an option. Chinese text never reaches the model (character bigrams instead), and without
the model files the planner still plans, with English recall off.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.conversation import Conversation
from assistant.planner import recall
from assistant.planner.plan import QueryPlan, UnsupportedPlan
from assistant.resources import Resources
from assistant.service import ask
from engines.status import Status
from guards.principal import Principal
from tests.assistant.conftest import clarification_of, plan_of, refusal_of

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def resources(resources: Resources) -> Resources:
    """The shared resources, with the embedding model loaded (recall on) before the first question."""
    assert recall.warm_recall(resources.catalog) == "on"
    return resources


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("basket value by channel", "aov"),  # no metric found: a metric is recalled
        ("revenue by loyalty level", "member_tier"),  # an unknown breakdown: a dimension is recalled
        ("revenue from loyalty level gold", "member_tier"),  # an unknown word beside a metric
    ],
)
def test_an_unknown_but_close_english_word_offers_the_right_catalog_item(
    question: str, item: str, resources: Resources
) -> None:
    plan = clarification_of(question, resources)
    assert item in [option.value for option in plan.options]
    assert "close in meaning" in plan.message
    assert len(plan.options) <= recall.recall_settings().max_options


def test_every_offered_option_is_a_question_the_planner_answers_with_that_item(resources: Resources) -> None:
    for question in ("basket value by channel", "revenue by loyalty level", "revenue from loyalty level gold"):
        for option in clarification_of(question, resources).options:
            plan = plan_of(option.question, resources)
            assert isinstance(plan, QueryPlan), (option.question, plan)
            query = plan.query
            used = {*query.metrics, *query.group_by, *(f.dimension for f in query.filters)}
            assert option.value in used


def test_the_rewritten_question_names_the_item_once(resources: Resources) -> None:
    option = clarification_of("basket value last month", resources).options[0]
    assert option.question == "average order value last month"


@pytest.mark.parametrize(
    ("question", "refusal"),
    [
        ("weather last month", "I couldn't find a metric I can answer"),
        ("revenue by weather", "I can't break results down by “weather”"),
        ("help desk tickets by channel", "I don't know what “help”, “desk” means here"),
    ],
)
def test_an_unrelated_word_gets_no_options_and_keeps_the_refusal(
    question: str, refusal: str, resources: Resources
) -> None:
    assert refusal in refusal_of(question, resources)


def test_a_recalled_item_gives_no_number_until_the_user_picks_it(resources: Resources, tiny_warehouse: Path) -> None:
    conversation = Conversation()
    analyst = Principal(user=None, role="analyst")
    asked = ask("basket value by channel", analyst, conversation, warehouse=tiny_warehouse)
    assert asked.status == Status.CLARIFY
    assert not asked.rows
    assert asked.sql in (None, "")
    choice = next(i for i, o in enumerate(asked.options, start=1) if o.value == "aov")
    answered = ask(str(choice), analyst, conversation, warehouse=tiny_warehouse)
    assert answered.status == Status.ANSWERED
    assert answered.rows
    assert "Average order value" in answered.interpretation


def test_a_word_below_the_threshold_is_not_offered(resources: Resources) -> None:
    settings = recall.recall_settings()
    phrase = recall.Phrase("weather", 0, 7)
    best = recall.english_scores(phrase, resources.catalog)[0]
    assert best.score < settings.english.min_similarity
    assert recall.recall(phrase, resources.catalog) == []


def test_chinese_text_is_never_embedded_and_uses_character_bigrams(resources: Resources) -> None:
    before = recall.embedding_counts()
    plan = clarification_of("上个月的成交额", resources)
    assert [o.value for o in plan.options] == ["gmv"]
    assert plan.options[0].question == "上个月的成交总额"
    assert "意思相近" in plan.message
    close = clarification_of("各城市的复购周期", resources)  # repurchase cycle: asked about, never answered as the rate
    assert [(o.value, o.question) for o in close.options] == [("repeat_purchase_rate", "各城市的复购率")]
    unrelated = plan_of("上个月的坪效", resources)
    assert isinstance(unrelated, UnsupportedPlan)
    assert recall.embedding_counts() == before  # no phrase vector looked up, nothing embedded


def test_settings_reject_unknown_keys() -> None:
    document = recall.recall_settings().model_dump(by_alias=True)
    assert recall.RecallSettings.model_validate(document) == recall.recall_settings()
    document |= {"threshold": 0.5}
    with pytest.raises(ValidationError):
        recall.RecallSettings.model_validate(document)


PLAN_WITHOUT_MODEL = """
import json
from assistant.planner import recall
from assistant.planner.lexicon import build_lexicon
from assistant.planner.planner import PlannerContext, plan_question
from semantic_layer.catalog import load_catalog
from datetime import date
catalog = load_catalog()
context = PlannerContext(date(2026, 9, 30), build_lexicon(catalog, {}), catalog)
english = plan_question("revenue by loyalty level", context)
chinese = plan_question("上个月的成交额", context)
print(json.dumps([type(english).__name__, english.message, type(chinese).__name__, recall.recall_status()]))
"""


def test_without_the_model_files_the_planner_still_plans_with_english_recall_off(tmp_path: Path) -> None:
    environment = os.environ | {"CDM_EMBEDDING_MODEL": str(tmp_path / "no-model-here")}
    done = subprocess.run(
        [sys.executable, "-c", PLAN_WITHOUT_MODEL],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    english_type, message, chinese_type, status = json.loads(done.stdout.strip().splitlines()[-1])
    assert english_type == "UnsupportedPlan"
    assert "I can't break results down by “loyalty”" in message
    assert chinese_type == "ClarifyPlan"  # the bigram recall needs no model
    assert status.startswith("off: CDM_EMBEDDING_MODEL is not a model folder")
