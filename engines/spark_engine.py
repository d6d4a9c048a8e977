"""The Spark engine: final check by Spark's own parser, time cap, row and byte budgets, fixed errors.

The session (spark_session.py) sees only temp views over the export, cannot read files as tables
and has lost the functions the guards' policy denies. Here, before anything runs, Spark's parser
must read the rendered text as one query over allowed views and our CTEs, with no table-valued
function, hint, command or denied function (a statement Spark would run eagerly, such as SET or
CACHE TABLE, never reaches `session.sql`). Each statement carries an operation tag that a timer
interrupts after the role's timeout; at most max_rows + 1 rows are collected, then kept within the
byte budgets (Spark's cells are not capped inside the statement as DuckDB's are: cell_cap.py).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlglot import exp

from engines.base import EnginePolicy, EngineRejection, ExecutionError, QueryOutput, RunLimits
from engines.budget import fetch_within_budget
from engines.duckdb_parser import CTE_PREFIX, json_nodes
from engines.render import render_sql
from engines.spark_session import SparkWarehouse, drop_functions, is_classic

LOGICAL = "org.apache.spark.sql.catalyst.plans.logical."
QUERY_ROOTS = frozenset(
    LOGICAL + name
    for name in (
        "Project", "UnresolvedWith", "GlobalLimit", "LocalLimit", "Sort", "Aggregate", "Distinct", "Union",
        "Intersect", "Except", "Filter", "SubqueryAlias", "WithWindowDefinition", "Offset", "Window",
    )
)  # fmt: skip
DENIED_NODES = ("UnresolvedTableValuedFunction", "UnresolvedHint", "UnresolvedInlineTable", "InsertIntoStatement")
ALLOWED_PACKAGES = ("org.apache.spark.sql.catalyst.", "scala.")
_IDENTIFIER = re.compile(r"^[A-Za-z_][\w]{0,63}$")


def _parts(value: Any) -> list[str]:
    """Spark's JSON spells a multipart name as "[a, b]"."""
    return [p.strip() for p in str(value or "").strip("[]").split(",") if p.strip()]


def _problem(node: dict[str, Any], tables: frozenset[str], denied: frozenset[str]) -> str | None:
    cls = str(node.get("class", ""))
    if cls and not cls.startswith(ALLOWED_PACKAGES):
        return f"node {cls.rsplit('.', 1)[-1]}"
    if cls.endswith(DENIED_NODES):
        return cls.rsplit(".", 1)[-1]
    if cls.endswith(".UnresolvedRelation"):
        parts = _parts(node.get("multipartIdentifier"))
        name = parts[0].lower() if len(parts) == 1 else ""
        if not (name in tables or name.startswith(CTE_PREFIX)):
            return f"table {'.'.join(parts)}"
    if cls.endswith(".UnresolvedFunction"):
        parts = _parts(node.get("nameParts"))
        if len(parts) != 1 or parts[0].lower() in denied:
            return f"function {'.'.join(parts)}"
    return None


def check_with_spark_parser(warehouse: SparkWarehouse, sql: str, policy: EnginePolicy) -> None:
    """Raises EngineRejection unless Spark's parser reads `sql` as one query over allowed views."""
    if not is_classic(warehouse.session):
        return  # Spark Connect has no client-side parser; the guards' own tree checks still ran
    parser = warehouse.session._jsparkSession.sessionState().sqlParser()
    try:
        plan = json.loads(parser.parsePlan(sql).toJSON())
    except Exception:
        plan = []
    tables = policy.tables & frozenset(warehouse.tables)
    denied = frozenset(name.lower() for name in policy.denied_functions)
    problems = [] if plan and plan[0].get("class") in QUERY_ROOTS else ["not a single query"]
    problems += [p for p in (_problem(node, tables, denied) for node in json_nodes(plan)) if p]
    if problems:
        raise EngineRejection("parser_check", f"the rewritten query failed the final check ({problems[0]})")


def _duckdb_only(node: exp.Expr) -> str | None:
    """The DuckDB spelling of a construct Spark has no faithful rendering for, if `node` is one."""
    if isinstance(node, exp.Columns):
        return "COLUMNS(...)"
    if isinstance(node, exp.PositionalColumn):
        return "#n column positions"
    if isinstance(node, exp.Star) and (node.args.get("replace") or node.args.get("rename") or node.args.get("ilike")):
        return "* REPLACE / RENAME / ILIKE"
    if isinstance(node, exp.Join) and str(node.args.get("method") or "").upper() in ("ASOF", "POSITIONAL"):
        return f"{str(node.args['method']).upper()} JOIN"
    if isinstance(node, exp.Union) and node.args.get("by_name"):
        return "UNION BY NAME"
    if isinstance(node, exp.TableSample):
        return "USING SAMPLE"
    return None


def check_engine_syntax(expression: exp.Expr) -> None:
    """DuckDB-only constructs with no faithful Spark rendering are refused with a notice saying so."""
    for node in expression.walk():
        spelling = _duckdb_only(node)
        if spelling:
            message = f"{spelling} is DuckDB syntax that the Spark engine cannot run; rewrite the query without it"
            raise EngineRejection("engine_unsupported", message)


def _condition(error: BaseException) -> str:
    getter = getattr(error, "getCondition", None) or getattr(error, "getErrorClass", None)
    try:
        return str(getter() or "") if getter else ""
    except Exception:
        return ""


def _missing_column(error: BaseException) -> str | None:
    try:
        name = str((error.getMessageParameters() or {}).get("objectName", "")).replace("`", "")  # type: ignore[attr-defined]
    except Exception:
        return None
    last = name.split(".")[-1]
    return last if _IDENTIFIER.match(last) else None


def spark_error_message(error: BaseException, timeout_seconds: float, timed_out: bool) -> str:
    """A fixed message per error class, like duckdb_engine.error_message: Spark echoes values too."""
    condition = _condition(error)
    if timed_out or "CANCEL" in condition or "INTERRUPT" in condition:
        return f"the query took longer than {timeout_seconds:g} s and was stopped"
    if condition.startswith("UNRESOLVED_COLUMN"):
        column = _missing_column(error)
        if column:
            return f"column {column} does not exist or is not available to your role"
    if condition.startswith(("UNRESOLVED_ROUTINE", "TABLE_OR_VIEW_NOT_FOUND", "UNRESOLVED_FUNCTION")):
        return "the query refers to a table or function that does not exist or is not available to your role"
    if condition.startswith(("PARSE_SYNTAX_ERROR", "PARSE_")):
        return "the database could not parse the rewritten query"
    if condition.startswith(("CAST_", "NUMERIC_", "ARITHMETIC_", "DIVIDE_BY_ZERO", "DATETIME_", "INVALID_")):
        return "a value could not be converted to the requested type"
    if condition.startswith(("UNRESOLVED_", "DATATYPE_MISMATCH", "MISSING_", "AMBIGUOUS_")):
        return "the query refers to a column, table or type that does not exist or is not available to your role"
    return f"the database could not run this query ({type(error).__name__})"


def _spark_errors() -> tuple[type[BaseException], ...]:
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    return (PySparkException, Py4JError)


def _canceller(session: Any, tag: str) -> Callable[[], None]:
    """Starts tagging this thread's jobs; returns what stops them. Classic sessions use a job group
    (cancelling interrupts running tasks too), Spark Connect an operation tag."""
    if is_classic(session):
        context = session.sparkContext
        context.setJobGroup(tag, "cdm guarded statement", interruptOnCancel=True)
        return lambda: context.cancelJobGroup(tag)
    session.addTag(tag)
    return lambda: session.interruptTag(tag)


def _release(session: Any, tag: str) -> None:
    if is_classic(session):
        session.sparkContext.setLocalProperty("spark.jobGroup.id", None)
    else:
        session.removeTag(tag)


CANCEL_EVERY = 0.5  # seconds between cancellations once the time is up


def _watchdog(timeout: float, cancel: Callable[[], None], done: threading.Event, timed_out: threading.Event) -> None:
    """After `timeout`, cancels the statement's jobs until it returns: a job Spark submits after a
    cancellation (planning outlasted the timeout on a loaded machine) is cancelled too."""
    if done.wait(timeout):
        return
    timed_out.set()
    while True:
        cancel()
        if done.wait(CANCEL_EVERY):
            return


def execute_spark(warehouse: SparkWarehouse, sql: str, limits: RunLimits) -> QueryOutput:
    """Runs one checked statement, stopped after the timeout; collects max_rows + 1 rows at most."""
    session, tag = warehouse.session, f"cdm-{uuid.uuid4().hex}"
    done, timed_out = threading.Event(), threading.Event()
    cancel = _canceller(session, tag)
    watchdog = threading.Thread(target=_watchdog, args=(limits.timeout_seconds, cancel, done, timed_out), daemon=True)
    watchdog.start()
    try:
        frame = session.sql(sql)
        rows = iter(frame.limit(limits.max_rows + 1).collect())
        columns = tuple(frame.columns)
    except _spark_errors() as error:
        raise ExecutionError(spark_error_message(error, limits.timeout_seconds, timed_out.is_set())) from error
    finally:
        done.set()
        watchdog.join()
        _release(session, tag)
    return fetch_within_budget(columns, lambda n: [tuple(row) for row in islice(rows, n)], limits)


@dataclass(frozen=True)
class SparkEngine:
    warehouse: SparkWarehouse
    policy: EnginePolicy
    engine: str = "spark"

    def render(self, expression: exp.Expr, limits: RunLimits) -> str:
        return render_sql(expression, "spark")

    def run(self, expression: exp.Expr, sql: str, limits: RunLimits) -> QueryOutput:
        check_engine_syntax(expression)
        drop_functions(self.warehouse.session, self.policy.denied_functions)
        check_with_spark_parser(self.warehouse, sql, self.policy)
        return execute_spark(self.warehouse, sql, limits)
