"""Loads `policies.yml` once into frozen role policies and answers "what may this role see".

Other layers (feedback, UI) ask `column_action(principal, table, column)` instead of reading the
YAML, so there is one interpretation of the policy file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from guards.principal import Principal
from guards.schema import TableSpec, load_schema

POLICIES_FILE = Path(__file__).with_name("policies.yml")
FUNCTIONS_FILE = Path(__file__).with_name("sql_functions.yml")
ACTION_KINDS = ("allow", "deny", "mask", "generalize")


@dataclass(frozen=True)
class ColumnAction:
    kind: str  # allow | deny | mask | generalize
    function: str | None = None

    @property
    def visible(self) -> bool:
        return self.kind != "deny"


ALLOW = ColumnAction("allow")
DENY = ColumnAction("deny")


@dataclass(frozen=True)
class PrivacySettings:
    """Differential privacy of a role's answers (`privacy:` in policies.yml; guards/privacy)."""

    epsilon_per_query: float
    budget_epsilon: float
    budget_period: str  # day | week | month (UTC)
    confidence: float  # the "± about N" of an answer covers this share of its noise


@dataclass(frozen=True)
class RolePolicy:
    name: str
    description: str
    free_sql: bool
    aggregate_only: bool
    min_group_size: int
    max_rows: int
    timeout_seconds: float
    classes: Mapping[str, ColumnAction]
    columns: Mapping[str, ColumnAction]
    row_filters: Mapping[str, str]
    propagate_from: tuple[str, ...]
    required_attributes: tuple[str, ...]
    privacy: PrivacySettings | None = None


@dataclass(frozen=True)
class Policies:
    roles: Mapping[str, RolePolicy]
    masking_functions: Mapping[str, str]
    hidden_tables: tuple[str, ...]
    entity_table: str
    entity_column: str
    attribute_values: Mapping[str, tuple[str, ...]]


def _action(raw: Any, functions: Mapping[str, str], where: str) -> ColumnAction:
    if isinstance(raw, str) and raw in ("allow", "deny"):
        return ColumnAction(raw)
    if isinstance(raw, dict) and len(raw) == 1:
        kind, function = next(iter(raw.items()))
        if kind in ("mask", "generalize") and function in functions:
            return ColumnAction(kind, str(function))
    raise ValueError(f"{POLICIES_FILE.name}: bad column action at {where}: {raw!r}")


def _resolved_role(name: str, raw_roles: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    """Shallow inheritance: a role starts from its parent (`extends`) and overrides keys, except
    `columns`, whose rules extend the parent's (a child tightens one column without restating all)."""
    raw = dict(raw_roles[name])
    parent = raw.pop("extends", None)
    base = _resolved_role(parent, raw_roles, defaults) if parent else dict(defaults)
    columns = {**(base.get("columns") or {}), **(raw.get("columns") or {})}
    return {**base, **raw, "columns": columns}


def _privacy(raw: Mapping[str, Any] | None) -> PrivacySettings | None:
    if not raw:
        return None
    settings = PrivacySettings(
        epsilon_per_query=float(raw["epsilon_per_query"]),
        budget_epsilon=float(raw["budget_epsilon"]),
        budget_period=str(raw.get("budget_period", "day")),
        confidence=float(raw.get("confidence", 0.95)),
    )
    if settings.budget_period not in ("day", "week", "month") or not settings.epsilon_per_query > 0:
        raise ValueError(f"{POLICIES_FILE.name}: bad privacy settings {dict(raw)!r}")
    return settings


def _role(name: str, raw: Mapping[str, Any], functions: Mapping[str, str]) -> RolePolicy:
    return RolePolicy(
        name=name,
        description=str(raw.get("description", "")),
        free_sql=bool(raw["free_sql"]),
        aggregate_only=bool(raw["aggregate_only"]),
        min_group_size=int(raw["min_group_size"]),
        max_rows=int(raw["max_rows"]),
        timeout_seconds=float(raw["timeout_seconds"]),
        classes=MappingProxyType(
            {k: _action(v, functions, f"{name}.classes.{k}") for k, v in (raw.get("classes") or {}).items()}
        ),
        columns=MappingProxyType(
            {k.lower(): _action(v, functions, f"{name}.columns.{k}") for k, v in (raw.get("columns") or {}).items()}
        ),
        row_filters=MappingProxyType({k.lower(): str(v) for k, v in (raw.get("row_filters") or {}).items()}),
        propagate_from=tuple(raw.get("propagate_from") or ()),
        required_attributes=tuple(raw.get("required_attributes") or ()),
        privacy=_privacy(raw.get("privacy")),
    )


@cache
def load_policies(path: Path = POLICIES_FILE) -> Policies:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    functions = MappingProxyType({k: " ".join(str(v).split()) for k, v in raw["masking_functions"].items()})
    roles = {name: _role(name, _resolved_role(name, raw["roles"], raw["defaults"]), functions) for name in raw["roles"]}
    return Policies(
        roles=MappingProxyType(roles),
        masking_functions=functions,
        hidden_tables=tuple(t.lower() for t in raw.get("hidden_tables") or ()),
        entity_table=str(raw["entity_key"]["table"]).lower(),
        entity_column=str(raw["entity_key"]["column"]).lower(),
        attribute_values=MappingProxyType({k: tuple(v) for k, v in (raw.get("attributes") or {}).items()}),
    )


def table_spec(name: str) -> TableSpec | None:
    """The data dictionary's description of a table (None when it has none)."""
    return load_schema().table(name)


def role_policy(principal: Principal) -> RolePolicy:
    return load_policies().roles[principal.role]


@cache
def allowed_tables() -> frozenset[str]:
    """Dictionary tables that are hidden neither by the dictionary nor by the policy."""
    names = {t.name for t in load_schema().tables if not t.hidden}
    return frozenset(names - set(load_policies().hidden_tables))


def column_action(principal: Principal, table: str, column: str) -> ColumnAction:
    """The action for one column: explicit column rule, else its privacy class, else deny."""
    policy = role_policy(principal)
    explicit = policy.columns.get(f"{table.lower()}.{column.lower()}")
    if explicit is not None:
        return explicit
    spec = table_spec(table)
    column_spec = spec.column(column) if spec else None
    if column_spec is None:
        return DENY
    return policy.classes.get(column_spec.privacy, DENY)


def policy_fingerprint() -> str:
    """Identifies the policy in force for the audit log's provenance."""
    digest = hashlib.sha256()
    for path in (POLICIES_FILE, FUNCTIONS_FILE):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
