"""The data-quality rules (`data/quality.yml`) as typed, frozen objects, loaded in one place."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from data.errors import CdmError
from data.reference import load_reference

QUALITY_PATH = Path(__file__).with_name("quality.yml")
DIMENSIONS = ("completeness", "validity", "uniqueness", "consistency")


@dataclass(frozen=True)
class QualityRule:
    """One rule: the column it checks, its dimension and the pass rate it must reach."""

    name: str
    table: str
    column: str
    dimension: str
    threshold: float


@dataclass(frozen=True)
class QualityRules:
    placeholders: dict[str, tuple[str, ...]]
    formats: dict[str, str]
    min_age_years: int
    max_age_years: int
    suffixes: tuple[str, ...]
    names: dict[str, tuple[str, ...]]
    rules: tuple[QualityRule, ...]

    def rule(self, name: str) -> QualityRule:
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise CdmError(f"unknown quality rule {name!r}")

    def standard_places(self) -> dict[str, dict[str, str]]:
        """kind (city, province) -> lookup key -> standard spelling (from data/geography.yml)."""
        cities = load_reference("geography")["cities"]
        places: dict[str, dict[str, str]] = {"city": {}, "province": {}}
        for kind in places:
            for standard in sorted({str(c[kind]) for c in cities}):
                keys = (standard, *self.names.get(standard, ()))
                places[kind].update({key.lower().strip(): standard for key in keys})
        return places


def _rule(name: str, raw: dict[str, Any]) -> QualityRule:
    dimension = str(raw["dimension"])
    if dimension not in DIMENSIONS:
        raise CdmError(f"data/quality.yml: rule {name} has unknown dimension {dimension!r}")
    threshold = float(raw["threshold"])
    if not 0.0 <= threshold <= 1.0:
        raise CdmError(f"data/quality.yml: rule {name} threshold must be between 0 and 1")
    return QualityRule(name, str(raw["table"]), str(raw["column"]), dimension, threshold)


def parse_rules(document: dict[str, Any]) -> QualityRules:
    standardize = document.get("standardize") or {}
    birth = document.get("birth_date") or {}
    return QualityRules(
        placeholders={k: tuple(str(v).lower().strip() for v in vs) for k, vs in document["placeholders"].items()},
        formats={k: str(v) for k, v in document["formats"].items()},
        min_age_years=int(birth.get("min_age_years", 0)),
        max_age_years=int(birth.get("max_age_years", 150)),
        suffixes=tuple(str(s).lower() for s in standardize.get("suffixes", ())),
        names={k: tuple(str(v) for v in vs) for k, vs in (standardize.get("names") or {}).items()},
        rules=tuple(_rule(name, raw) for name, raw in document["rules"].items()),
    )


def load_rules(path: Path | None = None) -> QualityRules:
    """The rules file (default data/quality.yml); a bad file is a CdmError with the reason."""
    target = path or QUALITY_PATH
    if path is None:
        return _default_rules()
    try:
        document = yaml.safe_load(target.read_text(encoding="utf-8"))
        return parse_rules(document)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise CdmError(f"cannot read quality rules {target}: {error}") from error


@cache
def _default_rules() -> QualityRules:
    with QUALITY_PATH.open(encoding="utf-8") as handle:
        return parse_rules(yaml.safe_load(handle))
