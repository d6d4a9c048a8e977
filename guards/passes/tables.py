"""Pass 4: resolve every table reference, in every scope, to a CTE or an allowed base table.

CTEs are renamed to unique internal names, so a CTE that shadows a table name can never be
confused with the table (by us or by DuckDB), and the table inside its body is still a base
reference. Base references are marked for the policy-view pass; anything else (table
functions, files, system catalogs, other databases, hidden tables) is rejected.
"""

from __future__ import annotations

from itertools import count

from sqlglot import exp

from engines.notice_figures import SqlName
from guards.passes.context import BASE_META, CTE_META, GuardContext, reject
from guards.policy import allowed_tables

ALLOWED_CATALOGS = ("memory", "warehouse")
ALLOWED_SCHEMAS = ("main",)
TABLE_ARGS = frozenset({"this", "alias", "db", "catalog", "pivots", "sample", "joins", "laterals"})


def _check_qualifiers(table: exp.Table) -> None:
    if not isinstance(table.this, exp.Identifier):
        label = table.this.sql_name().lower() if isinstance(table.this, exp.Func) else type(table.this).__name__
        if isinstance(table.this, exp.Anonymous):
            label = table.this.name.lower()
        raise reject("table_function", f"table functions are not allowed: {label}", figures=SqlName(label))
    extra = sorted(k for k, v in table.args.items() if v and k not in TABLE_ARGS)
    if extra:
        raise reject("unsupported_syntax", f"unsupported table option: {extra[0]}", figures=SqlName(extra[0]))
    if table.catalog and table.catalog.lower() not in ALLOWED_CATALOGS:
        raise reject("table_not_allowed", f"database {table.catalog} is not available", figures=SqlName(table.catalog))
    if table.db and table.db.lower() not in ALLOWED_SCHEMAS:
        qualified = f"{table.db}.{table.name}"
        raise reject("table_not_allowed", f"table {qualified} is not available", figures=SqlName(qualified))


def _resolve_table(table: exp.Table, visible: dict[str, str]) -> None:
    _check_qualifiers(table)
    name = table.name.lower()
    if not table.db and not table.catalog and name in visible:
        if not table.alias:
            table.set("alias", exp.TableAlias(this=exp.to_identifier(table.name)))
        table.set("this", exp.to_identifier(visible[name]))
        table.meta[CTE_META] = name
        return
    if name not in allowed_tables():
        message = f"table {table.name} is not available"
        raise reject("table_not_allowed", message, table=table.name, figures=SqlName(table.name))
    table.meta[BASE_META] = name


def _resolve_with(node: exp.Expr, visible: dict[str, str], ids: count[int]) -> dict[str, str]:
    """Walk CTE bodies in order; returns the names visible to the rest of the query."""
    with_ = node.args["with_"]
    scope = dict(visible)
    for cte in with_.expressions:
        name, internal = cte.alias_or_name.lower(), f"__cte{next(ids)}"
        if with_.args.get("recursive"):
            scope[name] = internal
        _resolve(cte.this, scope, ids)
        scope[name] = internal
        cte.args["alias"].set("this", exp.to_identifier(internal))
    return scope


def _resolve(node: exp.Expr, visible: dict[str, str], ids: count[int]) -> None:
    if isinstance(node, exp.Table):
        _resolve_table(node, visible)
    scope = _resolve_with(node, visible, ids) if node.args.get("with_") else visible
    for key, value in list(node.args.items()):
        if key == "with_":
            continue
        if isinstance(value, exp.Expr):
            _resolve(value, scope, ids)
        elif isinstance(value, list):
            for child in value:
                if isinstance(child, exp.Expr):
                    _resolve(child, scope, ids)


def resolve_tables(ctx: GuardContext) -> GuardContext:
    _resolve(ctx.expression, {}, count(1))
    return ctx
