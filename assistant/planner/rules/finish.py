"""From query parts to the query plan: fit each breakdown to the metrics, apply or drop the period,
pair a comparison, validate the semantic query and describe it in one sentence."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assistant.answer import ClarificationOption
from assistant.planner.feedback_plan import default_current
from assistant.planner.followup import is_time_dimension
from assistant.planner.interpretation import describe_query
from assistant.planner.plan import ClarifyPlan, Comparison, Plan, QueryPlan
from assistant.planner.reachability import fit_dimension
from assistant.planner.reasons import clarification
from assistant.planner.rules.draft import Draft
from assistant.planner.rules.query_parts import as_dict, grain_of, range_dict
from assistant.planner.text import normalize
from assistant.planner.time_parts import add_period_change, days_part, describe_time_parts
from engines.notice_figures import DimensionFit, Timeless, WordsUnused
from engines.notices import Notice
from semantic_layer.query import SemanticQuery


def fit_then_finish(draft: Draft, parts: dict[str, Any], ignored: tuple[str, ...]) -> Plan:
    """Use the dimension that fits the metrics ("tickets by category" -> ticket_category), or ask."""
    notices: list[Notice] = []
    catalog, spans = draft.context.catalog, draft.reading.spans
    for index, dimension in enumerate(list(parts["group_by"])):
        span = spans.get(dimension)
        said = normalize(draft.question)[span[0] : span[1]] if span else ""
        fit = fit_dimension(dimension, parts["metrics"], catalog, said)
        if len(fit.candidates) > 1:
            return _clarify_dimension(draft, span, dimension, fit.candidates)
        if fit.candidates:
            parts["group_by"][index] = fit.name
            message = f"I read “{dimension}” as {fit.name}, the one that applies to {', '.join(parts['metrics'])}."
            figures = DimensionFit(dimension, fit.name, tuple(parts["metrics"]))
            notices.append(Notice(code="dimension_substituted", message=message, figures=figures))
    plan = _finish(draft, parts, ignored)
    return replace(plan, notices=tuple(notices) + plan.notices)


def _clarify_dimension(
    draft: Draft, span: tuple[int, int] | None, dimension: str, candidates: tuple[str, ...]
) -> ClarifyPlan:
    labels, question = draft.context.lexicon.labels, draft.question
    options = []
    for name in candidates:
        label = labels.get(name, name)
        asked = question[: span[0]] + label.lower() + question[span[1] :] if span else f"{question} by {label.lower()}"
        description = draft.context.catalog.dimensions[name].description
        options.append(ClarificationOption(label=f"{label}: {description}", question=asked, value=name))
    listed = ", ".join(labels.get(n, n) for n in candidates)
    return clarification("could_mean_here", tuple(options), term=dimension, options=listed)


def _finish(draft: Draft, parts: dict[str, Any], ignored: tuple[str, ...]) -> QueryPlan:
    time, context = draft.time, draft.context
    notices = list(_drop_time_for_timeless(parts, draft))
    if ignored:
        notices.append(ignored_words_notice(ignored))
    comparison = _comparison(parts, draft)
    if comparison is not None:
        parts["time_range"] = range_dict(comparison.current) | days_part(parts)
    add_period_change(parts, time)  # growth per period of a series (time_parts.py)
    query = SemanticQuery.model_validate(
        {k: v for k, v in parts.items() if v not in (None, [])} | {"group_by": parts["group_by"]}
    )
    period_label = comparison.current.label if comparison else (time.ranges[0].label if time.ranges else "")
    interpretation = describe_query(
        as_dict(query),
        context.lexicon.labels,
        context.as_of.isoformat(),
        period_label,
        by_change=comparison is not None,
    )
    interpretation += describe_time_parts(query)
    if comparison is not None:
        interpretation += f", compared with {comparison.baseline.described()}"
    return QueryPlan(query=query, interpretation=interpretation, comparison=comparison, notices=tuple(notices))


def _comparison(parts: dict[str, Any], draft: Draft) -> Comparison | None:
    time, catalog = draft.time, draft.context.catalog
    grain = grain_of(draft)
    if (
        time.comparison is None
        or (grain and time.comparison != "explicit")
        or ("time_range" not in parts and not time.comparison)
    ):
        return None
    if not all(catalog.metrics[m].has_time for m in parts["metrics"] if m in catalog.metrics):
        return None
    pair = time.comparison_ranges(default_current(time, draft.context.as_of))
    return Comparison(current=pair[0], baseline=pair[1]) if pair else None


def _drop_time_for_timeless(parts: dict[str, Any], draft: Draft) -> list[Notice]:
    metrics = draft.context.catalog.metrics
    timeless = [m for m in parts["metrics"] if m in metrics and not metrics[m].has_time]
    has_time = "time_range" in parts or any(is_time_dimension(d) for d in parts["group_by"])
    if not timeless or not has_time:
        return []
    parts.pop("time_range", None)
    parts["group_by"] = [d for d in parts["group_by"] if not is_time_dimension(d)]
    names = ", ".join(timeless)
    message = f"{names} is measured as of the dataset date and has no time dimension; the period was not applied."
    return [Notice(code="no_time_dimension", message=message, figures=Timeless(tuple(timeless)))]


def ignored_words_notice(words: tuple[str, ...]) -> Notice:
    message = f"I did not use these words: {', '.join(words)}."
    return Notice(code="ignored_words", message=message, figures=WordsUnused(words))
