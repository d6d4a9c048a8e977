"""Labels for dimension values, in English and Chinese: 'live_stream' is shown as 'Live stream' / '直播'.

Loaded once from `definitions/presentation/value_labels.yml` (a subfolder: the catalog loader reads
only the top level). Codes stay the data; labels are only for showing. A value made of other
dimensions' values ("Wuhan Standard 001") is labelled part by part through a `value_patterns`
entry ("武汉标准店 001"). A value with no label (a new store, an unstandardized spelling) is shown
as stored, never dropped or guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).resolve().parent / "definitions" / "presentation" / "value_labels.yml"
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class ValuePattern:
    """A value built from other dimensions' values: named groups of `match` are dimensions (or
    plain parts), `wording` the language -> template that puts their labels together."""

    match: re.Pattern[str]
    wording: dict[str, str]


@dataclass(frozen=True)
class ValueLabels:
    """dimension -> code -> language -> label, and dimension -> pattern for composed values."""

    by_dimension: dict[str, dict[str, dict[str, str]]]
    patterns: dict[str, ValuePattern] = field(default_factory=dict)

    def label(self, dimension: str, value: Any, language: str = "en") -> str | None:
        """The label, or None when the value has none (it is then shown as stored)."""
        if value is None:
            return None
        code = str(value).lower() if isinstance(value, bool) else str(value)
        entry = self.by_dimension.get(dimension, {}).get(code)
        if entry:
            return entry.get(language) or entry.get("en")
        return self._composed(dimension, code, language)

    def _composed(self, dimension: str, code: str, language: str) -> str | None:
        pattern = self.patterns.get(dimension)
        found = pattern.match.match(code) if pattern is not None else None
        if pattern is None or found is None:
            return None
        parts = {name: self._part(name, part, language) for name, part in found.groupdict().items()}
        return (pattern.wording.get(language) or pattern.wording["en"]).format(**parts)

    def _part(self, dimension: str, part: str, language: str) -> str:
        entry = self.by_dimension.get(dimension, {})
        found = entry.get(part) or entry.get(part.lower())
        return (found.get(language) or found.get("en") or part) if found else part

    def label_of_any(self, value: Any, language: str = "en") -> str | None:
        """The label of a code in whichever dimension lists it ("online, no store" in a notice)."""
        found = (self.label(name, value, language) for name in self.by_dimension)
        return next((label for label in found if label is not None), None)

    def has_labels(self, dimension: str) -> bool:
        return dimension in self.by_dimension

    def show(self, dimension: str, value: Any, language: str = "en") -> Any:
        """The label when there is one, else the value unchanged."""
        return self.label(dimension, value, language) or value


def _entries(raw: dict[str, Any]) -> dict[str, dict[str, dict[str, str]]]:
    direct = {name: spec for name, spec in raw.items() if "same_as" not in (spec or {})}
    shared = {name: direct[str(spec["same_as"])] for name, spec in raw.items() if "same_as" in (spec or {})}
    return {
        name: {str(code): {str(k): str(v) for k, v in labels.items()} for code, labels in codes.items()}
        for name, codes in {**direct, **shared}.items()
    }


@cache
def load_value_labels(path: Path = LABELS_FILE) -> ValueLabels:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    patterns = {
        str(name): ValuePattern(re.compile(str(spec["match"])), {k: str(v) for k, v in spec.items() if k != "match"})
        for name, spec in (data.get("value_patterns") or {}).items()
    }
    return ValueLabels(_entries(data.get("value_labels") or {}), patterns)
