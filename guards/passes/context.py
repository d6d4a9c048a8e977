"""The value every pass receives and returns: the tree so far plus who is asking."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlglot import exp

from engines.notice_figures import NoticeFigures
from guards.decision import GroupSuppression, GuardRejection, Notice
from guards.policy import RolePolicy
from guards.principal import Principal
from guards.privacy.plan import NoisePlan

BASE_META = "cdm_base"
CTE_META = "cdm_cte"
RESERVED_PREFIX = "__"


@dataclass(frozen=True)
class GuardContext:
    expression: exp.Expr
    principal: Principal
    policy: RolePolicy
    origin: str
    notices: tuple[Notice, ...] = ()
    suppression: GroupSuppression | None = None
    limit_enforced: bool = False
    noise: NoisePlan | None = None

    def evolve(self, **changes: Any) -> GuardContext:
        return replace(self, **changes)

    def with_notice(self, notice: Notice) -> GuardContext:
        return replace(self, notices=(*self.notices, notice))


def reject(
    code: str, message: str, table: str | None = None, column: str | None = None, figures: NoticeFigures | None = None
) -> GuardRejection:
    return GuardRejection(Notice(code, message, table, column, figures=figures))


def own_nodes(select: exp.Expr) -> list[exp.Expr]:
    """Nodes of one query scope: everything under `select` except nested queries' bodies."""

    def prune(node: exp.Expr) -> bool:
        return node is not select and isinstance(node, (exp.Query, exp.Subquery))

    return [n for n in select.walk(prune=prune) if n is not select]


def direct_sources(select: exp.Select) -> list[exp.Expr]:
    """The relations a SELECT reads directly: its FROM item, its joins, its laterals."""
    sources: list[exp.Expr] = []
    from_ = select.args.get("from_")
    if from_ is not None:
        sources.append(from_.this)
    sources += [join.this for join in select.args.get("joins") or ()]
    sources += list(select.args.get("laterals") or ())
    return sources
