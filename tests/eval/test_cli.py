"""`cdm eval` as users run it: a real subprocess, JSON on stdout, exit codes for CI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CDM = Path(sys.executable).parent / "cdm"


def cdm(*args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CDM_LLM") and k != "OPENAI_API_KEY"}
    if home is not None:
        env["CDM_HOME"] = str(home)
    return subprocess.run([str(CDM), *args], capture_output=True, text=True, env=env, timeout=300, check=False)


def test_eval_json_and_html_report(tiny_warehouse: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    done = cdm("eval", "--tags", "zh.churn_rate,clarify.volume", "--json", "--html", str(report))
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["summary"]["ran"] == 2 and payload["summary"]["accuracy"] == 1.0
    assert {r["id"] for r in payload["results"]} == {"zh.churn_rate", "clarify.volume"}
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "<script" not in html and "Accuracy by tag" in html


def test_min_accuracy_gates_with_exit_1(tiny_warehouse: Path, tmp_path: Path) -> None:
    report = tmp_path / "fail.html"
    done = cdm("eval", "--tags", "ho.revenue_september", "--min-accuracy", "0.5", "--html", str(report))
    assert done.returncode == 1
    assert "below --min-accuracy" in done.stderr
    assert "ho.revenue_september" in done.stdout
    assert "ho.revenue_september" in report.read_text(encoding="utf-8")


def test_user_errors_exit_2(tiny_warehouse: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("cases:\n  - {id: Bad Id, question: x}\n", encoding="utf-8")
    for args, message in (
        (("eval", "--min-accuracy", "2"), "between 0 and 1"),
        (("eval", "--engine", "llm"), "CDM_LLM_MODEL"),
        (("eval", "--suite", str(bad)), "case 1"),
        (("eval", "diff", "--path", str(tmp_path / "none.json")), "no eval snapshot"),
    ):
        done = cdm(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr and "Traceback" not in done.stderr


def test_snapshot_then_diff_without_changes(tiny_warehouse: Path, tmp_path: Path) -> None:
    path = tmp_path / "snapshot.json"
    done = cdm("eval", "snapshot", "--path", str(path), "--tags", "aov", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cases"] >= 3 and path.exists()
    diff = cdm("eval", "diff", "--path", str(path), "--tags", "aov", "--json")
    assert diff.returncode == 0, diff.stderr
    payload = json.loads(diff.stdout)
    assert payload["changed_cases"] == [] and payload["changed_metrics"] == []


def test_correct_stores_a_pending_correction(tmp_path: Path) -> None:
    query = json.dumps({"metrics": ["units_sold"], "group_by": ["category"]})
    done = cdm("eval", "correct", "how many units did each category move", "--json-query", query,
               "--user", "alice", "--json", home=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    correction = json.loads(done.stdout)
    assert correction["status"] == "pending" and correction["role"] == "analyst"
    assert (tmp_path / "eval" / "corrections.json").exists()
    bad = cdm("eval", "correct", "x", "--json-query", "{", home=tmp_path)
    assert bad.returncode == 2 and "not valid JSON" in bad.stderr
