"""The one function that turns an executed `Outcome` into an `Answer`, for the offline planner
and the LLM agent alike: the narrative by the catalog's rules, the chart, the incomplete periods,
the interpretation in the reply language and the follow-up questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer import Answer, AnswerKind, PartialPeriod, SuggestedQuestion
from assistant.charts import choose_chart, numeric_columns
from assistant.describing import describe, describe_without_query
from assistant.follow_ups import follow_ups
from assistant.labels import Labels
from assistant.narrative import NarrativeInput, narrate
from assistant.notice_words import in_language
from assistant.outcome import Outcome
from assistant.periods import covered, grain_of, partial_periods_of
from assistant.resources import Resources
from assistant.templates import phrase
from engines.notices import Notice
from semantic_layer.query import SemanticQuery, TimeRange

NOT_REFUSALS = frozenset({"substitution", "partial_period_growth"})  # the assistant's own notes, never a reason


@dataclass(frozen=True)
class Wording:
    """What the question contributes to the wording of its answer."""

    question: str
    interpretation: str = ""
    language: str = "en"
    period: str = ""
    baseline_period: str = ""


def partial_periods(outcome: Outcome, resources: Resources) -> tuple[PartialPeriod, ...]:
    """The time-key values of the result whose periods are incomplete ("to date")."""
    time_range = covered_range(outcome, resources)
    found: list[PartialPeriod] = []
    for index, column in enumerate(outcome.columns):
        grain = grain_of(column)
        if grain:
            periods = partial_periods_of([row[index] for row in outcome.rows], grain, resources.as_of, time_range)
            found += [
                PartialPeriod(value=value, marker=p.marker, covered_days=p.covered_days, days=p.days)
                for value, p in sorted(periods.items())
            ]
    return tuple(found)


def covered_range(outcome: Outcome, resources: Resources) -> TimeRange | None:
    """The asked range as the data covers it (from the metrics' first day), for marking incomplete periods."""
    query = outcome.query
    if query is None:
        return None
    return covered(query.time_range, resources.data_start(query.metrics))


def narrative(outcome: Outcome, wording: Wording, resources: Resources) -> str:
    """Our templated sentence with the actual numbers (or the row count for typed SQL)."""
    if not outcome.answered:
        return refusal(outcome, resources.labels(wording.language))
    if not outcome.metrics:
        count = len(outcome.rows)
        return phrase(wording.language, "row_returned" if count == 1 else "rows_returned", count=count)
    labels = resources.labels(wording.language)
    query = outcome.query
    data = NarrativeInput(
        columns=outcome.columns,
        rows=outcome.rows,
        metrics=list(outcome.metrics),
        labels=labels.names,
        formats=resources.formats(),
        period=wording.period,
        baseline_period=wording.baseline_period,
        kinds=resources.aggregation_kinds(),
        language=wording.language,
        as_of=resources.as_of,
        time_range=covered_range(outcome, resources),
        ranked=bool(query is not None and query.order_by and not grain_of(query.order_by[0].field)),
        overall=dict(outcome.overall),
        change_withheld=any(n.code == "partial_period_growth" for n in outcome.notices),
    )
    return narrate(data)


def refusal(outcome: Outcome, labels: Labels) -> str:
    """Why nothing was answered: in English the outcome's message (the guards' words, plus any hint
    such as "did you mean city"); in another language its refusing notices, worded in it."""
    if labels.language == "en" or not outcome.notices:
        return outcome.message or phrase(labels.language, "not_allowed")
    worded = [n.message for n in in_language(outcome.notices, labels) if n.code not in NOT_REFUSALS]
    return phrase(labels.language, "notice_join").join(worded) or phrase(labels.language, "not_allowed")


def interpretation(outcome: Outcome, wording: Wording, resources: Resources) -> str:
    if wording.language == "en":
        return wording.interpretation
    if outcome.query is None:  # typed SQL, the agent's SQL and feedback tools
        return describe_without_query(outcome.kind, wording.interpretation, resources.labels(wording.language))
    described = describe(outcome.query, resources.labels(wording.language), resources.as_of.isoformat())
    if not wording.baseline_period:
        return described
    return phrase(wording.language, "interp_compared", described=described, baseline=wording.baseline_period)


def query_interpretation(query: SemanticQuery, english: str, language: str, resources: Resources) -> str:
    """How a query that did not run was read (a refused breakdown), in the reply language."""
    if language == "en":
        return english
    return describe(query, resources.labels(language), resources.as_of.isoformat())


def suggestions(outcome: Outcome, wording: Wording, resources: Resources) -> tuple[SuggestedQuestion, ...]:
    if not outcome.answered or outcome.query is None or not outcome.rows:
        return ()
    comparing = outcome.kind == AnswerKind.COMPARISON
    return follow_ups(outcome.query, resources, wording.language, compare=not comparing)


def answer_from_outcome(
    outcome: Outcome,
    wording: Wording,
    resources: Resources,
    *,
    notices: tuple[Notice, ...] = (),
    summary: str | None = None,
) -> Answer:
    """The answer for an executed outcome; `summary` replaces the narrative (the model's text, typed SQL)."""
    answered = outcome.answered
    shown = interpretation(outcome, wording, resources)
    measures = list(outcome.metrics) or numeric_columns(outcome.columns, outcome.rows)
    return Answer(
        status=outcome.status,
        question=wording.question,
        interpretation=shown,
        semantic_query=outcome.query,
        sql=outcome.sql,
        generated_sql=outcome.generated_sql,
        columns=outcome.columns,
        rows=outcome.rows,
        summary=summary if summary is not None and answered else narrative(outcome, wording, resources),
        chart=choose_chart(outcome.columns, outcome.rows, measures, shown) if answered else None,
        notices=in_language(notices + outcome.notices, resources.labels(wording.language)),
        kind=outcome.kind,
        language=wording.language,
        sql_dialect=resources.sql_engine,
        partial_periods=partial_periods(outcome, resources) if answered else (),
        suggestions=suggestions(outcome, wording, resources),
        audit_id=outcome.audit_id,
    )
