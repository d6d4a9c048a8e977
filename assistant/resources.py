"""What the assistant loads once per warehouse: catalog, value index, lexicon, as-of date.

Loading is the slow part of a cold start; everything here is cached per (warehouse file,
definitions fingerprint) so a warm process answers in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from assistant.planner.lexicon import Lexicon, build_lexicon
from data.errors import CdmError
from data.settings import warehouse_path
from semantic_layer.catalog import load_catalog
from semantic_layer.values import distinct_values


@dataclass(frozen=True)
class Resources:
    warehouse: Path
    catalog: Any
    lexicon: Lexicon
    as_of: date

    def metric_format(self, name: str) -> str:
        metric = self.catalog.metrics.get(name)
        return str(metric.format) if metric is not None else "number"

    def formats(self) -> dict[str, str]:
        return {name: str(metric.format) for name, metric in self.catalog.metrics.items()}


def read_as_of(warehouse: Path) -> date:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        row = connection.execute("SELECT value FROM dataset_info WHERE key = 'as_of_date'").fetchone()
    if row is None:
        raise CdmError(f"the warehouse at {warehouse} has no as_of_date in dataset_info; rebuild it")
    return date.fromisoformat(str(row[0]))


@lru_cache(maxsize=4)
def _load(warehouse: Path, modified: float, fingerprint: str) -> Resources:
    catalog = load_catalog()
    values = distinct_values(catalog, warehouse)
    return Resources(warehouse, catalog, build_lexicon(catalog, values), read_as_of(warehouse))


def load_resources(warehouse: Path | None = None) -> Resources:
    path = (warehouse or warehouse_path()).resolve()
    if not path.exists():
        raise CdmError(f"no warehouse at {path}; run `cdm data build` first")
    return _load(path, path.stat().st_mtime, load_catalog().fingerprint())
