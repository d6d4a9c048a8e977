"""Metric-change review: snapshot every case's answer, then diff after a definition edit.

The snapshot stores each case's answer (status, columns, rows) and a fingerprint of each metric
definition; the diff lists which definitions changed and which answers moved, with before/after
values, so a team reviews the impact of a definition change as one report before shipping it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from data.errors import CdmError
from data.settings import cdm_home
from eval.runner import CaseResult
from eval.scoring import compare_results, normalize
from semantic_layer.catalog import Catalog

SNAPSHOT_ROWS = 500
VERSION = 1


def default_path() -> Path:
    return cdm_home() / "eval" / "snapshot.json"


def _cell(value: Any) -> Any:
    value = normalize(value)
    return float(f"{value:.10g}") if isinstance(value, float) else value


def answer_record(result: CaseResult) -> dict[str, Any]:
    query = result.semantic_query or {}
    return {
        "question": " → ".join(result.case.turns),
        "role": result.case.role if not result.case.user else f"{result.case.role} ({result.case.user})",
        "status": result.status or ("not run" if result.skipped else "error"),
        "metrics": list(query.get("metrics", ())),
        "columns": list(result.columns),
        "rows": [[_cell(v) for v in row] for row in result.rows[:SNAPSHOT_ROWS]],
    }


def take_snapshot(results: Sequence[CaseResult], catalog: Catalog, engine: str = "offline") -> dict[str, Any]:
    return {
        "version": VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "definitions_fingerprint": catalog.fingerprint(),
        "metric_fingerprints": catalog.metric_fingerprints(),
        "cases": {r.case.id: answer_record(r) for r in results},
    }


def save_snapshot(snapshot: dict[str, Any], path: Path | None = None) -> Path:
    target = path or default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return target


def load_snapshot(path: Path | None = None) -> dict[str, Any]:
    source = path or default_path()
    if not source.exists():
        raise CdmError(f"no eval snapshot at {source}; run `cdm eval snapshot` before editing definitions")
    snapshot = json.loads(source.read_text(encoding="utf-8"))
    if snapshot.get("version") != VERSION:
        raise CdmError(f"{source} was written by another version of cdm eval; take a new snapshot")
    return dict(snapshot)


@dataclass(frozen=True)
class CaseChange:
    id: str
    question: str
    role: str
    metrics: list[str]
    before: dict[str, Any]
    after: dict[str, Any]


@dataclass(frozen=True)
class SnapshotDiff:
    changed_metrics: list[str]
    added_metrics: list[str]
    removed_metrics: list[str]
    definitions_changed: bool
    changed_cases: list[CaseChange]
    new_cases: list[str]
    missing_cases: list[str]
    unchanged: int

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


def _same_answer(before: dict[str, Any], after: dict[str, Any]) -> bool:
    if before["status"] != after["status"] or len(before["columns"]) != len(after["columns"]):
        return False
    return compare_results(before["rows"], after["rows"], ordered=True, tolerance=1e-9).ok


def diff_snapshots(before: dict[str, Any], after: dict[str, Any]) -> SnapshotDiff:
    old_fp, new_fp = before["metric_fingerprints"], after["metric_fingerprints"]
    old_cases, new_cases = before["cases"], after["cases"]
    changed = [
        CaseChange(
            cid,
            new["question"],
            new["role"],
            sorted({*old_cases[cid]["metrics"], *new["metrics"]}),
            _brief(old_cases[cid]),
            _brief(new),
        )
        for cid, new in new_cases.items()
        if cid in old_cases and not _same_answer(old_cases[cid], new)
    ]
    return SnapshotDiff(
        changed_metrics=sorted(m for m in new_fp if m in old_fp and old_fp[m] != new_fp[m]),
        added_metrics=sorted(set(new_fp) - set(old_fp)),
        removed_metrics=sorted(set(old_fp) - set(new_fp)),
        definitions_changed=before["definitions_fingerprint"] != after["definitions_fingerprint"],
        changed_cases=changed,
        new_cases=sorted(set(new_cases) - set(old_cases)),
        missing_cases=sorted(set(old_cases) - set(new_cases)),
        unchanged=sum(1 for cid in new_cases if cid in old_cases) - len(changed),
    )


def _brief(record: dict[str, Any], rows: int = 8) -> dict[str, Any]:
    return {"status": record["status"], "columns": record["columns"], "rows": record["rows"][:rows],
            "row_count": len(record["rows"])}  # fmt: skip
