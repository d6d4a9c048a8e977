"""The offline planner: a question (and the conversation so far) becomes exactly one plan.

Steps, each in its own module: read time (time_expressions), find catalog phrases (matching), read
them with their cue words (reading, cues), then assemble and describe a semantic query, or ask a
clarification, or say what cannot be answered. Deterministic and offline: only the semantic
layer's catalog, the warehouse's distinct values and the word files are consulted.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from assistant.answer import ClarificationOption
from assistant.planner.cues import Ranking, asks_for_one, find_ranking, has_phrase, is_additive, is_followup
from assistant.planner.empty_groups import leave_out_empty_groups
from assistant.planner.evidence import UNIT_QUESTION, label_words, unexplained, unit_question_span, unused_dimensions
from assistant.planner.feedback_plan import cue_names_a_metric, default_current, feedback_plan
from assistant.planner.followup import merge_query
from assistant.planner.group_ranking import rank_within_groups
from assistant.planner.interpretation import describe_query
from assistant.planner.lexicon import Lexicon, planner_words
from assistant.planner.matching import Match, MatchResult, find_matches
from assistant.planner.meaning import Evidence, check_meaning
from assistant.planner.negation import phrase_cue_spans, read_negation, values_after_negation
from assistant.planner.periods import DateRange
from assistant.planner.plan import (
    ClarifyPlan,
    Comparison,
    Plan,
    QueryPlan,
    SqlPlan,
    UnsupportedPlan,
)
from assistant.planner.reachability import default_count_metric, fit_dimension, is_reachable
from assistant.planner.reading import Reading, rating_spans, read_matches
from assistant.planner.reading_rules import RuleInput, apply_reading_rules, orient, ranked_metric, value_spans
from assistant.planner.recall import KINDS, Phrase, chinese_phrases, english_phrases, recall_clarification
from assistant.planner.shares import apply_share, count_for_share, two_share_readings
from assistant.planner.sql_detection import looks_like_sql
from assistant.planner.text import normalize
from assistant.planner.time_expressions import TimeReading, read_time
from assistant.planner.time_parts import add_day_parts, add_period_change, days_part, describe_time_parts
from assistant.planner.two_readings import two_readings
from assistant.planner.verified import find_verified
from engines.notices import Notice
from semantic_layer.catalog import Catalog
from semantic_layer.model import VerifiedQuery
from semantic_layer.query import SemanticQuery

POPULAR_METRICS = ("revenue", "order_count", "aov", "active_customers", "return_rate", "churn_rate", "csat")


@dataclass(frozen=True)
class PlannerContext:
    as_of: date
    lexicon: Lexicon
    catalog: Catalog
    previous: QueryPlan | None = None
    recall: bool = True  # off while a recalled option's rewritten question is checked


def plan_question(question: str, context: PlannerContext) -> Plan:
    if looks_like_sql(question):
        return SqlPlan(question.strip().rstrip(";").strip())
    text = normalize(question)
    verified = find_verified(question, context.catalog) if not is_followup(text) else None
    if verified is not None:
        return _verified_plan(verified, context)
    asked = context.previous.query.time_range if context.previous else None
    time = read_time(question, context.as_of, (asked.start, asked.end) if asked else None)
    ranking = find_ranking(text)
    explained = list(time.spans) + ([(ranking.start, ranking.end)] if ranking else []) + rating_spans(text)
    matched = find_matches(question, context.lexicon, explained + phrase_cue_spans(text))
    result = values_after_negation(matched, context.catalog)
    reading = read_matches(result)
    named = [(m.start, m.end) for m in result.matches if m.of_kind("metric")]  # "orders without a customer"
    negation = read_negation(text, value_spans(result, text, reading), explained + named)
    reading.negated |= set(negation.negated)
    apply_reading_rules(reading, RuleInput(result, ranking, context.catalog))
    ranking, polar_unresolved = orient(ranking, reading, context.catalog)  # after the rules: "worst rated"
    plan = _plan_reading(question, text, reading, time, ranking, result, context)
    if not isinstance(plan, QueryPlan):
        return plan
    read = explained + [(m.start, m.end) for m in result.matches] + list(negation.used)
    plan, shares = apply_share(plan, text, read, context.catalog)
    plan = rank_within_groups(plan, text, reading.spans, ranking)
    evidence = Evidence(
        text=text,
        explained=tuple(read + shares) + unit_question_span(text, ranking, plan.query.group_by),
        unknown_words=unexplained(
            result.unknown_words, text, (*negation.used, *shares), label_words(plan, context.catalog)
        ),
        unused_negations=tuple(cue for cue, _ in negation.unused),
        time_comparison=time.comparison,
        ranked=ranking is not None,
        polar_unresolved=polar_unresolved,
        unused_dimensions=unused_dimensions(reading, result, plan, context.catalog),
    )
    two = two_readings(question, result, plan, context.catalog)
    if two is not None:
        return two
    checked = check_meaning(evidence, _still_ignored(plan, evidence.unknown_words), context.catalog)
    if isinstance(checked, UnsupportedPlan):
        return _recall_unknown_words(question, evidence, plan, context) or checked
    return two_share_readings(checked, text, context.catalog) or leave_out_empty_groups(checked, context.catalog)


def _still_ignored(plan: QueryPlan, unknown_words: tuple[str, ...]) -> QueryPlan:
    """The ignored-words notice names only words no later rule used ("share" became a share of total)."""
    kept = tuple(n for n in plan.notices if n.code != "ignored_words")
    ignored = [w for w in unknown_words if len(w) > 2]
    if ignored:
        kept += (Notice(code="ignored_words", message=f"I did not use these words: {', '.join(ignored)}."),)
    return replace(plan, notices=kept)


def _plan_reading(
    question: str,
    text: str,
    reading: Reading,
    time: TimeReading,
    ranking: Ranking | None,
    result: MatchResult,
    context: PlannerContext,
) -> Plan:
    forecast = has_phrase(text, planner_words()["forecast_words"])
    if forecast is not None:
        message = (
            f"I report what happened up to the data's as-of date ({context.as_of.isoformat()}); "
            f"I can't {forecast} the future. Try asking for the trend, e.g. “monthly revenue this year”."
        )
        return UnsupportedPlan(message, tuple(reading.metrics))
    _group_compared_values(text, reading)
    feedback = None if cue_names_a_metric(text, result) else feedback_plan(question, text, reading, time, context.as_of)
    if feedback is not None:
        return feedback
    if reading.ambiguous:
        return _clarify(question, reading.ambiguous[0], context)
    missing = _unknown_grouping(text, result, context)
    if missing is not None:  # "revenue by loyalty level": the unknown breakdown may be a dimension
        unknown = english_phrases(question, result.unknown_words)
        return _recall(question, unknown, context, kinds=("dimension",)) or missing
    return _query_plan(question, text, reading, time, ranking, result, context)


def _query_plan(
    question: str,
    text: str,
    reading: Reading,
    time: TimeReading,
    ranking: Ranking | None,
    result: MatchResult,
    context: PlannerContext,
) -> Plan:
    grain = time.grain or _unit_question_grain(text, ranking)
    new = _query_parts(reading, time, ranking, grain, text)
    inner = _unit_question_grain(text, ranking)  # "for each quarter, which month ...": both grains
    if time.grain and inner and inner != time.grain and new.get("order_by"):
        new["group_by"].append(f"metric_time__{inner}")
    previous = context.previous
    refines = reading.metrics or reading.group_by or reading.filters or time.ranges or grain or ranking
    if previous is not None and (is_followup(text) or not reading.metrics) and refines:
        _rank_previous(new, _as_dict(previous.query), reading, ranking, text, context)
        merged = merge_query(_as_dict(previous.query), new, additive=is_additive(text), grain=grain)
        return _fit_then_finish(question, reading, merged, time, grain, context, ())
    if not reading.metrics and not _count_by_distribution(text, reading, context):
        count_for_share(text, reading, context.catalog)
    if not reading.metrics:
        return _recall_no_metric(question, text, time, ranking, result, context) or _unsupported(
            question, result, context
        )
    if not new["metrics"]:
        new = _query_parts(reading, time, ranking, grain, text)
    return _fit_then_finish(question, reading, new, time, grain, context, _ignored_words(result))


def _fit_then_finish(
    question: str,
    reading: Reading,
    parts: dict[str, Any],
    time: TimeReading,
    grain: str | None,
    context: PlannerContext,
    ignored: tuple[str, ...],
) -> Plan:
    """Use the dimension that fits the metrics ("tickets by category" -> ticket_category), or ask."""
    notices: list[Notice] = []
    for index, dimension in enumerate(list(parts["group_by"])):
        span = reading.spans.get(dimension)
        said = normalize(question)[span[0] : span[1]] if span else ""
        fit = fit_dimension(dimension, parts["metrics"], context.catalog, said)
        if len(fit.candidates) > 1:
            return _clarify_dimension(question, reading.spans.get(dimension), dimension, fit.candidates, context)
        if fit.candidates:
            parts["group_by"][index] = fit.name
            message = f"I read “{dimension}” as {fit.name}, the one that applies to {', '.join(parts['metrics'])}."
            notices.append(Notice(code="dimension_substituted", message=message))
    plan = _finish(parts, time, grain, context, ignored)
    return replace(plan, notices=tuple(notices) + plan.notices)


def _clarify_dimension(
    question: str, span: tuple[int, int] | None, dimension: str, candidates: tuple[str, ...], context: PlannerContext
) -> ClarifyPlan:
    labels = context.lexicon.labels
    options = []
    for name in candidates:
        label = labels.get(name, name)
        asked = question[: span[0]] + label.lower() + question[span[1] :] if span else f"{question} by {label.lower()}"
        options.append(
            ClarificationOption(
                label=f"{label}: {context.catalog.dimensions[name].description}", question=asked, value=name
            )
        )
    listed = ", ".join(labels.get(n, n) for n in candidates)
    return ClarifyPlan(
        message=f"“{dimension}” could mean {listed} here. Which one do you mean?", options=tuple(options)
    )


def _group_compared_values(text: str, reading: Reading) -> None:
    """ "men vs women": two values of one dimension compared means a breakdown by that dimension."""
    if has_phrase(text, planner_words()["versus_words"]) is None:
        return
    for dimension, values in reading.filters.items():
        if len(values) >= 2 and dimension not in reading.group_by:
            reading.group_by.append(dimension)


def _count_by_distribution(text: str, reading: Reading, context: PlannerContext) -> bool:
    """ "payment method mix": no metric named, so count the rows of that dimension's own fact."""
    dimensions = reading.group_by or reading.mentioned_dimensions
    if not dimensions or has_phrase(text, planner_words()["distribution_cues"]) is None:
        return False
    metric = default_count_metric(dimensions[0], context.catalog)
    if metric is None:
        return False
    reading.metrics.append(metric)
    if dimensions[0] not in reading.group_by:
        reading.group_by.append(dimensions[0])
    return True


def _verified_plan(verified: VerifiedQuery, context: PlannerContext) -> QueryPlan:
    query = verified.query
    interpretation = describe_query(_as_dict(query), context.lexicon.labels, context.as_of.isoformat())
    message = f"Answered with a verified query checked by {verified.verified_by or 'the metric owners'}."
    return QueryPlan(
        query=query, interpretation=interpretation, notices=(Notice(code="verified_query", message=message),)
    )


def _query_parts(
    reading: Reading, time: TimeReading, ranking: Ranking | None, grain: str | None, text: str
) -> dict[str, Any]:
    group_by = list(reading.group_by) + ([f"metric_time__{grain}"] if grain else [])
    parts: dict[str, Any] = {"metrics": list(reading.metrics), "group_by": group_by, "filters": _filters(reading)}
    if time.ranges:
        parts["time_range"] = _range_dict(time.ranges[0])
    add_day_parts(parts, time)  # weekends, weekdays, by day of week (time_parts.py)
    if ranking is not None and reading.metrics and group_by:
        parts["order_by"] = [{"field": ranked_metric(reading, ranking), "desc": ranking.descending}]
        one = asks_for_one(text, ranking) or ranking.polar is not None
        parts["limit"] = ranking.limit or (1 if one else _default_limit(text, ranking))
    return parts


def _rank_previous(
    new: dict[str, Any],
    previous: dict[str, Any],
    reading: Reading,
    ranking: Ranking | None,
    text: str,
    context: PlannerContext,
) -> None:
    """ "and the bottom 5?" after "top 5 brands by revenue", "which one is worst?" after "csat by channel":
    the ranking applies to the previous breakdown and metric."""
    if ranking is None or new.get("order_by") or not previous.get("group_by"):
        return
    old = (previous.get("order_by") or [{}])[0]
    field = ranked_metric(reading, ranking) if reading.metrics else old.get("field") or previous["metrics"][0]
    descending = ranking.descending
    if ranking.polar is not None:  # "worst" follows the metric's polarity; without one it stays unread
        metric = context.catalog.metrics.get(field)
        better = metric.higher_is_better if metric is not None else None
        if better is None:
            return
        descending = better == (ranking.polar == "good")
    one = asks_for_one(text, ranking) or ranking.polar is not None
    new["order_by"] = [{"field": field, "desc": descending}]
    new["limit"] = ranking.limit or (1 if one else previous.get("limit") or _default_limit(text, ranking))


def _default_limit(text: str, ranking: Ranking) -> int | None:
    word = text[ranking.start : ranking.end].split()[0] if text[ranking.start : ranking.end].split() else ""
    return int(planner_words()["ranking"]["default_top_n"]) if word in ("top", "bottom") else None


def _unit_question_grain(text: str, ranking: Ranking | None) -> str | None:
    match = UNIT_QUESTION.search(text)
    return match.group(1) if match and ranking else None


def _filters(reading: Reading) -> list[dict[str, Any]]:
    filters = []
    for dimension, values in reading.filters.items():
        typed = [_typed(value) for value in values]
        negated = dimension in reading.negated
        op = ("!=" if negated else "=") if len(typed) == 1 else ("not in" if negated else "in")
        filters.append({"dimension": dimension, "op": op, "value": typed[0] if len(typed) == 1 else typed})
    return filters


def _typed(value: str) -> Any:
    if value in ("true", "false"):
        return value == "true"
    return int(value) if value.isdigit() else value


def _range_dict(period: DateRange) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _as_dict(query: SemanticQuery) -> dict[str, Any]:
    return query.model_dump(mode="json", exclude_none=True)


def _finish(
    parts: dict[str, Any], time: TimeReading, grain: str | None, context: PlannerContext, ignored: tuple[str, ...]
) -> QueryPlan:
    notices = list(_drop_time_for_timeless(parts, context))
    if ignored:
        notices.append(Notice(code="ignored_words", message=f"I did not use these words: {', '.join(ignored)}."))
    comparison = _comparison(parts, time, grain, context)
    if comparison is not None:
        parts["time_range"] = _range_dict(comparison.current) | days_part(parts)
    add_period_change(parts, time)  # growth per period of a series (time_parts.py)
    query = SemanticQuery.model_validate(
        {k: v for k, v in parts.items() if v not in (None, [])} | {"group_by": parts["group_by"]}
    )
    labels = context.lexicon.labels
    period_label = comparison.current.label if comparison else (time.ranges[0].label if time.ranges else "")
    interpretation = describe_query(
        _as_dict(query), labels, context.as_of.isoformat(), period_label, by_change=comparison is not None
    )
    interpretation += describe_time_parts(query)
    if comparison is not None:
        interpretation += f", compared with {comparison.baseline.described()}"
    return QueryPlan(query=query, interpretation=interpretation, comparison=comparison, notices=tuple(notices))


def _comparison(
    parts: dict[str, Any], time: TimeReading, grain: str | None, context: PlannerContext
) -> Comparison | None:
    if (
        time.comparison is None
        or (grain and time.comparison != "explicit")
        or ("time_range" not in parts and not time.comparison)
    ):
        return None
    if not all(context.catalog.metrics[m].has_time for m in parts["metrics"] if m in context.catalog.metrics):
        return None
    default = default_current(time, context.as_of)
    pair = time.comparison_ranges(default)
    return Comparison(current=pair[0], baseline=pair[1]) if pair else None


def _drop_time_for_timeless(parts: dict[str, Any], context: PlannerContext) -> list[Notice]:
    timeless = [m for m in parts["metrics"] if m in context.catalog.metrics and not context.catalog.metrics[m].has_time]
    has_time = "time_range" in parts or any(d.startswith("metric_time") for d in parts["group_by"])
    if not timeless or not has_time:
        return []
    parts.pop("time_range", None)
    parts["group_by"] = [d for d in parts["group_by"] if not d.startswith("metric_time")]
    names = ", ".join(timeless)
    message = f"{names} is measured as of the dataset date and has no time dimension; the period was not applied."
    return [Notice(code="no_time_dimension", message=message)]


def _clarify(question: str, match: Match, context: PlannerContext) -> ClarifyPlan:
    names = list(dict.fromkeys(entry.target for entry in match.of_kind("metric")))
    labels = context.lexicon.labels
    options = tuple(
        ClarificationOption(
            label=f"{labels.get(name, name)}: {context.catalog.metrics[name].description}",
            question=_replace_span(question, match, name.replace("_", " ")),
            value=name,
        )
        for name in names
    )
    listed = ", ".join(labels.get(n, n) for n in names)
    return ClarifyPlan(message=f"“{match.text}” could mean {listed}. Which one do you mean?", options=options)


def _replace_span(question: str, match: Match, replacement: str) -> str:
    return question[: match.start] + replacement + question[match.end :]


def _unknown_grouping(text: str, result: MatchResult, context: PlannerContext) -> UnsupportedPlan | None:
    for word in result.unknown_words:
        if re.search(rf"\b(?:by|per|each|across)\s+{re.escape(word)}\b", text):
            close = difflib.get_close_matches(word, context.lexicon.dimension_names, n=5, cutoff=0.5)
            hint = ", ".join(close or _dimensions_for(result, context)[:8])
            return UnsupportedPlan(
                f"I can't break results down by “{word}”. Dimensions I know include: {hint}.", tuple(close)
            )
    return None


def _dimensions_for(result: MatchResult, context: PlannerContext) -> list[str]:
    """The dimensions the question's metrics can be broken down by (every dimension if it names none)."""
    metrics = [entry.target for m in result.matches for entry in m.of_kind("metric")]
    names = context.lexicon.dimension_names
    return [d for d in names if is_reachable(d, metrics, context.catalog)] if metrics else list(names)


def _recall_unknown_words(question: str, evidence: Evidence, plan: QueryPlan, context: PlannerContext) -> Plan | None:
    """Recall only when the unknown words were the one reason to refuse (every other check passes without them)."""
    unknown = english_phrases(question, evidence.unknown_words) + chinese_phrases(evidence.text, evidence.explained)
    spans = tuple((p.start, p.end) for p in unknown)
    without = replace(evidence, unknown_words=(), explained=evidence.explained + spans)
    if not unknown or not isinstance(check_meaning(without, plan, context.catalog), QueryPlan):
        return None
    return _recall(question, unknown, context)


def _recall_no_metric(
    question: str, text: str, time: TimeReading, ranking: Ranking | None, result: MatchResult, context: PlannerContext
) -> Plan | None:
    """ "stars given last month": no metric found, so the unknown words may name one (recall.py)."""
    read = [
        *time.spans,
        *([(ranking.start, ranking.end)] if ranking else []),
        *((m.start, m.end) for m in result.matches),
    ]
    unknown = english_phrases(question, result.unknown_words) + chinese_phrases(text, read)
    return _recall(question, unknown, context, kinds=("metric",))


def _recall(
    question: str, unknown: list[Phrase], context: PlannerContext, kinds: tuple[str, ...] = KINDS
) -> Plan | None:
    """A clarification with the catalog items close in meaning to an unknown phrase (recall.py), or None."""
    if not context.recall or not unknown:
        return None
    checking = replace(context, recall=False)
    return recall_clarification(question, unknown, context.catalog, lambda asked: plan_question(asked, checking), kinds)


def _unsupported(question: str, result: MatchResult, context: PlannerContext) -> UnsupportedPlan:
    names = list(context.lexicon.metric_names)
    close: list[str] = []
    for word in result.unknown_words:
        close += [n for n in difflib.get_close_matches(word, names, n=3, cutoff=0.6) if n not in close]
    suggestions = tuple(close or [m for m in POPULAR_METRICS if m in names])
    message = (
        f"I couldn't find a metric I can answer in “{question.strip()}”. "
        f"I answer questions about governed metrics such as {', '.join(suggestions)}."
    )
    return UnsupportedPlan(message, suggestions)


def _ignored_words(result: MatchResult) -> tuple[str, ...]:
    return tuple(w for w in result.unknown_words if len(w) > 2)
