"""Who is asking: a role plus the attributes its policies refer to (`region` for managers)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from data.errors import CdmError

DEFAULT_ROLE = "viewer"


class FrozenAttributes(Mapping[str, str]):
    """An immutable, hashable mapping so a `Principal` can be a cache key."""

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items = dict(sorted((items or {}).items()))

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenAttributes({self._items!r})"


@dataclass(frozen=True)
class Principal:
    user: str | None
    role: str
    attributes: Mapping[str, str] = field(default_factory=FrozenAttributes)

    def __post_init__(self) -> None:
        if not isinstance(self.attributes, FrozenAttributes):
            object.__setattr__(self, "attributes", FrozenAttributes(self.attributes))


def _merge_attributes(own: Mapping[str, str], given: Mapping[str, str]) -> dict[str, str]:
    """A user's attributes are fixed: asking for another region is an error, not an override."""
    merged = dict(own)
    for key, value in given.items():
        if key in merged and merged[key] != value:
            raise CdmError(f"user attribute {key} is {merged[key]!r}; it cannot be changed to {value!r}")
        merged[key] = value
    return merged


def _check_attributes(role: str, attributes: Mapping[str, str]) -> None:
    from guards.policy import load_policies

    policies = load_policies()
    policy = policies.roles[role]
    for name in policy.required_attributes:
        if not attributes.get(name):
            raise CdmError(f"role {role} needs the attribute {name} (e.g. --attr {name}=East)")
    for name, value in attributes.items():
        allowed = policies.attribute_values.get(name)
        if allowed is None:
            raise CdmError(f"unknown attribute {name}; known: {', '.join(sorted(policies.attribute_values))}")
        if value not in allowed:
            raise CdmError(f"unknown {name} {value!r}; one of: {', '.join(allowed)}")


def resolve_principal(
    role: str | None = None, user: str | None = None, attrs: Mapping[str, str] | None = None
) -> Principal:
    """The principal for a CLI/UI request; a user implies its role and attributes."""
    from guards.policy import load_policies
    from guards.users import load_users

    attributes = dict(attrs or {})
    if user is not None:
        account = load_users().get(user)
        if account is None:
            raise CdmError(f"unknown user {user}")
        if role is not None and role != account.role:
            raise CdmError(f"user {user} has role {account.role}, not {role}")
        role = account.role
        attributes = _merge_attributes(account.attributes, attributes)
    role = role or DEFAULT_ROLE
    roles = load_policies().roles
    if role not in roles:
        raise CdmError(f"unknown role {role}; one of: {', '.join(roles)}")
    _check_attributes(role, attributes)
    return Principal(user=user, role=role, attributes=FrozenAttributes(attributes))
