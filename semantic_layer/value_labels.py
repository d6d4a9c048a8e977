"""Labels for dimension values, in English and Chinese: 'live_stream' is shown as 'Live stream' / '直播'.

Loaded once from `definitions/presentation/value_labels.yml` (a subfolder: the catalog loader reads
only the top level). Codes stay the data; labels are only for showing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).resolve().parent / "definitions" / "presentation" / "value_labels.yml"
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class ValueLabels:
    """dimension -> code -> language -> label."""

    by_dimension: dict[str, dict[str, dict[str, str]]]

    def label(self, dimension: str, value: Any, language: str = "en") -> str | None:
        """The label, or None when the value has none (it is then shown as stored)."""
        if value is None:
            return None
        code = str(value).lower() if isinstance(value, bool) else str(value)
        entry = self.by_dimension.get(dimension, {}).get(code)
        return (entry.get(language) or entry.get("en")) if entry else None

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
    return ValueLabels(_entries(data.get("value_labels") or {}))
