"""The corrections loop from the command line: an analyst submits, an owner lists and decides."""

from __future__ import annotations

import json
import subprocess
import sys


def cdm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cdm.cli", *args], capture_output=True, text=True, check=False)


def test_submitted_correction_is_pending_then_rejected() -> None:
    query = json.dumps({"metrics": ["aov"], "group_by": ["member_tier"]})
    submitted = cdm("eval", "correct", "typical basket per tier", "--json-query", query, "--user", "alice", "--json")
    assert submitted.returncode == 0, submitted.stderr
    correction_id = json.loads(submitted.stdout)["id"]

    listed = cdm("metrics", "verify", "--list", "--json")
    assert listed.returncode == 0, listed.stderr
    pending = {c["id"]: c for c in json.loads(listed.stdout)}
    assert pending[correction_id]["question"] == "typical basket per tier"

    decided = cdm("metrics", "verify", correction_id, "--reject", "--by", "sales-analytics")
    assert decided.returncode == 0, decided.stderr
    after = json.loads(cdm("metrics", "verify", "--list", "--json").stdout)
    assert correction_id not in {c["id"] for c in after}


def test_correction_with_an_invalid_query_is_a_one_line_error() -> None:
    failed = cdm("eval", "correct", "q", "--json-query", "{not json", "--role", "analyst")
    assert failed.returncode == 2 and failed.stderr.startswith("error:") and "Traceback" not in failed.stderr
