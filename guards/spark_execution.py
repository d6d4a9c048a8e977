"""Guarded statements on Spark: final check by Spark's own parser, time cap, row cap, fixed errors.

The session (data/spark.py) sees only temp views over the export, cannot read files as tables and
has lost its reflection, file and session functions. Here, before anything runs, Spark's parser
must read the rendered text as one query over allowed views and our CTEs, with no table-valued
function, hint, command or dropped function (a statement Spark would run eagerly, such as SET or
CACHE TABLE, never reaches `session.sql`). Each statement carries an operation tag that a timer
interrupts after the role's timeout; at most max_rows + 1 rows are fetched.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from data.spark import DROPPED_FUNCTIONS, SparkWarehouse, is_classic
from data.spark_sql import to_spark_sql
from guards.backend import BackendOutput, ExecutionError
from guards.decision import GuardDecision, GuardRejection, Notice
from guards.execution import QueryOutput, json_safe
from guards.parser_check import CTE_PREFIX, json_nodes
from guards.policy import allowed_tables

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
DENIED_FUNCTIONS = frozenset(DROPPED_FUNCTIONS)
_IDENTIFIER = re.compile(r"^[A-Za-z_][\w]{0,63}$")


def _parts(value: Any) -> list[str]:
    """Spark's JSON spells a multipart name as "[a, b]"."""
    return [p.strip() for p in str(value or "").strip("[]").split(",") if p.strip()]


def _problem(node: dict[str, Any], tables: frozenset[str]) -> str | None:
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
        if len(parts) != 1 or parts[0].lower() in DENIED_FUNCTIONS:
            return f"function {'.'.join(parts)}"
    return None


def check_with_spark_parser(warehouse: SparkWarehouse, sql: str) -> None:
    """Raises GuardRejection unless Spark's parser reads `sql` as one query over allowed views."""
    if not is_classic(warehouse.session):
        return  # Spark Connect has no client-side parser; the guards' own tree checks still ran
    parser = warehouse.session._jsparkSession.sessionState().sqlParser()
    try:
        plan = json.loads(parser.parsePlan(sql).toJSON())
    except Exception:
        plan = []
    tables = frozenset(allowed_tables()) & frozenset(warehouse.tables)
    problems = [] if plan and plan[0].get("class") in QUERY_ROOTS else ["not a single query"]
    problems += [p for p in (_problem(node, tables) for node in json_nodes(plan)) if p]
    if problems:
        raise GuardRejection(Notice("parser_check", f"the rewritten query failed the final check ({problems[0]})"))


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
            raise GuardRejection(Notice("engine_unsupported", message))


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
    """A fixed message per error class, like guards.execution.error_message: Spark echoes values too."""
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


def execute_spark(warehouse: SparkWarehouse, sql: str, max_rows: int, timeout_seconds: float) -> QueryOutput:
    """Runs one checked statement, stopped after the timeout; fetches max_rows + 1 rows."""
    session, tag, timed_out = warehouse.session, f"cdm-{uuid.uuid4().hex}", threading.Event()
    cancel = _canceller(session, tag)

    def interrupt() -> None:
        timed_out.set()
        cancel()

    timer = threading.Timer(timeout_seconds, interrupt)
    timer.start()
    try:
        frame = session.sql(sql)
        fetched = frame.limit(max_rows + 1).collect()
        columns = tuple(frame.columns)
    except _spark_errors() as error:
        raise ExecutionError(spark_error_message(error, timeout_seconds, timed_out.is_set())) from error
    finally:
        timer.cancel()
        _release(session, tag)
    rows = tuple(tuple(json_safe(v) for v in row) for row in fetched[:max_rows])
    return QueryOutput(columns, rows, truncated=len(fetched) > max_rows)


@dataclass(frozen=True)
class SparkBackend:
    warehouse: SparkWarehouse
    engine: str = "spark"

    def render(self, decision: GuardDecision) -> str:
        assert decision.expression is not None
        return to_spark_sql(decision.expression)

    def run(self, decision: GuardDecision, sql: str) -> BackendOutput:
        assert decision.expression is not None
        check_engine_syntax(decision.expression)
        check_with_spark_parser(self.warehouse, sql)
        output = execute_spark(self.warehouse, sql, decision.max_rows, decision.timeout_seconds)
        probes = decision.suppression.probes if decision.suppression else ()
        return BackendOutput(output, max((self._probe_count(p, decision) for p in probes), default=0))

    def _probe_count(self, probe: Any, decision: GuardDecision) -> int:
        sql = to_spark_sql(probe)
        try:
            check_with_spark_parser(self.warehouse, sql)
            return int(execute_spark(self.warehouse, sql, 1, decision.timeout_seconds).rows[0][0])
        except (ExecutionError, GuardRejection):
            return 0
