"""Builds a `Principal` from a user name or a role: the user's fixed role and attributes come
from the user directory, and every attribute is checked against the policies."""

from __future__ import annotations

from collections.abc import Mapping

from data.errors import CdmError
from guards.policy import load_policies
from guards.principal import DEFAULT_ROLE, FrozenAttributes, Principal
from guards.users import UserAccount, cli_directory


def _merge_attributes(own: Mapping[str, str], given: Mapping[str, str]) -> dict[str, str]:
    """A user's attributes are fixed: asking for another region is an error, not an override."""
    merged = dict(own)
    for key, value in given.items():
        if key in merged and merged[key] != value:
            raise CdmError(f"user attribute {key} is {merged[key]!r}; it cannot be changed to {value!r}")
        merged[key] = value
    return merged


def check_attributes(role: str, attributes: Mapping[str, str]) -> None:
    """CdmError unless the role exists and the attributes are the ones its policies need."""
    policies = load_policies()
    if role not in policies.roles:
        raise CdmError(f"unknown role {role}; one of: {', '.join(policies.roles)}")
    for name in policies.roles[role].required_attributes:
        if not attributes.get(name):
            raise CdmError(f"role {role} needs the attribute {name} (e.g. --attr {name}=East)")
    for name, value in attributes.items():
        allowed = policies.attribute_values.get(name)
        if allowed is None:
            raise CdmError(f"unknown attribute {name}; known: {', '.join(sorted(policies.attribute_values))}")
        if value not in allowed:
            raise CdmError(f"unknown {name} {value!r}; one of: {', '.join(allowed)}")


def resolve_principal(
    role: str | None = None,
    user: str | None = None,
    attrs: Mapping[str, str] | None = None,
    *,
    accounts: Mapping[str, UserAccount] | None = None,
) -> Principal:
    """The principal for a CLI/UI request; a user implies its role and attributes.

    `accounts` defaults to the CLI's directory (the users file, or the demo users while no users
    file exists); the chat passes the users file itself so only real accounts resolve."""
    attributes = dict(attrs or {})
    if user is not None:
        account = (cli_directory() if accounts is None else accounts).get(user)
        if account is None or account.disabled:
            raise CdmError(f"unknown user {user}")
        if role is not None and role != account.role:
            raise CdmError(f"user {user} has role {account.role}, not {role}")
        role = account.role
        attributes = _merge_attributes(account.attributes, attributes)
    role = role or DEFAULT_ROLE
    check_attributes(role, attributes)
    return Principal(user=user, role=role, attributes=FrozenAttributes(attributes))
