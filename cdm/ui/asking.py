"""Runs the assistant for the chat: off the event loop, and never letting an exception end the
session (it is logged with a short reference the user can quote, and shown as a friendly answer)."""

from __future__ import annotations

import logging
import threading
import uuid

import chainlit as cl

from assistant.answer import Answer, AnswerStatus
from cdm.ui.messages import text
from cdm.ui.state import ChatState

log = logging.getLogger(__name__)


def _ask(question: str, state: ChatState) -> Answer:
    from assistant.service import ask

    return ask(question, state.user.principal, state.conversation)


async def ask_in_chat(question: str, state: ChatState) -> Answer:
    """`assistant.service.ask` is synchronous and CPU-bound: it runs in a worker thread."""
    try:
        return await cl.make_async(_ask)(question, state)
    except Exception:
        reference = uuid.uuid4().hex[:8]
        log.exception("ask failed (reference %s) for %r", reference, question)
        return Answer(status=AnswerStatus.ERROR, question=question, summary=text("internal_error", reference=reference))


WARM_UP_QUESTION = "revenue by region"


def _warm_up() -> None:
    """Plans, compiles and guards one question without running it (so nothing is audited)."""
    try:
        from assistant.execution import compile_with_substitution
        from assistant.planner.plan import QueryPlan
        from assistant.planner.planner import PlannerContext, plan_question
        from assistant.resources import load_resources
        from guards.principal import Principal
        from guards.service import guard_sql

        resources = load_resources()
        context = PlannerContext(resources.as_of, resources.lexicon, resources.catalog, None)
        plan = plan_question(WARM_UP_QUESTION, context)
        if isinstance(plan, QueryPlan):
            compiled, _, _ = compile_with_substitution(plan.query, resources)
            guard_sql(compiled.expression, Principal(user=None, role="viewer"), origin="semantic")
    except Exception:  # best effort: the first question reports a missing warehouse properly
        log.warning("warm-up skipped", exc_info=True)


def warm_up_in_background() -> None:
    """Loads the catalog and value index while the server starts, so the first answer is quick."""
    threading.Thread(target=_warm_up, name="cdm-warm-up", daemon=True).start()
