"""Type checks for filter values: the op must suit the value shape and the dimension's data type."""

from __future__ import annotations

from semantic_layer.catalog import Catalog
from semantic_layer.errors import Issue
from semantic_layer.model import METRIC_TIME, Dimension
from semantic_layer.query import Filter
from semantic_layer.suggest import closest

LIST_OPS = ("in", "not in")
ORDER_OPS = (">", ">=", "<", "<=", "between")


def _type_ok(value: object, dimension: Dimension) -> bool:
    data_type = dimension.data_type
    if data_type == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if data_type == "integer":
        return isinstance(value, int)
    if data_type == "number":
        return isinstance(value, int | float)
    return isinstance(value, str)


def _shape_issue(flt: Filter) -> str | None:
    value = flt.value
    if flt.op in LIST_OPS:
        return None if isinstance(value, list) and value else f"'{flt.op}' needs a non-empty list of values"
    if flt.op == "between":
        return (
            None if isinstance(value, list) and len(value) == 2 else "'between' needs a list of two values [low, high]"
        )
    return f"'{flt.op}' needs a single value, not a list" if isinstance(value, list) else None


def _op_issue(flt: Filter, dimension: Dimension) -> str | None:
    if dimension.data_type == "boolean" and flt.op not in ("=", "!="):
        return f"{dimension.name} is true/false; use = or !="
    if flt.op == "like" and dimension.data_type != "string":
        return f"'like' only works on text dimensions, and {dimension.name} is {dimension.data_type}"
    return None


def check_filter(flt: Filter, catalog: Catalog, issues: list[Issue]) -> None:
    """Append an issue when a filter names an unknown dimension or has a badly typed value."""
    dimension = catalog.dimensions.get(flt.dimension)
    if dimension is None or dimension.name == METRIC_TIME:
        hint = closest(flt.dimension, [d for d in catalog.dimensions if d != METRIC_TIME])
        extra = "; use time_range for dates" if flt.dimension.startswith(METRIC_TIME) else hint
        issues.append(Issue("unknown_dimension", f"cannot filter on '{flt.dimension}'{extra}", "filters"))
        return
    problem = _shape_issue(flt) or _op_issue(flt, dimension)
    values = flt.value if isinstance(flt.value, list) else [flt.value]
    bad = next((v for v in values if not _type_ok(v, dimension)), None) if problem is None else None
    if bad is not None:
        problem = f"value {bad!r} does not fit {dimension.name}, which holds {dimension.data_type} values"
    if problem:
        issues.append(Issue("bad_filter_value", f"filter on {dimension.name}: {problem}", "filters"))
