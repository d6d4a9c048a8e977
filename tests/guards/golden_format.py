"""Per-pass golden fixtures (like sqlglot's tests/fixtures/optimizer): one file per guard pass.

    -- case: <title>
    -- role: <role>            (attrs: region=East, origin: semantic: optional)
    -- input:
    <SQL as a user or the semantic layer gives it>
    -- expected:
    <the tree right after this pass; "-- blocked: <code>" when it rejects>

Every pass before the fixture's pass runs first, unchecked. Policy views are abbreviated to
`POLICY_VIEW('table')` except in the policy_views fixture, where trivial columns (`__src.c AS c`)
become `...`, so a fixture shows only what its pass changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlglot import exp

from guards.decision import GuardRejection
from guards.passes.context import GuardContext
from guards.passes.parse import parse_statement
from guards.pipeline import PASSES
from guards.policy import role_policy
from guards.principal import Principal
from guards.views import SOURCE_ALIAS, VIEW_META

PASS_NAMES = {p.__name__: p for p in PASSES}


def regenerating() -> bool:
    """The one regeneration switch for goldens and snapshots (the old names still work)."""
    return os.environ.get("CDM_REGENERATE") == "1"  # one switch for goldens and snapshots


@dataclass
class Case:
    title: str
    header: dict[str, str] = field(default_factory=dict)
    input: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)


def read_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    section = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-- case:"):
            cases.append(Case(line[8:].strip()))
            section = None
        elif line.strip() in ("-- input:", "-- expected:"):
            section = line.strip()[3:-1]
        elif cases and section is None and line.startswith("-- ") and ":" in line:
            key, _, value = line[3:].partition(":")
            cases[-1].header[key.strip()] = value.strip()
        elif cases and section:
            getattr(cases[-1], section).append(line)
    return cases


def write_cases(path: Path, cases: list[Case]) -> None:
    blocks = []
    for case in cases:
        lines = [f"-- case: {case.title}", *(f"-- {k}: {v}" for k, v in case.header.items())]
        blocks.append("\n".join([*lines, "-- input:", "\n".join(case.input).strip(), "-- expected:",
                                 "\n".join(case.expected).strip()]))  # fmt: skip
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def _abbreviate(tree: exp.Expr, full_views: bool) -> exp.Expr:
    def shorten(node: exp.Expr) -> exp.Expr:
        if not (isinstance(node, exp.Subquery) and VIEW_META in node.meta):
            return node
        if not full_views:
            call = exp.Anonymous(this="POLICY_VIEW", expressions=[exp.Literal.string(node.meta[VIEW_META])])
            return exp.Alias(this=call, alias=exp.to_identifier(node.alias_or_name))
        body = node.this.copy()
        kept = [p for p in body.expressions if not _trivial(p)]
        body.set("expressions", [exp.var("..."), *kept])
        return exp.Subquery(this=body, alias=node.args.get("alias"))

    return tree.copy().transform(shorten)


def _trivial(projection: exp.Expr) -> bool:
    inner = projection.unalias()
    return isinstance(inner, exp.Column) and inner.table == SOURCE_ALIAS and inner.name == projection.alias_or_name


def _render(ctx: GuardContext, pass_name: str) -> str:
    full = pass_name == "apply_policy_views"
    if pass_name == "plan_privacy_noise":
        if ctx.noise is None:
            return "-- no noise plan"
        parts = [f"-- stage {s.table}\n{_sql(_abbreviate(s.expression, False))}" for s in ctx.noise.stages]
        return "\n".join([*parts, f"-- released in the guard (epsilon {ctx.noise.epsilon:g})", _sql(ctx.noise.outer)])
    return _sql(_abbreviate(ctx.expression, full))


def _sql(tree: exp.Expr) -> str:
    return tree.sql(dialect="duckdb", pretty=True)


def after_pass(case: Case, pass_name: str) -> str:
    attrs = dict(p.split("=", 1) for p in case.header.get("attrs", "").split(",") if p)
    principal = Principal(None, case.header["role"], attrs)
    origin = case.header.get("origin", "sql")
    try:
        ctx = GuardContext(parse_statement("\n".join(case.input)), principal, role_policy(principal), origin)
        for guard_pass in PASSES:
            ctx = guard_pass(ctx)
            if guard_pass.__name__ == pass_name:
                return _render(ctx, pass_name)
    except GuardRejection as rejection:
        return f"-- blocked: {rejection.notice.code}: {rejection.notice.message}"
    raise AssertionError(f"no pass named {pass_name}")
