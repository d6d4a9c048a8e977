"""The assistant's one entry point: question -> plan -> semantic query -> SQL -> guard -> answer.

`ask` is the whole path in one readable function; the CLI, the chat UI and the eval suite call it
and show the same `Answer`. Problems the user can fix come back as an answer with a clear
message; only bugs and outages raise.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from time import perf_counter

from assistant.answer import Answer, AnswerNotice, AnswerStatus, Provenance, Timings
from assistant.charts import choose_chart
from assistant.conversation import Conversation
from assistant.execution import execute_plan
from assistant.feedback_answers import answer_feedback
from assistant.narrative import NarrativeInput, narrate
from assistant.planner.interpretation import describe_query
from assistant.planner.plan import ClarifyPlan, FeedbackPlan, Plan, QueryPlan, SqlPlan, UnsupportedPlan
from assistant.planner.planner import PlannerContext, plan_question
from assistant.resources import Resources, load_resources
from assistant.sql_answers import answer_sql
from data.errors import CdmError
from guards.policy import policy_fingerprint
from guards.principal import Principal
from semantic_layer.query import SemanticQuery


def ask(
    question: str,
    principal: Principal,
    conversation: Conversation | None = None,
    *,
    warehouse: Path | None = None,
    engine: str = "offline",
) -> Answer:
    """Answer one question; engine "auto" or "llm" hands it to the LLM agent when one is configured."""
    if engine != "offline":
        from assistant.llm.route import use_llm

        if use_llm(engine):
            from assistant.llm.agent import ask_with_llm

            return ask_with_llm(question, principal, conversation, warehouse=warehouse)
    started = perf_counter()
    conversation = conversation if conversation is not None else Conversation()
    if not question.strip():
        return Answer(status=AnswerStatus.UNSUPPORTED, summary="Please type a question about the customer data.")
    try:
        resources = load_resources(warehouse)
        question, plan = plan_turn(question, conversation, resources)
        planned = perf_counter()
        answer = answer_plan(plan, question, principal, resources)
    except CdmError as error:
        return Answer(status=AnswerStatus.ERROR, question=question, summary=error.message)
    conversation.remember(question, plan, answer.status == AnswerStatus.ANSWERED)
    timings = Timings(plan_ms=_ms(started, planned), guard_and_execute_ms=_ms(planned), total_ms=_ms(started))
    return answer.model_copy(update={"timings": timings, "provenance": provenance(resources)})


def plan_turn(question: str, conversation: Conversation, resources: Resources) -> tuple[str, Plan]:
    """The plan for one turn: a reply that picks a clarification option asks that option's question."""
    question = conversation.resolve_option(question) or question.strip()
    context = PlannerContext(resources.as_of, resources.lexicon, resources.catalog, conversation.last_query)
    return question, plan_question(question, context)


def answer_plan(plan: Plan, question: str, principal: Principal, resources: Resources) -> Answer:
    if isinstance(plan, ClarifyPlan):
        return Answer(status=AnswerStatus.CLARIFY, question=question, summary=plan.message, options=plan.options)
    if isinstance(plan, UnsupportedPlan):
        extra = {"suggestions": list(plan.suggestions)}
        return Answer(status=AnswerStatus.UNSUPPORTED, question=question, summary=plan.message, extra=extra)
    if isinstance(plan, SqlPlan):
        return answer_sql(plan, question, principal, resources)
    if isinstance(plan, FeedbackPlan):
        return answer_feedback(plan, question, principal, resources)
    return answer_query(plan, question, principal, resources)


def answer_query(plan: QueryPlan, question: str, principal: Principal, resources: Resources) -> Answer:
    try:
        outcome = execute_plan(plan, principal, question, resources)
    except CdmError as error:
        notice = AnswerNotice(code="cannot_answer", message=error.message)
        return Answer(
            status=AnswerStatus.UNSUPPORTED,
            question=question,
            interpretation=plan.interpretation,
            summary=error.message,
            notices=(notice,),
        )
    metrics = list(outcome.query.metrics)
    comparison = plan.comparison
    if outcome.query.metrics != plan.query.metrics:
        plan = replace(plan, interpretation=redescribe(plan, outcome.query, resources))
    narrative_input = NarrativeInput(
        columns=outcome.columns,
        rows=outcome.rows,
        metrics=metrics,
        labels=resources.lexicon.labels,
        formats=resources.formats(),
        period=comparison.current.label if comparison else _period_label(plan),
        baseline_period=comparison.baseline.label if comparison else "",
    )
    answered = outcome.status == AnswerStatus.ANSWERED
    return Answer(
        status=outcome.status,
        question=question,
        interpretation=plan.interpretation,
        semantic_query=outcome.query.model_dump(mode="json", exclude_none=True),
        sql=outcome.sql,
        generated_sql=outcome.generated_sql,
        columns=outcome.columns,
        rows=outcome.rows,
        summary=narrate(narrative_input) if answered else outcome.message or "This request was not allowed.",
        chart=choose_chart(outcome.columns, outcome.rows, metrics, plan.interpretation) if answered else None,
        notices=plan.notices + outcome.notices,
        kind="comparison" if comparison else "metric",
        audit_id=outcome.audit_id,
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
    base = plan.comparison.baseline
    return f"{described}, compared with {base.label} ({base.start.isoformat()} to {base.end.isoformat()})"


def _period_label(plan: QueryPlan) -> str:
    time_range = plan.query.time_range
    if time_range is None or time_range.start is None:
        return ""
    return f"{time_range.start.isoformat()} to {time_range.end.isoformat() if time_range.end else ''}"


def provenance(resources: Resources) -> Provenance:
    return Provenance(
        definitions_fingerprint=resources.catalog.fingerprint(),
        policy_fingerprint=policy_fingerprint(),
        as_of_date=resources.as_of.isoformat(),
        engine="offline",
    )


def _ms(start: float, end: float | None = None) -> float:
    return round(((end if end is not None else perf_counter()) - start) * 1000, 2)
