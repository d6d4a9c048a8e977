"""`cdm quality check`: pass rate per table and rule against data/quality.yml, with the trend.

The numbers come from the governed quality metrics (semantic_layer/definitions/quality_metrics.yml)
run through the guards as the invoking principal, so the scorecard is audited and a regional
manager's scorecard covers their own region only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from data.errors import CdmError
from data.quality_rules import QualityRules
from data.settings import cdm_home
from engines.status import Status
from guards.principal import Principal
from guards.service import run_guarded
from semantic_layer.compiler import compile_query
from semantic_layer.query import SemanticQuery

SCORE_QUERY = {
    "metrics": ["quality_checks_count", "quality_issues", "data_quality_score"],
    "group_by": ["check_table", "quality_rule"],
}


@dataclass(frozen=True)
class RuleScore:
    table: str
    rule: str
    dimension: str
    checks: int
    failed: int
    pass_rate: float
    threshold: float
    previous_rate: float | None

    @property
    def below_threshold(self) -> bool:
        return self.pass_rate < self.threshold

    @property
    def trend(self) -> float | None:
        return None if self.previous_rate is None else self.pass_rate - self.previous_rate


@dataclass(frozen=True)
class Scorecard:
    run_at: str
    scores: tuple[RuleScore, ...]
    previous_run_at: str | None
    audit_id: str | None

    @property
    def failing(self) -> tuple[RuleScore, ...]:
        return tuple(s for s in self.scores if s.below_threshold)

    def as_json(self) -> dict[str, object]:
        rows = [asdict(s) | {"below_threshold": s.below_threshold, "trend": s.trend} for s in self.scores]
        return {
            "run_at": self.run_at,
            "previous_run_at": self.previous_run_at,
            "audit_id": self.audit_id,
            "failing": [s.rule for s in self.failing],
            "rules": rows,
        }


def history_path() -> Path:
    return cdm_home() / "quality" / "history.jsonl"


def _scope(principal: Principal) -> str:
    """Runs compare only with runs that saw the same rows (a regional manager's region, ...)."""
    return json.dumps([principal.role, dict(principal.attributes)], sort_keys=True)


def _previous_run(scope: str) -> dict[str, object] | None:
    path = history_path()
    if not path.exists():
        return None
    runs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return next((run for run in reversed(runs) if run.get("scope") == scope), None)


def _record(card: Scorecard, scope: str) -> None:
    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    rates = {s.rule: s.pass_rate for s in card.scores}
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"run_at": card.run_at, "scope": scope, "rates": rates}) + "\n")


def measured_rates(principal: Principal, warehouse: Path) -> tuple[dict[str, tuple[str, int, int]], str | None]:
    """rule -> (table, checks, failed), computed through the guards as `principal`."""
    compiled = compile_query(SemanticQuery.model_validate(SCORE_QUERY))
    result = run_guarded(compiled.expression, principal, origin="semantic", warehouse=warehouse)
    if result.status != Status.OK:
        reasons = "; ".join(n.message for n in result.notices) or result.status
        raise CdmError(f"the quality metrics could not be read: {reasons}")
    index = {name: i for i, name in enumerate(result.columns)}
    measured = {
        str(row[index["quality_rule"]]): (
            str(row[index["check_table"]]),
            int(row[index["quality_checks_count"]] or 0),
            int(row[index["quality_issues"]] or 0),
        )
        for row in result.rows
    }
    return measured, result.audit_id


def run_scorecard(principal: Principal, warehouse: Path, rules: QualityRules, record: bool = True) -> Scorecard:
    measured, audit_id = measured_rates(principal, warehouse)
    scope = _scope(principal)
    previous = _previous_run(scope)
    previous_rates = dict(previous["rates"]) if previous else {}  # type: ignore[call-overload]
    scores = []
    for rule in rules.rules:
        table, checks, failed = measured.get(rule.name, (rule.table, 0, 0))
        rate = 1.0 if checks == 0 else (checks - failed) / checks
        scores.append(
            RuleScore(
                table, rule.name, rule.dimension, checks, failed, rate, rule.threshold, previous_rates.get(rule.name)
            )
        )
    card = Scorecard(
        datetime.now(UTC).isoformat(timespec="seconds"),
        tuple(scores),
        str(previous["run_at"]) if previous else None,
        audit_id,
    )
    if record:
        _record(card, scope)
    return card
