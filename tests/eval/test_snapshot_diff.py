"""The metric-change workflow: snapshot, edit a copy of the definitions (churn 180 -> 120 days), diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data.errors import CdmError
from eval.diff_report import render_diff
from eval.service import EvalRun, run_eval
from eval.snapshot import default_path, diff_snapshots, load_snapshot, save_snapshot, take_snapshot
from semantic_layer.catalog import DEFINITIONS, load_catalog

TAGS = ("churn_rate", "churned_customers", "revenue_per_customer", "aov")
CHURN_180 = "filters: [\"lifecycle_stage = 'churned'\"]"
CHURN_120 = 'filters: ["recency_days > 120"]'


def _subset(run: EvalRun) -> list:  # type: ignore[type-arg]
    return [r for r in run.results if set(TAGS) & set(r.case.tags)]


@pytest.fixture(scope="module")
def churn_120_definitions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the definitions where a customer churns after 120 days without an order, not 180."""
    folder = tmp_path_factory.mktemp("definitions") / "definitions"
    shutil.copytree(DEFINITIONS, folder)
    models = folder / "semantic_models.yml"
    text = models.read_text(encoding="utf-8")
    assert text.count(CHURN_180) == 1
    models.write_text(text.replace(CHURN_180, CHURN_120), encoding="utf-8")
    return folder


def test_unchanged_definitions_give_an_empty_diff(eval_run: EvalRun, tiny_warehouse: Path, tmp_path: Path) -> None:
    copy = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS, copy)
    before = take_snapshot(_subset(eval_run), load_catalog())
    again = run_eval(warehouse=tiny_warehouse, definitions=copy, tags=TAGS)
    diff = diff_snapshots(before, take_snapshot(again.results, again.engine.catalog))
    assert diff.changed_metrics == [] and diff.changed_cases == []
    assert not diff.definitions_changed
    assert diff.unchanged == len(again.results) > 10


def test_churn_definition_change_names_the_metrics_and_the_moved_answers(
    eval_run: EvalRun, tiny_warehouse: Path, churn_120_definitions: Path
) -> None:
    before = take_snapshot(_subset(eval_run), load_catalog())
    after_run = run_eval(warehouse=tiny_warehouse, definitions=churn_120_definitions, tags=TAGS)
    diff = diff_snapshots(before, take_snapshot(after_run.results, after_run.engine.catalog))
    assert diff.definitions_changed
    assert diff.changed_metrics == ["churn_rate", "churned_customers"]
    changed = {c.id: c for c in diff.changed_cases}
    assert {"metric.churn_rate.overall", "metric.churned_customers.by_region", "zh.churn_rate"} <= set(changed)
    assert all({"churn_rate", "churned_customers"} & set(c.metrics) for c in changed.values())
    overall = changed["metric.churn_rate.overall"]
    assert overall.after["rows"][0][0] > overall.before["rows"][0][0]  # more customers count as churned
    report = render_diff(diff)
    assert "Changed metric definitions: churn_rate, churned_customers" in report
    assert "metric.churn_rate.overall" in report and "before:" in report and "after:" in report


def test_snapshot_round_trip_and_missing_snapshot(eval_run: EvalRun, tmp_path: Path) -> None:
    snapshot = take_snapshot(_subset(eval_run), load_catalog())
    path = save_snapshot(snapshot, tmp_path / "snap.json")
    assert load_snapshot(path)["cases"] == snapshot["cases"]
    assert default_path().parent.name == "eval"
    with pytest.raises(CdmError, match="no eval snapshot"):
        load_snapshot(tmp_path / "missing.json")
