"""An unsupported answer's suggested metrics and a feedback answer's details are typed fields, and
the `--json` shape (the API's and MCP's too) carries them once: nothing is duplicated in `extra`."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.service import ask
from engines.status import Status
from feedback.index import IndexReport
from guards.principal_resolution import resolve_principal
from semantic_layer.catalog import load_catalog

VIEWER = resolve_principal(role="viewer")
ANALYST = resolve_principal(role="analyst")


def test_an_unsupported_answer_names_its_suggested_metrics_by_label(tiny_warehouse: Path) -> None:
    answer = ask("what is the weather in Paris tomorrow", VIEWER, warehouse=tiny_warehouse)
    labels = {metric.label for metric in load_catalog().metrics.values()}

    assert answer.status == Status.UNSUPPORTED
    assert answer.suggested_metrics and set(answer.suggested_metrics) <= labels
    payload = answer.to_json_dict()
    assert payload["suggested_metrics"] == list(answer.suggested_metrics)
    assert "suggestions" not in payload["extra"]


@pytest.fixture
def feedback_home(feedback_index: tuple[Path, Path, IndexReport], monkeypatch: pytest.MonkeyPatch) -> Path:
    warehouse, _, _ = feedback_index
    monkeypatch.setenv("CDM_HOME", str(warehouse.parent))
    return warehouse


def test_a_pain_point_answer_carries_its_details_once(feedback_home: Path) -> None:
    answer = ask("what are the main pain points", ANALYST, warehouse=feedback_home)

    assert answer.status == Status.ANSWERED and answer.kind == "pain_points", answer.summary
    assert answer.feedback is not None and answer.feedback.pain_points
    payload = answer.to_json_dict()
    assert payload["feedback"]["pain_points"][0]["pain_point"] == answer.feedback.pain_points[0].pain_point
    assert not {"pain_points", "trend", "results"} & set(payload["extra"])
