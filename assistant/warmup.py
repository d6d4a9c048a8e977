"""Warm-up at server start, so the first user does not pay for loading what every answer needs.

Loads the catalog, lexicon and value index (`load_resources`), plans, compiles and guards one
question without running it (nothing is audited), opens the pooled hardened database for every
role's time limit on the configured DuckDB warehouse, reads the audit log once, loads the
embedding model (feedback search) and embeds the catalog (the planner's recall of unknown words).
Each step is best effort: a missing warehouse is reported by the first question, properly, not here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)
WARM_UP_QUESTION = "revenue by region"


def _answer_path() -> None:
    from assistant.execution import compile_with_substitution
    from assistant.planner.plan import QueryPlan
    from assistant.planner.planner import PlannerContext, plan_question
    from assistant.resources import load_resources
    from guards.principal import Principal
    from guards.service import guard_sql

    resources = load_resources()
    plan = plan_question(WARM_UP_QUESTION, PlannerContext(resources.as_of, resources.lexicon, resources.catalog, None))
    if isinstance(plan, QueryPlan):
        compiled, _, _ = compile_with_substitution(plan.query, resources)
        guard_sql(compiled.expression, Principal(user=None, role="viewer"), origin="semantic")


def _connections() -> None:
    from data.settings import warehouse_path
    from engines.duckdb_pool import warm_pool
    from engines.selection import engine_name
    from guards.audit import AuditLog
    from guards.policy import load_policies

    if engine_name() == "duckdb" and warehouse_path().is_file():
        warm_pool(warehouse_path(), (role.timeout_seconds for role in load_policies().roles.values()))
    AuditLog().tail(1)


def _embedding_model() -> None:
    from assistant.planner.recall import warm_recall
    from assistant.resources import load_resources
    from feedback.embeddings import embed

    embed(["warm-up"])
    log.info("embedding recall for unknown words: %s", warm_recall(load_resources().catalog))  # catalog vectors


STEPS: tuple[Callable[[], None], ...] = (_answer_path, _connections, _embedding_model)


def warm_up() -> dict[str, float]:
    """Runs every step; returns the seconds each took (a failed step is logged and skipped)."""
    timings = {}
    for step in STEPS:
        started = time.perf_counter()
        try:
            step()
        except Exception:
            log.warning("warm-up step %s skipped", step.__name__, exc_info=True)
        timings[step.__name__.strip("_")] = time.perf_counter() - started
    return timings


def warm_up_in_background() -> threading.Thread:
    thread = threading.Thread(target=warm_up, name="cdm-warm-up-answers", daemon=True)
    thread.start()
    return thread
