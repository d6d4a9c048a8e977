"""`cdm chat` is still the terminal conversation; `cdm chat prune` deletes old threads (audited)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from guards.audit import AuditLog

CDM = [sys.executable, "-m", "cdm.cli"]


def test_cdm_chat_still_answers_in_the_terminal(tiny_warehouse: Path) -> None:
    result = subprocess.run([*CDM, "chat", "--user", "victor"], input="revenue by region\n", capture_output=True,
                            text=True, timeout=120, env=os.environ.copy())  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "cdm chat" in result.stdout and "Revenue" in result.stdout


def test_cdm_chat_prune_reports_and_audits(tmp_path: Path) -> None:
    env = os.environ | {"CDM_HOME": str(tmp_path)}
    result = subprocess.run(
        [*CDM, "chat", "prune", "--days", "7"], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "deleted 0 chat threads inactive for more than 7 days"
    entry = AuditLog(tmp_path / "audit.duckdb").tail(1)[-1]
    assert (entry.origin, entry.row_count) == ("history_prune", 0)
    refused = subprocess.run(
        [*CDM, "chat", "prune", "--days", "0"], capture_output=True, text=True, timeout=60, env=env
    )
    assert refused.returncode == 2 and "at least 1" in refused.stderr
