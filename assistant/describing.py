"""The interpretation sentence in the reply language, built from the semantic query.

English keeps the planner's wording (assistant/planner/interpretation.py); other languages get
this templated sentence: "按渠道划分的客单价，2026-07-01 至 2026-09-30，会员等级 = 金卡".
"""

from __future__ import annotations

from assistant.labels import Labels
from assistant.periods import grain_of
from assistant.templates import phrase
from semantic_layer.day_of_week import DAY_OF_WEEK
from semantic_layer.query import SemanticQuery


def describe(query: SemanticQuery, labels: Labels, as_of: str) -> str:
    say = lambda key, **v: phrase(labels.language, key, **v)  # noqa: E731
    joined = lambda items: say("interp_list").join(items)  # noqa: E731
    metrics = joined([labels.column(m) for m in query.metrics])
    by = [labels.column(g) for g in query.group_by]
    parts = [say("interp_by", metrics=metrics, by=joined(by)) if by else metrics]
    span = query.time_range
    if span is None or (span.start is None and span.end is None):
        parts.append(say("interp_all_dates", as_of=as_of))
    else:
        parts.append(say("interp_span", start=span.start or "…", end=span.end or as_of))
    parts += time_parts(query, labels)
    for flt in query.filters:
        values = flt.value if isinstance(flt.value, list | tuple) else [flt.value]
        shown = joined([str(labels.value(flt.dimension, v)) for v in values])
        parts.append(say("interp_filter", dimension=labels.column(flt.dimension), op=flt.op, values=shown))
    parts += _order(query, labels)
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
