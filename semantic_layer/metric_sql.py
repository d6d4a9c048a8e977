"""A metric's value over the fact CTEs: a measure, a ratio of sums, or an expression over metrics."""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from semantic_layer.catalog import Catalog
from semantic_layer.model import Metric
from semantic_layer.snippets import parse_snippet


def measure_ref(name: str, catalog: Catalog, cte_name: Callable[[str], str], fill: bool) -> exp.Expr:
    """A measure column of its fact's CTE; COALESCEd to its fill value when rows may be missing."""
    measure = catalog.measures[name]
    column: exp.Expr = exp.column(name, table=cte_name(measure.model))
    if fill and measure.fill_nulls_with is not None:
        value = measure.fill_nulls_with
        column = exp.func("coalesce", column, exp.convert(int(value) if value.is_integer() else value))
    return column


def metric_expr(metric: Metric, catalog: Catalog, cte_name: Callable[[str], str], multi: bool) -> exp.Expr:
    """`multi` says facts are outer-joined, so a measure may be missing on a row and needs its fill value."""
    if metric.type == "ratio":
        numerator = measure_ref(metric.numerator or "", catalog, cte_name, multi)
        denominator = measure_ref(metric.denominator or "", catalog, cte_name, multi)
        nullif = exp.Nullif(this=denominator, expression=exp.Literal.number(0))
        return exp.Div(this=exp.cast(numerator, "double"), expression=nullif)
    if metric.type == "derived":
        inputs = {name: metric_expr(catalog.metrics[name], catalog, cte_name, True) for name in metric.inputs}

        def substitute(node: exp.Expr) -> exp.Expr:
            if not isinstance(node, exp.Column):
                return node
            value = inputs[node.name].copy()
            return exp.Paren(this=value) if isinstance(value, exp.Binary) else value

        return parse_snippet(metric.expr or "0").copy().transform(substitute)
    return measure_ref(metric.measures[0], catalog, cte_name, multi)
