"""Command-line options -> SemanticQuery. `--where` text is parsed by sqlglot into filters, never run as SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlglot
from pydantic import ValidationError
from sqlglot import exp
from sqlglot.errors import ParseError

from data.errors import CdmError
from semantic_layer.query import Filter, FilterValue, OrderBy, Scalar, SemanticQuery, TimeRange

COMPARISONS: dict[type[exp.Expr], str] = {
    exp.EQ: "=",
    exp.NEQ: "!=",
    exp.GT: ">",
    exp.GTE: ">=",
    exp.LT: "<",
    exp.LTE: "<=",
    exp.Like: "like",
}


def split_names(values: Sequence[str] | str | None) -> tuple[str, ...]:
    """`revenue,aov` or repeated options -> ('revenue', 'aov')."""
    items = [values] if isinstance(values, str) else list(values or [])
    return tuple(name.strip() for item in items for name in item.split(",") if name.strip())


def _literal(node: exp.Expr, text: str) -> Scalar:
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        value = _literal(node.this, text)
        return -value if isinstance(value, int | float) and not isinstance(value, bool) else value
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Literal):
        if node.is_string:
            return str(node.this)
        number = float(node.this)
        return int(number) if number.is_integer() and "." not in node.this else number
    raise CdmError(f"--where {text!r}: values must be quoted text, numbers or true/false, not {node.sql()}")


def _dimension(node: exp.Expr, text: str) -> str:
    if isinstance(node, exp.Column) and not node.table:
        return node.name
    raise CdmError(f"--where {text!r}: the left side must be a dimension name, not {node.sql()}")


def _condition(node: exp.Expr, text: str) -> Filter:
    negated = isinstance(node, exp.Not)
    inner = node.this if negated else node
    value: FilterValue
    if isinstance(inner, exp.In) and inner.expressions and not inner.args.get("query"):
        op, value = ("not in" if negated else "in"), [_literal(v, text) for v in inner.expressions]
    elif isinstance(inner, exp.Between) and not negated:
        op, value = "between", [_literal(inner.args["low"], text), _literal(inner.args["high"], text)]
    elif type(inner) in COMPARISONS and not negated:
        op, value = COMPARISONS[type(inner)], _literal(inner.expression, text)
    else:
        raise CdmError(f"--where {text!r}: use =, !=, <, <=, >, >=, in, not in, between or like")
    return Filter.model_validate({"dimension": _dimension(inner.this, text), "op": op, "value": value})


def parse_where(text: str) -> tuple[Filter, ...]:
    """`member_tier in ('Gold','Platinum') and channel = 'app'` -> filters (AND only)."""
    try:
        tree = sqlglot.parse_one(text, read="duckdb")
    except ParseError as error:
        raise CdmError(f"--where {text!r} is not a condition: {str(error).splitlines()[0]}") from error
    if isinstance(tree, exp.Or) or tree.find(exp.Or):
        raise CdmError(f"--where {text!r}: OR is not supported; use 'in (...)' or several queries")
    conditions = list(tree.flatten()) if isinstance(tree, exp.And) else [tree]
    return tuple(_condition(c.unnest(), text) for c in conditions)


def _order(spec: str) -> OrderBy:
    return OrderBy(field=spec.lstrip("-+"), desc=spec.startswith("-"))


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CdmError(f"{option} {value!r} is not a date (use YYYY-MM-DD)") from error


def parse_query_options(
    metrics: Sequence[str] | str | None,
    by: Sequence[str] | str | None = None,
    where: Sequence[str] | str | None = None,
    start: str | None = None,
    end: str | None = None,
    order: Sequence[str] | str | None = None,
    limit: int | None = None,
) -> SemanticQuery:
    """The `cdm query` options as a semantic query; problems raise CdmError with one line."""
    wheres = [where] if isinstance(where, str) else list(where or [])
    filters = tuple(f for text in wheres if text.strip() for f in parse_where(text))
    start_date, end_date = _date(start, "--from"), _date(end, "--to")
    span = TimeRange(start=start_date, end=end_date) if start_date or end_date else None
    try:
        return SemanticQuery(
            metrics=split_names(metrics),
            group_by=split_names(by),
            filters=filters,
            time_range=span,
            order_by=tuple(_order(spec) for spec in split_names(order)),
            limit=limit,
        )
    except ValidationError as error:
        raise CdmError(f"invalid query: {error.errors()[0]['loc'][0]}: {error.errors()[0]['msg']}") from error
