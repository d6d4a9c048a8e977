"""Loads `bounds.yml` once: how much one customer may contribute to each released measure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

BOUNDS_FILE = Path(__file__).with_name("bounds.yml")
KINDS = ("sum", "count", "average")


@dataclass(frozen=True)
class ContributionBound:
    kind: str  # sum | count | average
    low: float
    high: float
    rows: int = 1  # averages: rows of one customer that count

    @property
    def sensitivity(self) -> float:
        """How far one customer can move a released sum or count (over all groups together)."""
        return max(abs(self.low), abs(self.high)) * (self.rows if self.kind == "average" else 1)


@dataclass(frozen=True)
class Bounds:
    measures: Mapping[str, ContributionBound]
    unnamed_count: ContributionBound


def _bound(raw: Mapping[str, Any], where: str) -> ContributionBound:
    kind = str(raw.get("kind"))
    if kind not in KINDS:
        raise ValueError(f"{BOUNDS_FILE.name}: {where} needs kind one of {', '.join(KINDS)}")
    low, high = float(raw.get("low", 0)), float(raw["high"])
    if high <= low or (kind != "average" and low != 0):
        raise ValueError(f"{BOUNDS_FILE.name}: {where} has bad bounds [{low}, {high}]")
    return ContributionBound(kind, low, high, int(raw.get("rows", 1)))


@cache
def load_bounds(path: Path = BOUNDS_FILE) -> Bounds:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    measures = {str(name): _bound(spec, name) for name, spec in (raw.get("measures") or {}).items()}
    return Bounds(
        measures=MappingProxyType(measures),
        unnamed_count=_bound(raw["unnamed_count"], "unnamed_count"),
    )
