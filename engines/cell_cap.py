"""Capping cells inside the statement when it can grow values (`SELECT repeat('x', 1e6) FROM orders`).

A fetch cannot stop DuckDB from building its first chunk of 2,048 rows, so a statement that calls a
value-growing function (`growing_functions.yml`) is wrapped before it runs: text columns keep one
character more than the cell budget (the fetch cuts it and counts it for the notice), nested
columns over the budget become null (a flag column counts them for the notice). Statements without such a function (every compiled metric
query) run exactly as the guard rewrote them. The wrapper is part of the rendered SQL, so the SQL
shown and audited is the SQL run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import yaml
from sqlglot import exp

from engines.base import QueryOutput

GROWING_FILE = Path(__file__).with_name("growing_functions.yml")
TEXT_TYPES = frozenset({"VARCHAR", "JSON", "BLOB"})
NESTED_MARKS = ("[]", "STRUCT(", "MAP(", "UNION(", "[")


@cache
def growing_functions() -> frozenset[str]:
    return frozenset(str(n).lower() for n in yaml.safe_load(GROWING_FILE.read_text(encoding="utf-8")))


def _name(node: exp.Func) -> str:
    return node.name.lower() if isinstance(node, exp.Anonymous) else node.sql_name().lower()


def _inside_view(node: exp.Expr, view_alias: str) -> bool:
    select = node.find_ancestor(exp.Select)
    while select is not None:
        source = select.args.get("from_") or select.args.get("from")
        if isinstance(source, exp.From) and isinstance(source.this, exp.Table) and source.this.alias == view_alias:
            return True
        select = select.find_ancestor(exp.Select)
    return False


def grows_values(expression: exp.Expr, view_alias: str = "") -> bool:
    """Does the statement call a function that can make a value larger than its inputs? Calls inside
    the guards' policy views (their base table aliased `view_alias`: masking) do not count."""
    names = growing_functions()
    calls = (node for node in expression.find_all(exp.Func) if _name(node) in names)
    return any(not (view_alias and _inside_view(node, view_alias)) for node in calls)


CUT_FLAG = "__cut_"  # a flag column per nested column: was its value nulled for being too long?


def _too_long(column: str, cell_bytes: int) -> exp.Expr:
    length = exp.Length(this=exp.cast(exp.column(column, quoted=True), exp.DataType.build("VARCHAR")))
    return exp.GT(this=length, expression=exp.Literal.number(cell_bytes))


def _capped(column: str, type_name: str, cell_bytes: int) -> exp.Expr:
    ref = exp.column(column, quoted=True)
    if type_name in ("VARCHAR", "JSON"):
        return exp.Substring(this=ref, start=exp.Literal.number(1), length=exp.Literal.number(cell_bytes + 1))
    return exp.Case(ifs=[exp.If(this=_too_long(column, cell_bytes), true=exp.Null())], default=ref)


def _needs_cap(type_name: str) -> bool:
    return type_name in TEXT_TYPES or any(mark in type_name for mark in NESTED_MARKS)


def cap_cells(expression: exp.Expr, columns: Sequence[str], types: Sequence[str], cell_bytes: int) -> exp.Expr:
    """The statement wrapped so that no text or nested output value exceeds the cell budget; a nested
    column also gets a `__cut_<n>` flag column (the engine counts and drops them: `strip_cut_flags`)."""
    if not any(_needs_cap(t) for t in types) or len(set(columns)) != len(columns):
        return expression
    projections = [
        exp.alias_(_capped(c, t, cell_bytes), c, quoted=True) if _needs_cap(t) else exp.column(c, quoted=True)
        for c, t in zip(columns, types, strict=True)
    ]
    nested = [c for c, t in zip(columns, types, strict=True) if _needs_cap(t) and t not in ("VARCHAR", "JSON")]
    flags = [exp.alias_(_too_long(c, cell_bytes), f"{CUT_FLAG}{i}", quoted=True) for i, c in enumerate(nested)]
    return exp.select(*projections, *flags).from_(
        exp.Subquery(this=expression.copy(), alias=exp.TableAlias(this=exp.to_identifier("__capped")))
    )


def strip_cut_flags(output: QueryOutput) -> QueryOutput:
    """The output without the flag columns, the values they flag counted as cut."""
    keep = [i for i, name in enumerate(output.columns) if not name.startswith(CUT_FLAG)]
    if len(keep) == len(output.columns):
        return output
    flagged = [i for i in range(len(output.columns)) if i not in keep]
    cut = sum(1 for row in output.rows for i in flagged if row[i])
    rows = tuple(tuple(row[i] for i in keep) for row in output.rows)
    columns = tuple(output.columns[i] for i in keep)
    return replace(output, columns=columns, rows=rows, cut_cells=output.cut_cells + cut)
