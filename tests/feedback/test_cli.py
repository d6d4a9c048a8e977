"""`cdm feedback search | pain-points` through the real CLI root, against the session index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cdm.cli import app
from feedback.index import IndexReport


@pytest.fixture
def feedback_home(feedback_index: tuple[Path, Path, IndexReport], monkeypatch: pytest.MonkeyPatch) -> Path:
    warehouse, _, _ = feedback_index
    monkeypatch.setenv("CDM_HOME", str(warehouse.parent))
    monkeypatch.delenv("CDM_WAREHOUSE", raising=False)
    return warehouse.parent


def test_search_json_contract(feedback_home: Path) -> None:
    args = ["feedback", "search", "box arrived crushed", "--role", "regional_manager", "--attr", "region=East"]
    result = CliRunner().invoke(app, [*args, "-k", "3", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["status"] == "ok" and set(payload) == {"status", "results", "notices"}
    assert len(payload["results"]) == 3
    assert set(payload["results"][0]) == {"source", "id", "text", "score", "metadata"}
    assert {r["metadata"]["region"] for r in payload["results"]} == {"East"}


def test_viewer_search_is_blocked(feedback_home: Path) -> None:
    result = CliRunner().invoke(app, ["feedback", "search", "late", "--role", "viewer", "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["status"] == "blocked" and payload["results"] == []


def test_pain_points_by_channel(feedback_home: Path) -> None:
    result = CliRunner().invoke(app, ["feedback", "pain-points", "--by", "channel", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["columns"] == ["pain_point", "channel", "pain_point_mentions"]
    assert payload["rows"] and payload["pain_points"][0]["quotes"]


@pytest.mark.parametrize(
    "args",
    [
        ["feedback", "search", "late", "--where", "nonsense"],
        ["feedback", "pain-points", "--by", "planet"],
        ["feedback", "pain-points", "--from", "yesterday"],
    ],
)
def test_bad_input_is_a_one_line_error(feedback_home: Path, args: list[str]) -> None:
    from data.errors import CdmError

    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert isinstance(result.exception, CdmError | SystemExit)
