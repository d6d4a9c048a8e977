"""Two or three follow-up questions after an answer, from the catalog: the trend, another
breakdown, the comparison with the period before. Each is offered only if the offline planner
reads it as a governed query that the semantic layer can compile, so a button never dead-ends.

Checking a candidate plans it (about a millisecond each), so the offered questions are cached per
query shape (first metric, group-by, language, whether to compare) and the verdicts per question
text, both per `Resources`: a rebuilt warehouse or changed definitions load new `Resources`
(assistant/resources.py keys them by file stamp and definitions fingerprint), so a stale entry is
never used. Nothing here depends on the user: suggestions are checked with the planner and the
semantic layer only (the guards decide later, when a button is pressed).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

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
CACHED_RESOURCES = 4  # as many as assistant.resources keeps loaded
CACHED_SHAPES = 4096  # query shapes per Resources; the table starts again when full
ShapeKey = tuple[str, tuple[str, ...], str, bool]


@dataclass
class _Checked:
    """What was worked out for one `Resources` (kept alive here, so its id is never reused)."""

    resources: Resources
    offered: dict[ShapeKey, tuple[SuggestedQuestion, ...]] = field(default_factory=dict)
    answerable: dict[str, bool] = field(default_factory=dict)
    reachable: dict[tuple[str, str], bool] = field(default_factory=dict)


_CHECKED: OrderedDict[int, _Checked] = OrderedDict()
_LOCK = threading.Lock()


def _checked(resources: Resources) -> _Checked:
    with _LOCK:
        entry = _CHECKED.get(id(resources))
        if entry is None or entry.resources is not resources:
            entry = _CHECKED[id(resources)] = _Checked(resources)
            while len(_CHECKED) > CACHED_RESOURCES:
                _CHECKED.popitem(last=False)
        _CHECKED.move_to_end(id(resources))
        return entry


def follow_ups(
    query: SemanticQuery, resources: Resources, language: str, *, compare: bool = True
) -> tuple[SuggestedQuestion, ...]:
    """The trend, the comparison with the period before and other breakdowns, the first 3 answerable."""
    key: ShapeKey = (query.metrics[0], tuple(query.group_by), language, compare)
    cache = _checked(resources).offered
    offered = cache.get(key)
    if offered is None:
        offered = _follow_ups(query, resources, language, compare)
        if len(cache) >= CACHED_SHAPES:
            cache.clear()
        cache[key] = offered
    return offered


def _follow_ups(
    query: SemanticQuery, resources: Resources, language: str, compare: bool
) -> tuple[SuggestedQuestion, ...]:
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
    """Whether the query's first metric can be broken down by `dimension` (cached per Resources)."""
    cache = _checked(resources).reachable
    key = (query.metrics[0], dimension)
    if key not in cache:
        cache[key] = _reachable(query.metrics[0], dimension, resources)
    return cache[key]


def _reachable(metric: str, dimension: str, resources: Resources) -> bool:
    try:
        plan_query(SemanticQuery(metrics=(metric,), group_by=(dimension,)), resources.catalog)
    except SemanticQueryError:
        return False
    return True


def answerable(question: str, resources: Resources) -> bool:
    """Whether the offline planner reads `question` as a query the semantic layer can plan (cached per Resources)."""
    cache = _checked(resources).answerable
    if question not in cache:
        cache[question] = _answerable(question, resources)
    return cache[question]


def _answerable(question: str, resources: Resources) -> bool:
    context = PlannerContext(resources.as_of, resources.lexicon, resources.catalog, None)
    plan = plan_question(question, context)
    if not isinstance(plan, QueryPlan):
        return False
    try:
        plan_query(plan.query, resources.catalog)
    except SemanticQueryError:
        return False
    return True
