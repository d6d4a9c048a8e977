"""Two or three follow-up questions after an answer, from the catalog: the trend, another
breakdown, the comparison with the period before. Each is offered only if the offline planner
reads it as a governed query that the semantic layer can compile, so a button never dead-ends.
"""

from __future__ import annotations

from assistant.answer import SuggestedQuestion
from assistant.labels import Labels
from assistant.periods import grain_of
from assistant.planner.plan import QueryPlan
from assistant.planner.planner import PlannerContext, plan_question
from assistant.resources import Resources
from assistant.templates import phrase
from semantic_layer.errors import SemanticQueryError
from semantic_layer.plan import plan_query
from semantic_layer.query import SemanticQuery

BREAKDOWNS = ("region", "channel", "member_tier", "category", "city")
MAX_FOLLOW_UPS = 3


def follow_ups(
    query: SemanticQuery, resources: Resources, language: str, *, compare: bool = True
) -> tuple[SuggestedQuestion, ...]:
    """The trend, the comparison with the period before and other breakdowns, the first 3 answerable."""
    labels = resources.labels(language)
    metric = labels.column(query.metrics[0])
    if language == "en" and len(metric) > 1 and metric[1].islower():
        metric = metric[0].lower() + metric[1:]
    dimensions = [g for g in query.group_by if not grain_of(g)]
    candidates = []
    if not any(grain_of(g) for g in query.group_by):
        candidates.append(phrase(language, "follow_trend", metric=metric))
    others = [d for d in BREAKDOWNS if d not in dimensions and reachable(query, d, resources)]
    breakdowns = [
        phrase(language, "follow_breakdown", metric=metric, dimension=_dimension(labels, d)) for d in others[:2]
    ]
    candidates += breakdowns[:1]
    if compare and dimensions:
        dimension = _dimension(labels, dimensions[0])
        candidates.append(phrase(language, "follow_compare", metric=metric, dimension=dimension))
    elif compare:
        candidates.append(phrase(language, "follow_compare_total", metric=metric))
    candidates += breakdowns[1:]
    offered: list[str] = []
    for question in dict.fromkeys(candidates):
        if len(offered) < MAX_FOLLOW_UPS and answerable(question, resources):
            offered.append(question)
    return tuple(SuggestedQuestion(label=q, question=q) for q in offered)


def _dimension(labels: Labels, name: str) -> str:
    text = labels.column(name)
    return text.lower() if text.isascii() else text


def reachable(query: SemanticQuery, dimension: str, resources: Resources) -> bool:
    candidate = SemanticQuery(metrics=query.metrics[:1], group_by=(dimension,))
    try:
        plan_query(candidate, resources.catalog)
    except SemanticQueryError:
        return False
    return True


def answerable(question: str, resources: Resources) -> bool:
    context = PlannerContext(resources.as_of, resources.lexicon, resources.catalog, None)
    plan = plan_question(question, context)
    if not isinstance(plan, QueryPlan):
        return False
    try:
        plan_query(plan.query, resources.catalog)
    except SemanticQueryError:
        return False
    return True
