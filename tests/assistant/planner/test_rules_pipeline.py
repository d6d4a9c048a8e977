"""The planner as an ordered tuple of rules over a frozen draft (planner.py, rules/)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from assistant.planner.plan import QueryPlan, UnsupportedPlan
from assistant.planner.planner import PLANNER_RULES, PlannerContext, plan_question
from assistant.planner.reading import Reading
from assistant.planner.rules.read_question import read_question
from assistant.resources import Resources, load_resources
from engines.notice_figures import DimensionFit, GroupLeftOut, WordsUnused


@pytest.fixture(scope="module")
def context(tiny_warehouse: Path) -> PlannerContext:
    resources: Resources = load_resources(tiny_warehouse)
    return PlannerContext(resources.as_of, resources.lexicon, resources.catalog)


def test_each_rule_lives_in_its_own_module() -> None:
    modules = [rule.__module__ for rule in PLANNER_RULES]
    assert all(m.startswith("assistant.planner.rules.") for m in modules)
    shared = {m for m in modules if modules.count(m) > 1}
    assert shared <= {"assistant.planner.rules.count_named_rows"}, shared  # the two ways of counting named rows


def test_the_draft_and_its_reading_cannot_be_changed_in_place(context: PlannerContext) -> None:
    draft = read_question("revenue by region excluding the East last quarter", context, plan_question)
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.plan = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        draft.reading.filters["region"] = ("West",)  # type: ignore[index]
    assert draft.reading.negated == frozenset({"region"}) and draft.reading.group_by == ("region",)
    grouped = Reading(mentioned_dimensions=("channel",)).grouped("channel")
    assert grouped.group_by == ("channel",) and grouped.mentioned_dimensions == ()


def test_a_rule_that_ends_planning_stops_the_rules_after_it(context: PlannerContext) -> None:
    """A forecast is refused by the first rule, even though later rules could build a query for it."""
    assert isinstance(plan_question("forecast revenue by region", context), UnsupportedPlan)
    assert isinstance(plan_question("revenue by region", context), QueryPlan)


def test_rules_after_assembly_refuse_to_run_without_a_query(context: PlannerContext) -> None:
    draft = read_question("revenue by region", context, plan_question)
    assert draft.plan is None
    with pytest.raises(ValueError, match="after the query is assembled"):
        _ = draft.planned


def test_the_planners_notices_carry_their_figures(context: PlannerContext) -> None:
    """Notices are worded in any language from their figures, never re-read from the English text."""
    fitted = plan_question("average resolution time by category", context)
    assert isinstance(fitted, QueryPlan)
    (fit,) = [n for n in fitted.notices if n.code == "dimension_substituted"]
    assert fit.figures == DimensionFit("category", "ticket_category", ("avg_resolution_hours",))
    ranked = plan_question("top 5 stores by revenue", context)
    assert isinstance(ranked, QueryPlan)
    (left_out,) = [n for n in ranked.notices if n.code == "empty_group_left_out"]
    assert isinstance(left_out.figures, GroupLeftOut) and left_out.figures.dimension == "store_name"
    vague = plan_question("How much discount did we give away on each channel?", context)
    assert isinstance(vague, QueryPlan)
    (unused,) = [n for n in vague.notices if n.code == "ignored_words"]
    assert unused.figures == WordsUnused(("away",))


def test_a_period_asked_of_a_metric_without_time_is_refused_naming_it(context: PlannerContext) -> None:
    plan = plan_question("repeat purchase rate last month", context)
    assert isinstance(plan, UnsupportedPlan) and plan.reason is not None
    assert plan.reason.key == "timeless" and plan.reason.parts["names"] == "repeat_purchase_rate"
