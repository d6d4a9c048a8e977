"""The overall value of an average or a ratio broken down by groups, in the same statement.

"Average order value by channel" shows each channel's own ratio; the overall one is neither their
sum nor their mean, it is total revenue over total orders. Each fact CTE already holds every
group's numerator and denominator, and those parts add up across the groups when they are sums,
counts, or distinct counts of the fact's own key (an order is in exactly one channel). So the
overall value is the metric's own expression over the parts summed by a window over all groups:
`SUM(orders_agg.revenue) OVER () / NULLIF(SUM(orders_agg.order_count) OVER (), 0)`, one more
column, `aov__overall`, in every row (the window runs before ORDER BY and LIMIT: over every
group, not just those shown). An average measure gets its sum and count next to its AVG in the
CTE. Parts that do not add up (distinct customers: one customer buys in two channels) leave the
metric without an overall value; the narrative then gives the range.

Only the plain shape is extended (no share of total, per-group ranking or growth series), and the
caller decides who may see it: the statement goes through the guards like any other.
"""

from __future__ import annotations

from dataclasses import replace

from sqlglot import exp

from semantic_layer.aggregation import AggregationKind, aggregation_kind
from semantic_layer.catalog import Catalog
from semantic_layer.compiler import CompiledQuery
from semantic_layer.model import Measure
from semantic_layer.render import render

OVERALL_SUFFIX = "__overall"
WITH_OVERALL = (AggregationKind.AVERAGE, AggregationKind.RATIO)
AVERAGE_PARTS = ("__sum", "__n")


def overall_column(metric: str) -> str:
    return f"{metric}{OVERALL_SUFFIX}"


def split_overall(columns: tuple[str, ...], rows: tuple[tuple[object, ...], ...]) -> tuple[
    tuple[str, ...], tuple[tuple[object, ...], ...], dict[str, object]
]:  # fmt: skip
    """The answer's own columns and rows, and {metric: overall value} taken out of them."""
    extra = [i for i, c in enumerate(columns) if c.endswith(OVERALL_SUFFIX)]
    if not extra:
        return columns, rows, {}
    kept = [i for i in range(len(columns)) if i not in extra]
    overall = {columns[i].removesuffix(OVERALL_SUFFIX): rows[0][i] if rows else None for i in extra}
    return tuple(columns[i] for i in kept), tuple(tuple(row[i] for i in kept) for row in rows), overall


def _eligible(compiled: CompiledQuery) -> bool:
    query = compiled.query
    plain = not (query.share_of_total or query.rank_within or getattr(query, "period_change", None))
    by_groups = bool(query.group_by) and not any(g.startswith("metric_time") for g in query.group_by)
    return plain and by_groups and isinstance(compiled.expression, exp.Select)


def _ctes(tree: exp.Select) -> dict[str, exp.Select]:
    with_ = tree.args.get("with_") or tree.args.get("with")
    found = with_.expressions if with_ is not None else []
    return {cte.alias: cte.this for cte in found if isinstance(cte.this, exp.Select)}


def _adds_up(measure: Measure | None, catalog: Catalog) -> bool:
    """Whether a measure's group values sum to its overall value."""
    if measure is None:
        return False
    if measure.agg in ("sum", "count"):
        return True
    model = catalog.semantic_models.get(measure.model)
    return measure.agg == "count_distinct" and model is not None and measure.expr == model.primary_key


def _part(cte: exp.Select, name: str) -> exp.Expr | None:
    return next((s.this for s in cte.selects if isinstance(s, exp.Alias) and s.alias == name), None)


def _average_parts(cte: exp.Select, name: str, average: exp.Avg) -> None:
    """SUM and COUNT of the AVG's argument next to it in the CTE (added once)."""
    if _part(cte, f"{name}__sum") is None:
        cte.select(
            exp.Sum(this=average.this.copy()).as_(f"{name}__sum"),
            exp.Count(this=average.this.copy()).as_(f"{name}__n"),
            copy=False,
        )


def _over_all_groups(column: exp.Column) -> exp.Window:
    return exp.Window(this=exp.Sum(this=column.copy()), over="OVER")


def _summed_part(column: exp.Column, ctes: dict[str, exp.Select], catalog: Catalog) -> exp.Expr | None:
    """One part of the metric summed over every group, or None when it does not add up."""
    cte = ctes.get(column.table)
    part = _part(cte, column.name) if cte is not None else None
    if cte is None or part is None:
        return None
    if isinstance(part, exp.Avg):
        _average_parts(cte, column.name, part)
        total = _over_all_groups(exp.column(f"{column.name}__sum", column.table))
        count = _over_all_groups(exp.column(f"{column.name}__n", column.table))
        return exp.Div(this=exp.Cast(this=total, to=exp.DataType.build("DOUBLE")),
                       expression=exp.Nullif(this=count, expression=exp.Literal.number(0)))  # fmt: skip
    return _over_all_groups(column) if _adds_up(catalog.measures.get(column.name), catalog) else None


def _overall_expression(value: exp.Expr, ctes: dict[str, exp.Select], catalog: Catalog) -> exp.Expr | None:
    """The metric's expression with each part summed over every group, or None when a part does not add up."""
    missing: list[exp.Column] = []

    def summed(node: exp.Expr) -> exp.Expr:
        if not isinstance(node, exp.Column):
            return node
        part = _summed_part(node, ctes, catalog)
        if part is None:
            missing.append(node)
            return node
        return part

    overall = value.copy().transform(summed, copy=False)
    return None if missing else overall


def with_overall(compiled: CompiledQuery, catalog: Catalog) -> CompiledQuery:
    """The compiled statement with `<metric>__overall` for each average or ratio metric whose parts add up."""
    if not _eligible(compiled):
        return compiled
    tree = compiled.expression.copy()
    assert isinstance(tree, exp.Select)
    ctes = _ctes(tree)
    outputs = {s.alias: s.this for s in tree.selects if isinstance(s, exp.Alias)}
    added: list[str] = []
    for metric in compiled.metrics:
        definition = catalog.metrics.get(metric)
        if definition is None or aggregation_kind(definition, catalog) not in WITH_OVERALL or metric not in outputs:
            continue
        overall = _overall_expression(outputs[metric], ctes, catalog)
        if overall is not None:
            tree.select(overall.as_(overall_column(metric)), copy=False)
            added.append(overall_column(metric))
    if not added:
        return compiled
    sql = render(tree, compiled.dialect)
    return replace(compiled, expression=tree, sql=sql, columns=compiled.columns + tuple(added))
