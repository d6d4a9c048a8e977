"""The stewardship policy (stewardship/policy.yml): steward and approver roles, retention rules."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from data.errors import CdmError
from guards.principal import Principal

POLICY_PATH = Path(__file__).with_name("policy.yml")


@dataclass(frozen=True)
class RetentionRule:
    store: str
    keep_days: int
    action: str  # delete | redact
    timestamp: str | None = None
    column: str | None = None
    key: str | None = None  # the row's id column, naming its documents in the feedback index
    feedback_source: str | None = None  # "review" | "ticket": the index's source of those documents


@dataclass(frozen=True)
class StewardshipPolicy:
    steward_roles: tuple[str, ...]
    approver_roles: tuple[str, ...]
    max_grant_days: int
    retention: tuple[RetentionRule, ...]

    def require_steward(self, principal: Principal, action: str) -> None:
        if principal.role not in self.steward_roles:
            allowed = ", ".join(self.steward_roles)
            raise CdmError(f"{action} needs a steward role ({allowed}); you are acting as {principal.role}")


@cache
def load_stewardship_policy() -> StewardshipPolicy:
    document = yaml.safe_load(POLICY_PATH.read_text(encoding="utf-8"))
    rules = tuple(
        RetentionRule(
            store,
            int(raw["keep_days"]),
            str(raw["action"]),
            raw.get("timestamp"),
            raw.get("column"),
            raw.get("key"),
            raw.get("feedback_source"),
        )
        for store, raw in document["retention"].items()
    )
    return StewardshipPolicy(
        tuple(document["steward_roles"]), tuple(document["approver_roles"]), int(document["max_grant_days"]), rules
    )
