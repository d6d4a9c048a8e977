"""Pass 5: a query that names a denied column gets a clear notice, not a binder error.

Denied columns are simply absent from the policy views, so this pass is about the message,
not about enforcement: "customers.id_number is not available to role analyst". Denied names
in `* EXCLUDE (...)` are dropped, since excluding what you cannot see is harmless.
"""

from __future__ import annotations

from sqlglot import exp

from guards.decision import Notice
from guards.passes.context import BASE_META, GuardContext, reject
from guards.policy import column_action, table_spec
from guards.principal import Principal


def _denied_by_name(principal: Principal, tables: set[str]) -> dict[str, str]:
    """Denied column name -> the table it belongs to, over the tables the query reads."""
    denied: dict[str, str] = {}
    for table in sorted(tables):
        spec = table_spec(table)
        for column in spec.columns if spec else ():
            if not column_action(principal, table, column.name).visible:
                denied.setdefault(column.name, table)
    return denied


def _defined_names(root: exp.Expr) -> set[str]:
    """Names the query itself defines (aliases, CTE/derived columns): not references to denied ones."""
    names = {a.alias.lower() for a in root.find_all(exp.Alias) if a.alias}
    for alias in root.find_all(exp.TableAlias):
        names |= {c.name.lower() for c in alias.columns}
    return names


def _drop_from_exclude(star: exp.Star, denied: dict[str, str]) -> None:
    kept = [c for c in star.args.get("except_") or [] if c.name.lower() not in denied]
    star.set("except_", kept or None)


def _masked_notices(ctx: GuardContext, tables: set[str]) -> GuardContext:
    """Tell the user which of the columns they named are masked or generalized for their role."""
    named = {c.name.lower() for c in ctx.expression.find_all(exp.Column)}
    for table in sorted(tables):
        spec = table_spec(table)
        for column in spec.columns if spec else ():
            action = column_action(ctx.principal, table, column.name)
            done = {"mask": "masked", "generalize": "generalized"}.get(action.kind)
            if column.name in named and done:
                message = f"{table}.{column.name} is {done} ({action.function}) for role {ctx.principal.role}"
                ctx = ctx.with_notice(Notice(done, message, table, column.name))
    return ctx


def check_denied_columns(ctx: GuardContext) -> GuardContext:
    root = ctx.expression
    tables = {t.meta[BASE_META] for t in root.find_all(exp.Table) if BASE_META in t.meta}
    denied = _denied_by_name(ctx.principal, tables)
    if not denied:
        return _masked_notices(ctx, tables)
    replaced: list[str] = []
    for star in root.find_all(exp.Star):
        _drop_from_exclude(star, denied)
        replaced += [a.alias.lower() for a in star.args.get("replace") or []]
    defined = _defined_names(root) - set(replaced)
    names = [c.name.lower() for c in root.find_all(exp.Column)] + replaced
    for name in names:
        if name in denied and name not in defined:
            raise _denied(ctx, denied[name], name)
    return _masked_notices(ctx, tables)


def _denied(ctx: GuardContext, table: str, column: str) -> Exception:
    message = f"{table}.{column} is not available to role {ctx.principal.role}"
    return reject("column_denied", message, table=table, column=column)
