"""Who an identity-provider user is here: claims and groups mapped to a role and attributes by a
policy file (CDM_IDENTITY_MAPPING, default $CDM_HOME/identity_mapping.yml).

    user_claim: preferred_username        # the name shown and audited (prefixed "oidc:")
    groups_claim: groups
    rules:                                # the first matching rule wins
      - {group: cdm-admins, role: admin}
      - {group: sales-east, role: regional_manager, attributes: {region: East}}
      - {claims: {department: marketing}, role: marketing}
      - {group: sales-managers, role: regional_manager, attributes_from_claims: {region: sales_region}}

An identity that matches no rule, lacks the user claim, or maps to an invalid role or attributes
gets no principal: no access, never a default role.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from data.errors import CdmError
from data.settings import cdm_home, setting
from guards.principal import FrozenAttributes, Principal
from guards.principal_resolution import check_attributes

IDENTITY_PREFIX = "oidc:"


@dataclass(frozen=True)
class MappingRule:
    role: str
    group: str | None = None
    claims: Mapping[str, str] = field(default_factory=dict)
    attributes: Mapping[str, str] = field(default_factory=dict)
    attributes_from_claims: Mapping[str, str] = field(default_factory=dict)

    def matches(self, claims: Mapping[str, Any], groups: Sequence[str]) -> bool:
        if self.group is not None and self.group not in groups:
            return False
        return all(str(claims.get(name, "")) == value for name, value in self.claims.items())


@dataclass(frozen=True)
class IdentityMapping:
    user_claim: str = "preferred_username"
    groups_claim: str = "groups"
    rules: tuple[MappingRule, ...] = ()


def mapping_path() -> Path:
    explicit = setting("CDM_IDENTITY_MAPPING")
    return Path(explicit).expanduser() if explicit else cdm_home() / "identity_mapping.yml"


def _strings(raw: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in dict(raw or {}).items()}  # type: ignore[call-overload]


def load_identity_mapping(path: Path | None = None) -> IdentityMapping:
    """The mapping file; with no file nobody is mapped (every identity is refused)."""
    path = path or mapping_path()
    if not path.exists():
        return IdentityMapping()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        rules = tuple(
            MappingRule(
                role=str(rule["role"]), group=str(rule["group"]) if rule.get("group") else None,
                claims=_strings(rule.get("claims")), attributes=_strings(rule.get("attributes")),
                attributes_from_claims=_strings(rule.get("attributes_from_claims")),
            )
            for rule in raw.get("rules") or []
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CdmError(f"{path}: every rule needs a role and mappings of names to values ({error})") from None
    return IdentityMapping(
        str(raw.get("user_claim", "preferred_username")), str(raw.get("groups_claim", "groups")), rules
    )


def _groups(claims: Mapping[str, Any], name: str) -> list[str]:
    value = claims.get(name) or []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def principal_for_claims(claims: Mapping[str, Any], mapping: IdentityMapping) -> Principal | None:
    """The principal of the first matching rule, or None (no access)."""
    user = str(claims.get(mapping.user_claim) or "").strip()
    if not user:
        return None
    groups = _groups(claims, mapping.groups_claim)
    for rule in mapping.rules:
        if not rule.matches(claims, groups):
            continue
        attributes = dict(rule.attributes)
        attributes.update({name: str(claims.get(claim, "")) for name, claim in rule.attributes_from_claims.items()})
        try:
            check_attributes(rule.role, attributes)
        except CdmError:
            return None
        return Principal(user=IDENTITY_PREFIX + user, role=rule.role, attributes=FrozenAttributes(attributes))
    return None
