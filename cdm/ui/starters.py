"""Example questions per role, declared in starters.yml so product people can edit them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

STARTERS_FILE = Path(__file__).with_name("starters.yml")


@dataclass(frozen=True)
class StarterSpec:
    label: str
    message: str


def _specs(entries: list[dict[str, str]]) -> tuple[StarterSpec, ...]:
    return tuple(StarterSpec(label=str(e["label"]), message=str(e["message"])) for e in entries)


@cache
def _load() -> tuple[tuple[StarterSpec, ...], dict[str, tuple[StarterSpec, ...]]]:
    raw = yaml.safe_load(STARTERS_FILE.read_text(encoding="utf-8"))
    roles = {str(role): _specs(entries) for role, entries in (raw.get("roles") or {}).items()}
    return _specs(raw["default"]), roles


def starters_for(role: str | None) -> tuple[StarterSpec, ...]:
    """The role's starters, or the default set for a role without its own list."""
    default, roles = _load()
    return roles.get(role or "", default)
