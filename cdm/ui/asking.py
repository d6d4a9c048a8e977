"""Runs the assistant for the chat: off the event loop, and never letting an exception end the
session (it is logged with a short reference the user can quote, and shown as a friendly answer)."""

from __future__ import annotations

import logging
import threading
import uuid
from pathlib import Path

from assistant.answer import Answer
from cdm.ui.messages import text
from cdm.ui.state import ChatState
from engines.status import Status

log = logging.getLogger(__name__)


async def ask_in_chat(question: str, state: ChatState) -> Answer:
    """The assistant's async entry point: the LLM agent when one is configured (engine "auto"),
    else the offline planner in a worker thread, so the event loop keeps serving other chats."""
    from assistant.router import aask

    try:
        return await aask(question, state.user.principal, state.conversation, engine="auto")
    except Exception:
        reference = uuid.uuid4().hex[:8]
        log.exception("ask failed (reference %s) for %r", reference, question)
        return Answer(status=Status.ERROR, question=question, summary=text("internal_error", reference=reference))


WARM_UP_QUESTION = "revenue by region"


def _warm_up() -> None:
    _warm_up_answer_path()
    _warm_up_charts()


def _warm_up_charts() -> None:
    """Plotly loads its validators on the first figure (about half a second)."""
    try:
        import plotly.graph_objects as go
        from plotly import io as pio

        for trace in (go.Bar(x=["a"], y=[1]), go.Scatter(x=["a"], y=[1]), go.Indicator(mode="number", value=1)):
            pio.to_json(go.Figure(trace).update_layout(template="plotly_white"), validate=True)
    except Exception:
        log.warning("chart warm-up skipped", exc_info=True)


def _warm_up_answer_path() -> None:
    """Plans, compiles and guards one question without running it (so nothing is audited), and
    opens the warehouse and the audit log once."""
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
        _open_stores(resources.warehouse)
    except Exception:  # best effort: the first question reports a missing warehouse properly
        log.warning("warm-up skipped", exc_info=True)


def _open_stores(warehouse: Path) -> None:
    from engines.duckdb_pool import hardened_cursor as hardened_connection
    from guards.audit import AuditLog

    with hardened_connection(warehouse, 5.0) as connection:
        connection.execute("SELECT 1").fetchall()
    AuditLog().tail(1)


def warm_up_in_background() -> None:
    """Loads the catalog and value index while the server starts, so the first answer is quick."""
    threading.Thread(target=_warm_up, name="cdm-warm-up", daemon=True).start()
