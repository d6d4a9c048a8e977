"""The offline planner: a question (and the conversation so far) becomes exactly one plan.

Read top to bottom, like the guard's passes: the question rules answer from the text alone (typed
SQL, a verified query); otherwise the question is read into a frozen Draft (rules/read_question.py:
time, ranking, catalog phrases, cue words, negation) and passed through PLANNER_RULES in order. Each
rule returns a new Draft to go on, or a Plan that ends planning (a clarification, a refusal, a
feedback question); after the last rule the draft's query plan is the answer. Deterministic and
offline: only the catalog, the warehouse's distinct values and the word files are consulted.
"""

from __future__ import annotations

from assistant.planner.context import PlannerContext
from assistant.planner.plan import Plan
from assistant.planner.rules.answer_from_feedback import answer_from_feedback
from assistant.planner.rules.apply_shares import apply_shares
from assistant.planner.rules.assemble_query import assemble_query
from assistant.planner.rules.check_meaning import check_plan_meaning
from assistant.planner.rules.clarify_ambiguous_metric import clarify_ambiguous_metric
from assistant.planner.rules.compare_asked_change import compare_asked_change
from assistant.planner.rules.count_named_rows import count_by_distribution, count_for_a_filter, count_for_a_share
from assistant.planner.rules.draft import Draft, Rule
from assistant.planner.rules.group_compared_values import group_compared_values
from assistant.planner.rules.leave_out_empty_groups import leave_out_blank_groups
from assistant.planner.rules.offer_share_readings import offer_share_readings
from assistant.planner.rules.offer_two_readings import offer_two_readings
from assistant.planner.rules.question_rules import QuestionRule, typed_sql, verified_query
from assistant.planner.rules.rank_by_duration import rank_by_duration
from assistant.planner.rules.rank_per_group import rank_per_group
from assistant.planner.rules.read_money_terms import read_money_terms
from assistant.planner.rules.read_question import read_question
from assistant.planner.rules.refine_previous import refine_previous
from assistant.planner.rules.refuse_forecasts import refuse_forecasts
from assistant.planner.rules.refuse_future_periods import refuse_future_periods
from assistant.planner.rules.refuse_unknown_breakdown import refuse_unknown_breakdown
from assistant.planner.rules.refuse_without_metric import refuse_without_metric

__all__ = ["PLANNER_RULES", "QUESTION_RULES", "PlannerContext", "plan_question"]

QUESTION_RULES: tuple[QuestionRule, ...] = (typed_sql, verified_query)

PLANNER_RULES: tuple[Rule, ...] = (
    refuse_forecasts,
    refuse_future_periods,
    compare_asked_change,  # "revenue up or down vs last quarter?": two periods compared
    group_compared_values,  # "men vs women" is a breakdown by gender
    answer_from_feedback,
    rank_by_duration,  # "fastest support channel": the lowest of the metric measured in time
    read_money_terms,  # "how much did we sell, in money terms?": a currency metric, or asked which
    clarify_ambiguous_metric,
    refuse_unknown_breakdown,
    refine_previous,  # a follow-up's plan: the rules up to assemble_query leave it as it is
    count_by_distribution,
    count_for_a_share,
    count_for_a_filter,  # "how many platinum members"
    refuse_without_metric,
    assemble_query,  # from here on the draft has a query plan
    apply_shares,
    rank_per_group,
    offer_two_readings,
    check_plan_meaning,
    offer_share_readings,
    leave_out_blank_groups,
)


def plan_question(question: str, context: PlannerContext) -> Plan:
    for question_rule in QUESTION_RULES:
        early = question_rule(question, context)
        if early is not None:
            return early
    draft = read_question(question, context, plan_question)
    for rule in PLANNER_RULES:
        step = rule(draft)
        if not isinstance(step, Draft):
            return step
        draft = step
    return draft.planned
