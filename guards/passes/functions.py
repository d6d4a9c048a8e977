"""Pass 3: every function call must be on the allowlist (`sql_functions.yml`).

Aggregate-only roles get a narrower list: no aggregate that hands back a raw value from the
group (list, string_agg, any_value, first, mode, arg_max, ...), and min/max only over numeric
or date columns.
"""

from __future__ import annotations

from sqlglot import exp

from engines.notice_figures import SqlName
from guards.functions import FunctionAllowlist, function_label, load_function_allowlist
from guards.passes.context import GuardContext, reject
from guards.schema import load_schema


def _text_or_unknown(column: exp.Column) -> bool:
    specs = [c for t in load_schema().tables for c in t.columns if c.name == column.name.lower()]
    return not specs or any(c.is_text for c in specs)


def _check_aggregate_only(node: exp.Func, allowlist: FunctionAllowlist, role: str) -> None:
    if allowlist.aggregate_only_allowed.contains(node):
        return
    label = function_label(node)
    if allowlist.numeric_only.contains(node):
        if any(_text_or_unknown(c) for c in node.find_all(exp.Column)):
            raise reject(
                "raw_value_aggregate",
                f"{label}() over text columns is not available to role {role}",
                figures=SqlName(label),
            )
        return
    message = f"function {label}() is not available to role {role} (aggregates only)"
    raise reject("raw_value_aggregate", message, figures=SqlName(label))


def check_functions(ctx: GuardContext) -> GuardContext:
    allowlist = load_function_allowlist()
    for node in ctx.expression.find_all(exp.Func):
        if not allowlist.allowed.contains(node):
            label = function_label(node)
            raise reject("function_not_allowed", f"function {label}() is not allowed", figures=SqlName(label))
        if ctx.policy.aggregate_only:
            _check_aggregate_only(node, allowlist, ctx.principal.role)
    return ctx
