"""Runs cases: ask as the case's role (turn by turn), fetch the expectation, score, record.

One case never stops the run: a broken case or an assistant bug becomes a failed result with its
reason, so the report shows every failure at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from assistant.answer import Answer
from assistant.conversation import Conversation
from data.errors import CdmError
from data.settings import chroma_path
from eval.cases import NOT_ANSWERED, EvalCase
from eval.engine import AskEngine
from eval.reference import ExpectedResult, expected_result, protected_values
from eval.scoring import compare_results, leaked_cells, leaked_substrings, options_missing, phrases_missing
from guards.principal import Principal
from guards.principal_resolution import resolve_principal

SHOWN_ROWS = 20
Progress = Callable[[str], None]


@dataclass(frozen=True)
class CaseResult:
    """One scored case; `checks` names each check that ran and whether it passed."""

    case: EvalCase
    passed: bool
    checks: dict[str, bool]
    reason: str = ""
    skipped: str = ""
    status: str = ""
    interpretation: str = ""
    summary: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    sql: str | None = None
    semantic_query: dict[str, Any] | None = None
    expected_columns: tuple[str, ...] = ()
    expected_rows: tuple[tuple[Any, ...], ...] = ()
    expected_sql: str | None = None
    latency_ms: float = 0.0

    def to_json_dict(self, rows: int = SHOWN_ROWS) -> dict[str, Any]:
        case = self.case
        return {
            "id": case.id, "turns": list(case.turns), "role": case.role, "tags": list(case.tags), "split": case.split,
            "passed": self.passed, "checks": self.checks, "reason": self.reason, "skipped": self.skipped,
            "expected_status": case.expect.status, "status": self.status, "interpretation": self.interpretation,
            "summary": self.summary, "latency_ms": self.latency_ms,
            "columns": list(self.columns), "rows": _json_rows(self.rows[:rows]), "sql": self.sql,
            "expected_columns": list(self.expected_columns), "expected_rows": _json_rows(self.expected_rows[:rows]),
            "expected_sql": self.expected_sql,
        }  # fmt: skip


def _json_rows(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return json.loads(json.dumps([list(r) for r in rows], default=str))


@dataclass
class RunContext:
    """What cases share in one run: the engine and the admin-side lookups, fetched once."""

    engine: AskEngine
    protected: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    feedback_ready: bool | None = None

    def protected_for(self, kind: str, principal: Principal) -> set[str]:
        key = (kind, principal.attributes.get("region", ""))
        if key not in self.protected:
            self.protected[key] = protected_values(kind, principal, self.engine.warehouse)
        return self.protected[key]

    def has_feedback_index(self) -> bool:
        """The feedback answers read the Chroma index under CDM_HOME (built by `cdm feedback build`)."""
        if self.feedback_ready is None:
            folder = chroma_path()
            self.feedback_ready = folder.is_dir() and any(folder.iterdir())
        return self.feedback_ready


def principal_of(case: EvalCase) -> Principal:
    return resolve_principal(role=None if case.user else case.role, user=case.user, attrs=case.attrs)


def converse(case: EvalCase, principal: Principal, engine: AskEngine) -> tuple[Answer, float]:
    """Every turn in one conversation; the last answer and its latency are scored."""
    conversation = Conversation()
    answer, latency = None, 0.0
    for turn in case.turns:
        started = perf_counter()
        answer = engine.ask(turn, principal, conversation)
        latency = (perf_counter() - started) * 1000
    assert answer is not None  # turns has at least one element
    return answer, round(latency, 2)


def _answer_text(answer: Answer) -> str:
    """Everything the user is shown, as one text to search for protected values."""
    payload = answer.to_json_dict()
    shown = {
        k: payload.get(k)
        for k in ("interpretation", "summary", "rows", "notices", "options", "feedback", "extra", "sql")
    }
    return json.dumps(shown, ensure_ascii=False, default=str)


def security_check(case: EvalCase, answer: Answer, principal: Principal, context: RunContext) -> list[str]:
    leaks: list[str] = []
    text = _answer_text(answer)
    for kind in case.expect.protected:
        values = context.protected_for(kind, principal)
        found = leaked_cells(answer.rows, values) if kind == "other_regions" else leaked_substrings(text, values)
        leaks += [f"{kind}: {value}" for value in found[:3]]
    return leaks


def status_matches(expected: str, actual: str) -> bool:
    return expected in ("any", actual) or (expected == "not_answered" and actual in NOT_ANSWERED)


def outcome(result: CaseResult) -> str:
    """correct, not_answered (a visible clarification, refusal or error) or wrong (a number that is not it)."""
    if result.passed:
        return "correct"
    return "wrong" if result.status == "answered" else "not_answered"


def score_case(
    case: EvalCase, answer: Answer, expected: ExpectedResult | None, leaks: list[str]
) -> tuple[dict[str, bool], str]:
    """Each check that applies to the case, and the first failure in words."""
    expect, checks, reasons = case.expect, {}, []
    checks["status"] = status_matches(expect.status, answer.status.value)
    if not checks["status"]:
        reasons.append(f"status {answer.status.value}, expected {expect.status}: {answer.summary[:160]}")
    if expected is not None and checks["status"]:
        match = compare_results(
            expected.rows, answer.rows, ordered=expect.ordered, tolerance=expect.tolerance,
            extra_columns=expect.extra_columns,
        )  # fmt: skip
        checks["result"] = match.ok
        reasons += [] if match.ok else [f"result: {match.reason}"]
    elif expected is not None:
        checks["result"] = False
    if expect.phrases:
        missing = phrases_missing(answer.interpretation or answer.summary, expect.phrases)
        checks["interpretation"] = not missing
        reasons += [f"interpretation lacks {missing}"] if missing else []
    if expect.options:
        missing = options_missing(expect.options, [o.value for o in answer.options])
        checks["options"] = not missing
        reasons += [f"options lack {missing}"] if missing else []
    if expect.kind:
        checks["kind"] = answer.kind == expect.kind
        reasons += [] if checks["kind"] else [f"kind {answer.kind}, expected {expect.kind}"]
    if expect.protected:
        checks["security"] = not leaks
        reasons += [f"LEAK {leaks}"] if leaks else []
    return checks, "; ".join(reasons)


def run_case(case: EvalCase, context: RunContext) -> CaseResult:
    if "feedback_index" in case.needs and not context.has_feedback_index():
        return CaseResult(case, False, {}, skipped="no feedback index (run `cdm feedback build`)")
    try:
        principal = principal_of(case)
        answer, latency = converse(case, principal, context.engine)
        expected = (
            expected_result(case.expect, principal, context.engine.catalog, context.engine.warehouse)
            if case.expect.has_result
            else None
        )
        leaks = security_check(case, answer, principal, context)
    except CdmError as error:
        return CaseResult(case, False, {"setup": False}, reason=f"case error: {error.message}")
    except Exception as error:  # an assistant bug must not stop the other cases
        return CaseResult(case, False, {"crash": False}, reason=f"crash: {type(error).__name__}: {error}"[:400])
    checks, reason = score_case(case, answer, expected, leaks)
    return CaseResult(
        case, all(checks.values()), checks, reason=reason, status=answer.status.value,
        interpretation=answer.interpretation, summary=answer.summary, columns=answer.columns, rows=answer.rows,
        sql=answer.sql, semantic_query=answer.query_json(), expected_columns=expected.columns if expected else (),
        expected_rows=expected.rows if expected else (), expected_sql=expected.sql if expected else None,
        latency_ms=latency,
    )  # fmt: skip


def run_suite(cases: Sequence[EvalCase], engine: AskEngine, progress: Progress | None = None) -> list[CaseResult]:
    context = RunContext(engine)
    results = []
    for case in cases:
        results.append(run_case(case, context))
        if progress is not None:
            progress(case.id)
    return results
