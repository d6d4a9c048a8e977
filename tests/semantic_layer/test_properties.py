"""Property: combining metrics in one query never changes any metric's numbers.

For random metric sets, group-bys and filters, each metric's column in the combined result equals
the same metric queried alone, key by key (the fan-out and key-spine logic must be invisible).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from semantic_layer.catalog import Catalog, load_catalog
from semantic_layer.compiler import compile_query
from semantic_layer.errors import SemanticQueryError
from semantic_layer.query import SemanticQuery

from .conftest import run_semantic

CATALOG = load_catalog()
GROUPINGS = ["region", "channel", "member_tier", "category", "store_name", "metric_time__year", "metric_time__month"]
FILTERS = [
    {"dimension": "member_tier", "op": "in", "value": ["Gold", "Platinum"]},
    {"dimension": "channel", "op": "!=", "value": "store"},
    {"dimension": "region", "op": "=", "value": "East"},
]
SPANS = [None, {"start": "2025-01-01", "end": "2025-12-31"}]

queries = st.fixed_dictionaries(
    {
        "metrics": st.lists(st.sampled_from(sorted(CATALOG.metrics)), min_size=2, max_size=4, unique=True),
        "group_by": st.lists(st.sampled_from(GROUPINGS), max_size=2, unique=True),
        "filters": st.lists(st.sampled_from(FILTERS), max_size=1),
        "time_range": st.sampled_from(SPANS),
    }
)


def _close(actual: Any, expected: Any, fill: bool) -> bool:
    if fill and actual in (None, 0) and expected in (None, 0):
        return True
    if isinstance(actual, int | float) and isinstance(expected, int | float):
        return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-6)
    return bool(actual == expected)


def _fills(metric: str, catalog: Catalog) -> bool:
    measures = [catalog.measures[m] for m in catalog.metrics[metric].measures]
    return all(m.fill_nulls_with is not None for m in measures)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=queries)
def test_combining_metrics_changes_no_numbers(payload: dict[str, Any], catalog: Catalog, warehouse: Path) -> None:
    try:
        compile_query(SemanticQuery.model_validate(payload), catalog)
    except SemanticQueryError:
        assume(False)
    keys = len(payload["group_by"])
    combined = run_semantic(payload, catalog, warehouse)
    assert len({tuple(row[:keys]) for row in combined}) == len(combined), "duplicate keys"
    for index, metric in enumerate(payload["metrics"]):
        alone = run_semantic({**payload, "metrics": [metric]}, catalog, warehouse)
        expected = {tuple(row[:keys]): row[keys] for row in alone}
        assert set(expected) <= {tuple(row[:keys]) for row in combined}
        for row in combined:
            value = expected.get(tuple(row[:keys]))
            assert _close(row[keys + index], value, _fills(metric, catalog)), (metric, row, value)
