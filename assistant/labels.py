"""What people read instead of names and codes: column headers and dimension values, per language.

English labels are the catalog's `label`s; Chinese ones are each entry's first Chinese synonym
(the catalog already lists them for the planner). Dimension values take their label from
`semantic_layer/value_labels.py`; time keys read by their grain ("Sep 2026", "Q3 2026").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.formatting import format_period
from assistant.periods import grain_of
from assistant.templates import CHINESE, phrase
from semantic_layer.catalog import Catalog
from semantic_layer.day_of_week import DAY_OF_WEEK
from semantic_layer.model import Dimension, Metric
from semantic_layer.value_labels import ValueLabels, load_value_labels

DERIVED_SUFFIXES = ("_change_pct", "_previous", "_change", "_share")
SQL_COUNT = re.compile(r"^count(_star)?\s*\(\s*\*?\s*\)$|^count_star\(\)$", re.IGNORECASE)
SQL_CALL = re.compile(r"^(\w+)\s*\((.*)\)$")


def chinese_labels(catalog: Catalog) -> dict[str, str]:
    """Metric and dimension name -> its first Chinese synonym."""
    items: list[Metric | Dimension] = [*catalog.metrics.values(), *catalog.dimensions.values()]
    found = {item.name: next((s for s in item.synonyms if CHINESE.search(s)), "") for item in items}
    return {name: label for name, label in found.items() if label}


@dataclass(frozen=True)
class Labels:
    """Headers and cell values for one reply language."""

    names: Mapping[str, str] = field(default_factory=dict)
    language: str = "en"
    values: ValueLabels = field(default_factory=load_value_labels)

    def column(self, column: str) -> str:
        if column in self.names:
            return self.names[column]
        grain = grain_of(column) or (column if column == DAY_OF_WEEK else None)
        if grain is not None:
            return phrase(self.language, f"grain_{grain}") if grain else column
        for suffix in DERIVED_SUFFIXES:
            base = column.removesuffix(suffix)
            if base != column and base in self.names:
                return phrase(self.language, f"suffix{suffix}", label=self.names[base])
        return readable(column, self.language)

    def value(self, column: str, value: Any) -> Any:
        """A cell as shown: a value's label, a period by its grain, anything else unchanged."""
        grain = grain_of(column)
        if grain is not None and value is not None:
            return format_period(value, grain, self.language)
        return self.values.show(column, value, self.language)

    def has_value_labels(self, column: str) -> bool:
        return self.values.has_labels(column)


def readable(column: str, language: str = "en") -> str:
    """A header for a column the catalog does not name: 'count_star()' -> 'Count', 'full_name' -> 'Full name'."""
    name = column.strip()
    if SQL_COUNT.match(name.replace(" ", "")):
        return phrase(language, "count_column")
    known = _column_phrase(name, language)  # feedback answers' own columns: current_count, source, text
    if known is not None:
        return known
    call = SQL_CALL.match(name)
    if call:
        inner = call.group(2).strip().strip('"') or "*"
        return f"{call.group(1).lower().replace('_', ' ').capitalize()} of {inner.replace('_', ' ')}"
    return name.replace("_", " ").capitalize()


def _column_phrase(name: str, language: str) -> str | None:
    try:
        return phrase(language, f"column_{name}")
    except KeyError:
        return None


def labels_for(catalog: Catalog, english: Mapping[str, str], language: str) -> Labels:
    """The headers for `language`: Chinese labels where the catalog has them, English otherwise."""
    if language == "zh":
        return Labels({**english, **chinese_labels(catalog)}, language)
    return Labels(english, language)
