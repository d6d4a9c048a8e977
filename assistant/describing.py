"""The interpretation sentence in the reply language, built from the semantic query.

English keeps the planner's wording (assistant/planner/interpretation.py); other languages get
this templated sentence: "按渠道划分的客单价，2026-07-01 至 2026-09-30，会员等级 = 金卡", and so do
feedback questions (`describe_feedback`) and answers without a semantic query (`describe_without_query`).
"""

from __future__ import annotations

from assistant.answer import AnswerKind
from assistant.labels import Labels
from assistant.periods import grain_of
from assistant.planner.plan import FeedbackPlan
from assistant.templates import language_of, phrase
from semantic_layer.day_of_week import DAY_OF_WEEK
from semantic_layer.query import SemanticQuery

FEEDBACK_KINDS = (AnswerKind.PAIN_POINTS, AnswerKind.FEEDBACK_SEARCH)


def describe(query: SemanticQuery, labels: Labels, as_of: str) -> str:
    say = lambda key, **v: phrase(labels.language, key, **v)  # noqa: E731
    joined = lambda items: say("interp_list").join(items)  # noqa: E731
    metrics = joined([labels.column(m) for m in query.metrics])
    by = [labels.column(g) for g in query.group_by]
    parts = [say("interp_by", metrics=metrics, by=joined(by)) if by else metrics]
    span = query.time_range
    if span is None or (span.start is None and span.end is None):
        parts.append(say("interp_all_dates", as_of=as_of))
    elif span.start is not None and span.start == span.end:
        parts.append(str(span.start))  # one day: "2026-09-15"
    else:
        parts.append(say("interp_span", start=span.start or "…", end=span.end or as_of))
    parts += time_parts(query, labels)
    for flt in query.filters:
        values = flt.value if isinstance(flt.value, list | tuple) else [flt.value]
        shown = joined([str(labels.value(flt.dimension, v)) for v in values])
        parts.append(say("interp_filter", dimension=labels.column(flt.dimension), op=flt.op, values=shown))
    parts += _order_within(query, labels) if query.rank_within else _order(query, labels)
    parts += [say("interp_share_of_total")] if query.share_of_total else []
    return say("interp_join").join(p for p in parts if p)


def _order(query: SemanticQuery, labels: Labels) -> list[str]:
    if not query.order_by or grain_of(query.order_by[0].field):
        return []
    order = query.order_by[0]
    field = labels.column(order.field)
    if query.limit == 1:
        return [phrase(labels.language, "interp_highest" if order.desc else "interp_lowest", field=field)]
    if query.limit:
        return [phrase(labels.language, "interp_top", limit=query.limit, field=field)]
    return []


def time_parts(query: SemanticQuery, labels: Labels) -> list[str]:
    """Days of the week kept and a growth series, in the reply language ("仅周六和周日", "环比")."""
    say = lambda key, **v: phrase(labels.language, key, **v)  # noqa: E731
    parts = []
    days = query.time_range.days_of_week if query.time_range is not None else None
    if days:
        shown = say("interp_list").join(str(labels.value(DAY_OF_WEEK, day)) for day in days)
        parts.append(say("interp_days", days=shown))
    grain = next((grain_of(key) for key in query.group_by if grain_of(key)), None)
    if query.period_change and grain:
        key = "interp_growth_year" if query.period_change == "year_over_year" else "interp_growth_previous"
        parts.append(say(key, grain=grain))
    return parts


def _order_within(query: SemanticQuery, labels: Labels) -> list[str]:
    """A ranking within each group ("the top 3 within each region")."""
    if not query.order_by or not query.rank_within:
        return []
    within = phrase(labels.language, "interp_list").join(labels.column(k) for k in query.rank_within)
    field = labels.column(query.order_by[0].field)
    key = "interp_rank_within" if query.order_by[0].desc else "interp_rank_within_lowest"
    return [phrase(labels.language, key, limit=query.limit or 1, within=within, field=field)]


def describe_feedback(plan: FeedbackPlan, labels: Labels) -> str:
    """A feedback question's reading in the reply language: search or pain points, filters, period."""
    say = lambda key, **v: phrase(labels.language, key, **v)  # noqa: E731
    search = plan.mode == "search"
    parts = [say("interp_feedback_search", topic=plan.text) if search else say("interp_pain_points")]
    for dimension, value in plan.filters.items():
        if dimension == "source":
            parts.append(say(f"interp_feedback_source_{value}"))
        else:
            shown = labels.value(dimension, value)
            parts.append(say("interp_filter", dimension=labels.column(dimension), op="=", values=shown))
    if plan.by:
        parts.append(say("interp_feedback_by", by=labels.column(plan.by)))
    if plan.period is not None:
        parts.append(say("interp_span", start=plan.period.start, end=plan.period.end))
    if plan.baseline is not None:
        parts.append(say("interp_feedback_growth", start=plan.baseline.start, end=plan.baseline.end))
    return say("interp_join").join(parts)


def describe_without_query(kind: AnswerKind, given: str, labels: Labels) -> str:
    """The reading of an answer without a semantic query (typed SQL, the agent's SQL and feedback
    tools): the given sentence when it is already in the reply language, else one for its kind."""
    if language_of(given) == labels.language or kind not in (AnswerKind.SQL, *FEEDBACK_KINDS):
        return given
    return phrase(labels.language, f"interp_kind_{kind.value}")
