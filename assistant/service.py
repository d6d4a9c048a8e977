"""The offline path: question -> plan -> semantic query -> SQL -> guard -> answer.

`ask` is the whole path in one readable function; `assistant/router.py` chooses between it and
the LLM agent, and the CLI, the chat UI and the eval suite show the same `Answer`. Problems the user can fix come back as an answer with a clear
message; only bugs and outages raise.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from time import perf_counter

from assistant.alternatives import closest_questions, governed_breakdowns, plain_words, refused_message
from assistant.answer import Answer, Provenance, Timings
from assistant.clarify_words import message_in, options_in
from assistant.conversation import Conversation
from assistant.execution import execute_plan
from assistant.feedback_answers import answer_feedback
from assistant.formatting import format_span
from assistant.labels import Labels
from assistant.notice_words import error_summary
from assistant.planner.interpretation import describe_query
from assistant.planner.periods import DateRange
from assistant.planner.plan import ClarifyPlan, FeedbackPlan, Plan, QueryPlan, SqlPlan, UnsupportedPlan
from assistant.planner.planner import PlannerContext, plan_question
from assistant.planner.reasons import reason_in
from assistant.presenting import Wording, answer_from_outcome, query_interpretation
from assistant.resources import Resources, load_resources
from assistant.sql_answers import answer_sql
from assistant.templates import language_of, phrase
from data.errors import CdmError
from engines.notices import Notice
from engines.status import Status
from guards.policy import policy_fingerprint
from guards.principal import Principal
from semantic_layer.day_of_week import DAY_OF_WEEK
from semantic_layer.errors import SemanticQueryError
from semantic_layer.query import SemanticQuery


def ask(
    question: str,
    principal: Principal,
    conversation: Conversation | None = None,
    *,
    warehouse: Path | None = None,
) -> Answer:
    """Answer one question with the offline planner (assistant/router.py chooses the LLM agent instead)."""
    started = perf_counter()
    conversation = conversation if conversation is not None else Conversation()
    if not question.strip():
        return Answer(status=Status.UNSUPPORTED, summary=phrase(language_of(question), "empty_question"))
    try:
        resources = load_resources(warehouse)
        question, plan = plan_turn(question, conversation, resources)
        planned = perf_counter()
        answer = answer_plan(plan, question, principal, resources)
    except CdmError as error:
        return Answer(status=Status.ERROR, question=question, summary=error.message)
    conversation.remember(question, plan, answer.status == Status.ANSWERED)
    timings = Timings(plan_ms=_ms(started, planned), guard_and_execute_ms=_ms(planned), total_ms=_ms(started))
    return answer.model_copy(update={"timings": timings, "provenance": provenance(resources)})


def plan_turn(question: str, conversation: Conversation, resources: Resources) -> tuple[str, Plan]:
    """The plan for one turn: a reply that picks a clarification option asks that option's question."""
    question = conversation.resolve_option(question) or question.strip()
    context = PlannerContext(resources.as_of, resources.lexicon, resources.catalog, conversation.last_query)
    return question, plan_question(question, context)


def answer_plan(plan: Plan, question: str, principal: Principal, resources: Resources) -> Answer:
    if isinstance(plan, ClarifyPlan):
        language = language_of(question)
        message = plain_words(reason_in(language, plan) or plan.message, resources, language)
        summary = message_in(message, plan.options, resources, language)
        options = options_in(plan.options, resources, language)
        return Answer(status=Status.CLARIFY, question=question, summary=summary, options=options)
    if isinstance(plan, UnsupportedPlan):
        return unsupported(plan, question, resources)
    if isinstance(plan, SqlPlan):
        return answer_sql(plan, question, principal, resources)
    if isinstance(plan, FeedbackPlan):
        return answer_feedback(plan, question, principal, resources)
    return answer_query(plan, question, principal, resources)


def answer_query(plan: QueryPlan, question: str, principal: Principal, resources: Resources) -> Answer:
    language = language_of(question)
    try:
        outcome = execute_plan(plan, principal, question, resources)
    except SemanticQueryError as error:
        return refused(plan, question, error, resources, language)
    except CdmError as error:
        notice = Notice(code="cannot_answer", message=error_summary(error, language))
        return Answer(
            status=Status.UNSUPPORTED,
            question=question,
            interpretation=query_interpretation(plan.query, plan.interpretation, language, resources),
            summary=notice.message,
            notices=(notice,),
            language=language,
        )
    comparison = plan.comparison
    if outcome.query is not None and outcome.query.metrics != plan.query.metrics:
        plan = replace(plan, interpretation=redescribe(plan, outcome.query, resources))
    wording = Wording(
        question=question,
        interpretation=plan.interpretation,
        language=language,
        period=_comparison_label(comparison.current, language) if comparison else _period_label(plan, language),
        baseline_period=_comparison_label(comparison.baseline, language) if comparison else "",
    )
    return answer_from_outcome(outcome, wording, resources, notices=plan.notices)


def unsupported(plan: UnsupportedPlan, question: str, resources: Resources) -> Answer:
    """The planner's message, the metrics it suggests (by label) and the closest answerable questions."""
    language = language_of(question)
    labels = resources.labels(language)
    localized = reason_in(language, plan)  # the planner's reason in the question's language
    plain = plain_words(localized or plan.message, resources, language)
    return Answer(
        status=Status.UNSUPPORTED,
        question=question,
        summary=plain if language == "en" or localized else phrase(language, "unsupported", question=question),
        suggested_metrics=tuple(labels.column(name) for name in plan.suggestions),
        suggestions=closest_questions(question, resources, language),
        language=language,
    )


def refused(plan: QueryPlan, question: str, error: SemanticQueryError, resources: Resources, language: str) -> Answer:
    """A breakdown the semantic layer refuses: the reason in labels, and the governed alternatives as buttons."""
    message = refused_message(error, resources, language)
    return Answer(
        status=Status.UNSUPPORTED,
        question=question,
        interpretation=query_interpretation(plan.query, plan.interpretation, language, resources),
        summary=message,
        notices=(Notice(code="cannot_answer", message=message),),
        suggestions=governed_breakdowns(plan.query, resources, language),
        language=language,
    )


def redescribe(plan: QueryPlan, query: SemanticQuery, resources: Resources) -> str:
    """The interpretation of the query actually run, after a governed substitution."""
    described = describe_query(
        query.model_dump(mode="json", exclude_none=True),
        resources.lexicon.labels,
        resources.as_of.isoformat(),
        by_change=plan.comparison is not None,
    )
    if plan.comparison is None:
        return described
    return f"{described}, compared with {plan.comparison.baseline.described()}"


def _comparison_label(period: DateRange, language: str) -> str:
    """The planner's label in English ("Q3 2026"); the period by grain in other languages."""
    return period.label if language == "en" else format_span(period.start, period.end, language)


def _period_label(plan: QueryPlan, language: str) -> str:
    time_range = plan.query.time_range
    if time_range is None or time_range.start is None:
        return ""
    end = time_range.end.isoformat() if time_range.end else ""
    span = phrase(language, "interp_span", start=time_range.start.isoformat(), end=end)
    days = time_range.days_of_week  # "weekend revenue last month": the period says weekends only
    if not days:
        return span
    labels = Labels(language=language)
    shown = phrase(language, "interp_list").join(str(labels.value(DAY_OF_WEEK, day)) for day in days)
    return f"{span}{phrase(language, 'interp_join')}{phrase(language, 'interp_days', days=shown)}"


def provenance(resources: Resources) -> Provenance:
    return Provenance(
        definitions_fingerprint=resources.catalog.fingerprint(),
        policy_fingerprint=policy_fingerprint(),
        as_of_date=resources.as_of.isoformat(),
        engine="offline",
        planner="offline",
        sql_engine=resources.sql_engine,
    )


def _ms(start: float, end: float | None = None) -> float:
    return round(((end if end is not None else perf_counter()) - start) * 1000, 2)
