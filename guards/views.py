"""Policy views: what a base-table reference becomes for a principal.

`(SELECT <visible columns, masked or generalized> FROM main.t WHERE <row filter>) AS alias`.
Masks apply inside the view, so every expression outside it only ever sees masked values and
filtered rows. Row filters of the tables in `propagate_from` follow the dictionary's foreign
keys to dependent tables. Attribute values enter the tree only as literals.
"""

from __future__ import annotations

from functools import cache, lru_cache

import sqlglot
from sqlglot import exp

from data.errors import CdmError
from guards.grants import GRANTS_META, GrantScope, grant_scopes, granted_expression
from guards.policy import ColumnAction, column_action, load_policies, role_policy, table_spec
from guards.positions import forget_positions
from guards.principal import Principal
from guards.schema import TableSpec

SOURCE_ALIAS = "__src"
ENTITY_KEY = "__cdm_key"
VIEW_META = "cdm_view"
ENTITY_META = "cdm_entity_key"  # on a view: whether its body carries ENTITY_KEY
MAX_DEPTH = 4


@cache
def _template(name: str) -> exp.Expr:
    return sqlglot.parse_one(load_policies().masking_functions[name], read="duckdb")


def masked_expression(action: ColumnAction, column: exp.Expr) -> exp.Expr:
    """The masking/generalizing function applied to `column` (the template's `value`)."""
    if action.function is None:
        return column
    template = _template(action.function).copy()
    return template.transform(lambda n: column.copy() if isinstance(n, exp.Column) and n.name == "value" else n)


def _literal(value: str) -> exp.Expr:
    return exp.Literal.string(value)


def _own_filter(principal: Principal, table: str) -> exp.Expr | None:
    text = role_policy(principal).row_filters.get(table)
    if not text:
        return None

    def bind(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Placeholder):
            value = principal.attributes.get(node.name)
            if value is None:
                raise CdmError(f"role {principal.role} needs the attribute {node.name}")
            return _literal(value)
        return node

    return sqlglot.parse_one(text, read="duckdb").transform(bind)


def _spec(table: str) -> TableSpec:
    spec = table_spec(table)
    if spec is None:
        raise CdmError(f"table {table} is not described in the data dictionary")
    return spec


def _propagated_filter(principal: Principal, table: str, depth: int = 0) -> exp.Expr | None:
    """The filter a table inherits from `propagate_from` roots along foreign keys."""
    policy = role_policy(principal)
    parts: list[exp.Expr] = []
    if table in policy.propagate_from:
        own = _own_filter(principal, table)
        parts += [own] if own is not None else []
    if depth < MAX_DEPTH:
        keys = _spec(table).foreign_keys
        direct = [fk for fk in keys if fk.ref_table in policy.propagate_from]
        for fk in direct or keys:
            parent = _propagated_filter(principal, fk.ref_table, depth + 1)
            if parent is not None:
                parts.append(_in_parent(fk.column, fk.ref_table, fk.ref_column, parent))
    return exp.and_(*parts) if parts else None


def _in_parent(column: str, parent: str, parent_column: str, condition: exp.Expr) -> exp.Expr:
    sub = exp.select(exp.column(parent_column)).from_(exp.table_(parent, db="main")).where(condition)
    return exp.column(column).isin(query=sub)


def row_filter(principal: Principal, table: str) -> exp.Expr | None:
    """Own filter AND the filters propagated from parents (over the table's own columns)."""
    table = table.lower()
    parts = [p for p in (_own_filter(principal, table), _propagated_filter(principal, table)) if p is not None]
    unique = list({p.sql(): p for p in parts}.values())
    return exp.and_(*unique) if unique else None


def entity_key(table: str, qualifier: str, depth: int = 0) -> exp.Expr | None:
    """An expression giving the protected entity (customer) behind each row, if there is one."""
    policies = load_policies()
    spec = _spec(table)
    if table == policies.entity_table:
        return exp.column(policies.entity_column, table=qualifier)
    for fk in spec.foreign_keys:
        if fk.ref_table == policies.entity_table:
            return exp.column(fk.column, table=qualifier)
    for fk in spec.foreign_keys if depth < MAX_DEPTH else ():
        inner_alias = f"__k{depth}"
        inner = entity_key(fk.ref_table, inner_alias, depth + 1)
        if inner is not None:
            on = exp.column(fk.ref_column, table=inner_alias).eq(exp.column(fk.column, table=qualifier))
            source = exp.table_(fk.ref_table, db="main", alias=inner_alias)
            return exp.Subquery(this=exp.select(inner).from_(source).where(on))
    return None


def visible_columns(principal: Principal, table: str) -> list[tuple[str, ColumnAction]]:
    return [
        (c.name, action) for c in _spec(table).columns if (action := column_action(principal, table, c.name)).visible
    ]


@lru_cache(maxsize=512)
def _view_body(principal: Principal, table: str, grants: tuple[GrantScope, ...] = ()) -> exp.Select:
    """Built once per principal, table and active grants; callers get a copy (building costs far more than copying)."""
    projections: list[exp.Expr] = [
        exp.alias_(_column_expression(action, name, grants), name, quoted=False)
        for name, action in visible_columns(principal, table)
    ]
    if role_policy(principal).aggregate_only:
        key = entity_key(table, SOURCE_ALIAS)
        if key is not None:
            projections.append(exp.alias_(key, ENTITY_KEY))
    select = exp.select(*projections, copy=False).from_(exp.table_(table, db="main", alias=SOURCE_ALIAS), copy=False)
    condition = row_filter(principal, table)
    body = select.where(condition, copy=False) if condition is not None else select
    for node in body.walk():  # masks and row filters were parsed from the policy file
        forget_positions(node)
    return body


def _column_expression(action: ColumnAction, name: str, grants: tuple[GrantScope, ...]) -> exp.Expr:
    raw = exp.column(name, table=SOURCE_ALIAS)
    return granted_expression(masked_expression(action, raw), raw, name, grants)


def has_entity_key(view: exp.Subquery) -> bool:
    """Whether a policy view's rows carry the customer behind them (`__cdm_key`)."""
    known = view.meta_get(ENTITY_META)
    return bool(known) if known is not None else any(s.alias_or_name == ENTITY_KEY for s in view.this.expressions)


def policy_view(principal: Principal, table: str, alias: str) -> exp.Subquery:
    """The subquery that replaces a reference to `table` for this principal (and their active grants)."""
    grants = grant_scopes(principal.user, table.lower())
    body = _view_body(principal, table.lower(), grants)
    view = exp.Subquery(this=body.copy(), alias=exp.TableAlias(this=exp.to_identifier(alias)))
    # one meta dict of plain values: every copy of the tree deep-copies it (a set there costs twice as much)
    view.meta[VIEW_META] = table.lower()
    view.meta[GRANTS_META] = tuple(sorted({g.request_id for g in grants}))
    view.meta[ENTITY_META] = _carries_entity_key(principal, table.lower(), grants)
    return view


@lru_cache(maxsize=512)
def _carries_entity_key(principal: Principal, table: str, grants: tuple[GrantScope, ...]) -> bool:
    return any(p.alias_or_name == ENTITY_KEY for p in _view_body(principal, table, grants).expressions)
