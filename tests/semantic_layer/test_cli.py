"""CLI contract: `cdm query` and `cdm metrics` run as a user would run them (subprocess, real warehouse)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CDM = Path(sys.executable).parent / "cdm"


def cdm(args: list[str], warehouse: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CDM_WAREHOUSE": str(warehouse)}
    return subprocess.run(
        [str(CDM), *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False
    )


def test_query_with_options_returns_the_json_payload(tiny_warehouse: Path) -> None:
    result = cdm(
        [
            "query", "--metrics", "revenue,aov", "--by", "region,metric_time__month",
            "--where", "member_tier in ('Gold','Platinum')", "--from", "2026-07-01", "--to", "2026-09-30",
            "--order", "-revenue", "--limit", "10", "--json",
        ],
        tiny_warehouse,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["columns"] == ["region", "metric_time__month", "revenue", "aov"]
    assert 0 < len(payload["rows"]) <= 10
    revenues = [row[2] for row in payload["rows"]]
    assert revenues == sorted(revenues, reverse=True) and all(isinstance(v, float) for v in revenues)
    assert all(row[1] in ("2026-07-01", "2026-08-01", "2026-09-01") for row in payload["rows"])
    # the default role is the viewer: the SQL run is the privacy stages' script (issue 16), filter included
    assert "'Gold'" in payload["sql"] and payload["sql"].startswith("-- stage")


def test_json_query_gives_the_same_answer_as_options(tiny_warehouse: Path) -> None:
    query = {"metrics": ["order_count"], "group_by": ["channel"], "order_by": [{"field": "channel"}]}
    from_json = cdm(["query", "--json-query", json.dumps(query), "--json"], tiny_warehouse)
    from_options = cdm(
        ["query", "--metrics", "order_count", "--by", "channel", "--order", "channel", "--json"], tiny_warehouse
    )
    assert from_json.returncode == 0, from_json.stderr
    assert json.loads(from_json.stdout)["rows"] == json.loads(from_options.stdout)["rows"]


def test_sql_flag_prints_sql_for_a_dialect_without_running(tmp_path: Path) -> None:
    result = cdm(
        ["query", "--metrics", "revenue", "--by", "metric_time__month", "--sql", "--dialect", "bigquery"],
        tmp_path / "none.duckdb",
    )
    assert result.returncode == 0, result.stderr
    assert "TIMESTAMP_TRUNC(orders.order_ts, MONTH)" in result.stdout


def test_table_output_and_principal_options_are_accepted(tiny_warehouse: Path) -> None:
    result = cdm(["query", "--metrics", "churn_rate", "--user", "alice"], tiny_warehouse)
    assert result.returncode == 0, result.stderr
    assert "churn_rate" in result.stdout and "as-of date" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "--metrics", "revenue", "--by", "category"], "use item_revenue"),
        (["query", "--metrics", "revenu"], "did you mean 'revenue'"),
        (["query", "--metrics", "revenue", "--where", "city = 'A' or city = 'B'"], "OR is not supported"),
        (["query", "--json-query", '{"metrics": "revenue", "limit": -1}'], "invalid --json-query"),
        (["query"], "give --metrics"),
        (["metrics", "show", "revnue"], "did you mean 'revenue'"),
    ],
)
def test_user_errors_are_one_line_with_exit_code_2(args: list[str], message: str, tiny_warehouse: Path) -> None:
    result = cdm(args, tiny_warehouse)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    result = cdm(["query", "--metrics", "revenue"], tmp_path / "missing.duckdb")
    assert result.returncode == 2 and "cdm data build" in result.stderr


def test_metrics_list_show_and_validate(tiny_warehouse: Path) -> None:
    listed = cdm(["metrics", "list", "--json"], tiny_warehouse)
    assert listed.returncode == 0, listed.stderr
    names = [m["name"] for m in json.loads(listed.stdout)]
    assert "revenue" in names and len(names) == len(set(names)) >= 26
    shown = cdm(["metrics", "show", "net_revenue"], tiny_warehouse)
    assert shown.returncode == 0 and "orders.order_ts, returns.return_ts" in shown.stdout and "WITH" in shown.stdout
    validated = cdm(["metrics", "validate"], tiny_warehouse)
    assert validated.returncode == 0 and f"valid against {tiny_warehouse}" in validated.stdout
    plain = cdm(["metrics", "list"], tiny_warehouse)
    assert plain.returncode == 0 and "avg_resolution_hours" in plain.stdout


def test_validate_reports_file_and_line_and_fails(tiny_warehouse: Path) -> None:
    broken = Path(__file__).parent / "fixtures" / "broken" / "yaml_syntax"
    result = cdm(["metrics", "validate", "--path", str(broken)], tiny_warehouse)
    assert result.returncode == 2
    assert "metrics.yml:4: YAML syntax" in result.stdout and "problem(s)" in result.stderr
