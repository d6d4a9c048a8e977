"""What the assistant loads once per warehouse: catalog, value index, lexicon, as-of date.

Loading is the slow part of a cold start; everything here is cached per (warehouse, the configured
engine's data location and change stamp, definitions fingerprint) so a warm process answers in
milliseconds. The location is the DuckDB file, or the Parquet export on Spark (engines.selection).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlglot import exp

from assistant.labels import Labels, labels_for
from assistant.planner.lexicon import Lexicon, build_lexicon
from data.errors import CdmError
from data.settings import warehouse_path
from engines.selection import warehouse_backend
from semantic_layer.aggregation import AggregationKind, aggregation_kinds
from semantic_layer.catalog import Catalog, load_catalog
from semantic_layer.data_span import data_start, first_dates
from semantic_layer.values import distinct_values


@dataclass(frozen=True)
class Resources:
    warehouse: Path
    catalog: Catalog
    lexicon: Lexicon
    as_of: date
    sql_engine: str = "duckdb"
    first_dates: Mapping[str, date] = field(default_factory=dict)  # fact model -> its data's first day

    def data_start(self, metrics: Iterable[str]) -> date | None:
        """The first day all of `metrics` have data for (periods before it are incomplete)."""
        return data_start(self.catalog, self.first_dates, metrics)

    def metric_format(self, name: str) -> str:
        metric = self.catalog.metrics.get(name)
        return str(metric.format) if metric is not None else "number"

    def formats(self) -> dict[str, str]:
        return {name: str(metric.format) for name, metric in self.catalog.metrics.items()}

    def aggregation_kinds(self) -> dict[str, AggregationKind]:
        """How each metric combines across groups (only additive ones get a total)."""
        return aggregation_kinds(self.catalog)

    def labels(self, language: str = "en") -> Labels:
        """Column headers and value labels in the reply language."""
        return labels_for(self.catalog, self.lexicon.labels, language)


AS_OF_QUERY = exp.select("value").from_("dataset_info").where(exp.column("key").eq(exp.Literal.string("as_of_date")))


def read_as_of(warehouse: Path) -> date:
    rows = warehouse_backend(warehouse).fetch(AS_OF_QUERY)
    if not rows:
        raise CdmError(f"the warehouse at {warehouse} has no as_of_date in dataset_info; rebuild it")
    return date.fromisoformat(str(rows[0][0]))


@lru_cache(maxsize=4)
def _load(warehouse: Path, location: Path, modified: float, fingerprint: str, engine: str) -> Resources:
    catalog = load_catalog()
    values = distinct_values(catalog, warehouse)
    lexicon, as_of = build_lexicon(catalog, values), read_as_of(warehouse)
    return Resources(warehouse, catalog, lexicon, as_of, engine, first_dates(catalog, warehouse))


def load_resources(warehouse: Path | None = None) -> Resources:
    """`Resources.warehouse` stays the DuckDB file on Spark too (the feedback index reads it); every
    query reads the configured engine's location (engines.selection.engine_location)."""
    backend = warehouse_backend(warehouse)  # CdmError "run cdm data build / export" when missing
    path = (warehouse or warehouse_path()).resolve()
    return _load(path, backend.location, backend.stamp(), load_catalog().fingerprint(), backend.engine)
