"""The catalog's typed, frozen objects: semantic models, measures, metrics, dimensions.

These are plain data built once by the loader from YAML; the compiler and the planner only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from semantic_layer.query import SemanticQuery

Status = Literal["certified", "draft"]
DimensionKind = Literal["categorical", "boolean", "time"]
DataType = Literal["string", "integer", "number", "boolean", "date", "timestamp"]
Aggregation = Literal["sum", "count", "count_distinct", "average"]
MetricType = Literal["simple", "ratio", "derived"]
Cardinality = Literal["many_to_one", "one_to_one"]
GRAINS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")
METRIC_TIME = "metric_time"


@dataclass(frozen=True)
class Where:
    """Where a definition lives: `file:line`."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Relationship:
    """`model.foreign_key` references the primary key of `to` (never fans out going this way)."""

    to: str
    foreign_key: str
    cardinality: Cardinality
    where: Where
    # rows whose foreign key is empty (online orders have no store) are grouped under this label
    empty_label: str | None = None


@dataclass(frozen=True)
class TimeDimension:
    name: str
    column: str
    data_type: DataType
    where: Where


@dataclass(frozen=True)
class Measure:
    """An aggregation at its model's grain; `filters` are SQL conjuncts (definitions, not user input)."""

    name: str
    model: str
    agg: Aggregation
    expr: str
    filters: tuple[str, ...]
    fill_nulls_with: float | None
    description: str
    where: Where


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    description: str
    synonyms: tuple[str, ...]
    owner: str
    status: Status
    kind: DimensionKind
    data_type: DataType
    model: str | None
    table: str | None
    column: str | None
    privacy_class: str
    index_values: bool
    where: Where


@dataclass(frozen=True)
class ShareOf:
    """A rate that is the share of another metric's rows meeting a filter (`share_of:` in
    metrics.yml): consent_rate is the share of customer_count with marketing_consent = true."""

    metric: str
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    description: str
    synonyms: tuple[str, ...]
    owner: str
    status: Status
    type: MetricType
    measures: tuple[str, ...]
    numerator: str | None
    denominator: str | None
    expr: str | None
    inputs: tuple[str, ...]
    alternatives: tuple[str, ...]
    format: str
    where: Where
    privacy_classes: dict[str, str] = field(default_factory=dict)
    time_dimensions: tuple[str, ...] = ()
    # polarity: True when more is better (revenue), False when less is (churn), None when neither
    higher_is_better: bool | None = None
    share_of: ShareOf | None = None

    @property
    def has_time(self) -> bool:
        return bool(self.time_dimensions)


@dataclass(frozen=True)
class SemanticModel:
    name: str
    table: str
    description: str
    owner: str
    entity: str
    primary_key: str | None
    relationships: tuple[Relationship, ...]
    agg_time_dimension: str | None
    time_dimensions: tuple[TimeDimension, ...]
    dimensions: tuple[str, ...]
    measures: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class VerifiedQuery:
    question: str
    query: SemanticQuery
    verified_by: str
    where: Where
