"""Pass 5: a query that names a denied column gets a clear notice, not a binder error.

Denied columns are simply absent from the policy views, so this pass is about the message,
not about enforcement: "customers.id_number is not available to role analyst". Denied names
in `* EXCLUDE (...)` are dropped, since excluding what you cannot see is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlglot import exp

from guards.decision import Notice
from guards.passes.context import BASE_META, GuardContext, reject
from guards.policy import ColumnAction, column_action, table_spec
from guards.principal import Principal


@dataclass(frozen=True)
class _TableColumns:
    """What the principal may not see, and sees changed, in a set of tables (policies are read
    once per process, so this is a pure function of the principal and the tables)."""

    denied: dict[str, str]  # denied column name -> the table it belongs to
    changed: tuple[tuple[str, str, ColumnAction], ...]  # (table, column, mask or generalize), in table order


@lru_cache(maxsize=1024)
def _table_columns(principal: Principal, tables: frozenset[str]) -> _TableColumns:
    denied: dict[str, str] = {}
    changed: list[tuple[str, str, ColumnAction]] = []
    for table in sorted(tables):
        spec = table_spec(table)
        for column in spec.columns if spec else ():
            action = column_action(principal, table, column.name)
            if not action.visible:
                denied.setdefault(column.name, table)
            elif action.kind in ("mask", "generalize"):
                changed.append((table, column.name, action))
    return _TableColumns(denied, tuple(changed))


@dataclass(frozen=True)
class _Nodes:
    """The nodes this pass reads, collected in one walk (breadth first, as find_all)."""

    tables: list[exp.Table]
    columns: list[exp.Column]
    stars: list[exp.Star]
    aliases: list[exp.Alias]
    table_aliases: list[exp.TableAlias]


_KINDS: tuple[type[exp.Expr], ...] = (exp.Table, exp.Column, exp.Star, exp.Alias, exp.TableAlias)


_KIND_OF: dict[type, int | None] = {}


def _kind(node_type: type[exp.Expr]) -> int | None:
    """Which of _KINDS a node type is (subclasses included, as find_all would); memoized per type."""
    if node_type not in _KIND_OF:
        _KIND_OF[node_type] = next((i for i, kind in enumerate(_KINDS) if issubclass(node_type, kind)), None)
    return _KIND_OF[node_type]


def _nodes(root: exp.Expr) -> _Nodes:
    found = _Nodes([], [], [], [], [])
    buckets: tuple[list, ...] = (found.tables, found.columns, found.stars, found.aliases, found.table_aliases)
    for node in root.walk():
        kind = _kind(type(node))
        if kind is not None:
            buckets[kind].append(node)
    return found


def _defined_names(nodes: _Nodes) -> set[str]:
    """Names the query itself defines (aliases, CTE/derived columns): not references to denied ones."""
    names = {a.alias.lower() for a in nodes.aliases if a.alias}
    for alias in nodes.table_aliases:
        names |= {c.name.lower() for c in alias.columns}
    return names


def _drop_from_exclude(star: exp.Star, denied: dict[str, str]) -> list[exp.Expr]:
    """Drops denied names from `* EXCLUDE (...)`; returns the dropped nodes (no longer in the tree)."""
    excluded = star.args.get("except_") or []
    kept = [c for c in excluded if c.name.lower() not in denied]
    star.set("except_", kept or None)
    return [c for c in excluded if c.name.lower() in denied]


def _masked_notices(ctx: GuardContext, columns: _TableColumns, named: set[str]) -> GuardContext:
    """Tell the user which of the columns they named are masked or generalized for their role."""
    for table, name, action in columns.changed:
        if name in named:
            done = "masked" if action.kind == "mask" else "generalized"
            message = f"{table}.{name} is {done} ({action.function}) for role {ctx.principal.role}"
            ctx = ctx.with_notice(Notice(done, message, table, name))
    return ctx


def check_denied_columns(ctx: GuardContext) -> GuardContext:
    nodes = _nodes(ctx.expression)
    tables = frozenset(t.meta_get(BASE_META) for t in nodes.tables if t.meta_get(BASE_META) is not None)
    columns = _table_columns(ctx.principal, tables)
    denied = columns.denied
    if not denied:
        return _masked_notices(ctx, columns, {c.name.lower() for c in nodes.columns})
    replaced: list[str] = []
    dropped: set[int] = set()
    for star in nodes.stars:
        dropped |= {id(c) for c in _drop_from_exclude(star, denied)}
        replaced += [a.alias.lower() for a in star.args.get("replace") or []]
    present = [c for c in nodes.columns if id(c) not in dropped]
    defined = _defined_names(nodes) - set(replaced)
    for name in [c.name.lower() for c in present] + replaced:
        if name in denied and name not in defined:
            raise _denied(ctx, denied[name], name)
    return _masked_notices(ctx, columns, {c.name.lower() for c in present})


def _denied(ctx: GuardContext, table: str, column: str) -> Exception:
    message = f"{table}.{column} is not available to role {ctx.principal.role}"
    return reject("column_denied", message, table=table, column=column)
