"""The journal of one erasure: which stores are done, so an interrupted run resumes where it stopped.

One JSON file per customer under CDM_HOME/privacy/erasures/ (0600), replaced atomically after
every step. It never holds an erased value; while the run is open it holds the new surrogate key
of the customer's order facts (needed to resume), which is dropped when the run completes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from data.settings import cdm_home


def journal_folder() -> Path:
    return cdm_home() / "privacy" / "erasures"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ErasureJournal:
    customer_id: int
    requested_by: str
    started_at: str
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)  # step -> {"status", "count", "at"}
    new_key: int | None = None
    completed_at: str | None = None

    @property
    def path(self) -> Path:
        return journal_folder() / f"{self.customer_id}.json"

    def done(self, step: str) -> bool:
        return self.steps.get(step, {}).get("status") in ("done", "absent")

    def with_step(self, step: str, status: str, count: int) -> ErasureJournal:
        steps = dict(self.steps) | {step: {"status": status, "count": count, "at": _now()}}
        return replace(self, steps=steps)

    def completed(self) -> ErasureJournal:
        return replace(self, new_key=None, completed_at=_now())

    def save(self) -> ErasureJournal:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.__dict__, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)
        return self


def open_journal(customer_id: int, requested_by: str) -> ErasureJournal:
    """The journal of an earlier (possibly interrupted) run, or a new one."""
    path = journal_folder() / f"{customer_id}.json"
    if path.exists():
        return ErasureJournal(**json.loads(path.read_text(encoding="utf-8")))
    return ErasureJournal(customer_id, requested_by, _now())
