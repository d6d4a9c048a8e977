"""Who is asking: a role plus the attributes its policies refer to (`region` for managers).

A pure value type; `guards.principal_resolution` builds one from the users and the policies.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

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
