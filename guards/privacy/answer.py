"""A noisy answer end to end: budget check, stages on the engine, noise, charge, notices.

The budget is checked before anything runs and charged after the release, in one SQLite
transaction that checks again (two processes spending the last epsilon at once: one is refused).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from engines.notice_figures import BudgetSpent, Margin, PrivacyRelease, Threshold
from guards.backend import ExecutionBackend
from guards.decision import GuardDecision, GuardRejection, Notice
from guards.policy import PrivacySettings
from guards.principal import Principal
from guards.privacy.budget import BudgetState, budget_state, charge
from guards.privacy.noise import query_key
from guards.privacy.plan import NoisePlan, Stage
from guards.privacy.release import Released, release

STAGE_ROWS_FACTOR = 10  # a stage (one fact's groups) may have 10x the role's rows before the final LIMIT


@dataclass(frozen=True)
class NoisyAnswer:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    sql: str  # every statement run, in order (the stages on the engine, then the release in the guard)
    notices: tuple[Notice, ...]
    privacy: dict[str, Any]


def principal_id(principal: Principal) -> str:
    """Whose budget: the user, or for an anonymous principal its role and attributes."""
    if principal.user:
        return f"user:{principal.user}"
    attributes = ",".join(f"{k}={v}" for k, v in sorted(principal.attributes.items()))
    return f"role:{principal.role}:{attributes}"


def _spent_notice(settings: PrivacySettings, state: BudgetState) -> Notice:
    """The refusal with its figures as data (`Notice.figures`); the message is its English wording,
    which the assistant re-renders from its templates in the reply language."""
    message = (
        f"your privacy budget for this {settings.budget_period} is spent ({state.spent:g} of {state.total:g}); "
        "questions you already asked still get their answers, new ones can be asked next "
        f"{settings.budget_period} (UTC)"
    )
    figures = BudgetSpent(spent=state.spent, total=state.total, period=settings.budget_period)
    return Notice("privacy_budget_spent", message, figures=figures)


def margins_of(notices: Iterable[Notice]) -> dict[str, float]:
    """The ± figure of each released column, read from the approximate notices' data (not their words)."""
    found = [m for n in notices if n.privacy is not None for m in n.privacy.margins if m.plus_minus is not None]
    return {m.column: float(m.plus_minus) for m in found if m.plus_minus is not None}


def _figure(value: float) -> str:
    if value >= 99.5:
        digits = len(str(int(value))) - 2
        return f"{round(value, -digits):,.0f}"
    return f"{value:.2g}"


def approximate_notice(margins: dict[str, float | None], settings: PrivacySettings, state: BudgetState) -> Notice:
    """The notice with its figures as data (`Notice.privacy`); the message is its English wording,
    which the assistant re-renders from its templates in the reply language."""
    parts = [f"{name} ± about {_figure(m)}" if m is not None else f"{name} approximate" for name, m in margins.items()]
    close = f" ({'; '.join(parts)}; {settings.confidence:.0%} of answers are that close)" if parts else ""
    budget = f"privacy budget left this {settings.budget_period}: {state.remaining:g} of {state.total:g}"
    message = f"approximate: privacy noise is added to every count, sum and average{close}; {budget}"
    release = PrivacyRelease(
        margins=tuple(Margin(name, m) for name, m in margins.items()), confidence=settings.confidence,
        budget_left=state.remaining, budget_total=state.total, budget_period=settings.budget_period,
    )  # fmt: skip
    return Notice("approximate", message, privacy=release)


def _runner(decision: GuardDecision, backend: ExecutionBackend, ran: list[str]) -> Any:
    def run(stage: Stage) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
        cap = decision.max_rows * STAGE_ROWS_FACTOR
        tree = stage.expression.limit(cap + 1)  # a copy; also a query root every engine's check accepts
        stage_decision = replace(decision, expression=tree, sql=tree.sql(dialect="duckdb"), suppression=None,
                                 noise=None, max_rows=cap)  # fmt: skip
        sql = backend.render(stage_decision)
        ran.append(f"-- stage {stage.table} ({backend.engine})\n{sql}")
        output = backend.run(stage_decision, sql).output
        if output.truncated or len(output.rows) > cap:
            message = f"the answer has more than {cap} groups; narrow it down"
            raise GuardRejection(Notice("privacy_shape", message, figures=Threshold(cap)))
        return output.columns, output.rows

    return run


def answer_with_noise(
    decision: GuardDecision, backend: ExecutionBackend, principal: Principal, settings: PrivacySettings
) -> NoisyAnswer:
    """Raises GuardRejection when the budget is spent; ExecutionError from the engine."""
    plan: NoisePlan = decision.noise
    who, key = principal_id(principal), query_key(principal_id(principal), decision.sql or "")
    state = budget_state(settings, who, key)
    if not state.already_charged and state.remaining + 1e-9 < plan.epsilon:
        raise GuardRejection(_spent_notice(settings, state))
    ran: list[str] = []
    released: Released = release(plan, _runner(decision, backend, ran), key, settings.confidence, decision.max_rows)
    charged = charge(settings, who, key, plan.epsilon)
    if charged is None:
        raise GuardRejection(_spent_notice(settings, budget_state(settings, who, key)))
    ran.append(f"-- release (in the guard, over the noisy stage values)\n{plan.outer.sql(dialect='duckdb')}")
    spent = 0.0 if charged.already_charged else plan.epsilon
    privacy = {
        "epsilon_spent": round(spent, 6), "epsilon_query": round(plan.epsilon, 6), "repeat": charged.already_charged,
        "budget_epsilon": charged.total, "budget_remaining": round(charged.remaining, 6), "period": charged.period,
        "confidence": settings.confidence, "margins": released.margins,
    }  # fmt: skip
    notice = approximate_notice(released.margins, settings, charged)
    return NoisyAnswer(released.columns, released.rows, ";\n".join(ran), (notice,), privacy)
