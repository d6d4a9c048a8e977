"""Who gets the overall value of an average or ratio next to its groups (semantic_layer/overall.py).

Roles that see exact numbers get it in the same statement as the groups, through the guards like
any column. Aggregate-only roles (marketing, viewer) do not: their groups are released with
privacy noise and groups of fewer than 10 customers are hidden, so an overall value over every
group would be a second release (more privacy budget) whose difference from the groups shown
tells about the hidden small groups. They get the range, as before.
"""

from __future__ import annotations

from guards.policy import role_policy
from guards.principal import Principal
from semantic_layer.catalog import Catalog
from semantic_layer.compiler import CompiledQuery
from semantic_layer.overall import split_overall, with_overall

__all__ = ["shows_overall", "split_overall", "with_overall_for"]


def shows_overall(principal: Principal) -> bool:
    policy = role_policy(principal)
    return not policy.aggregate_only and getattr(policy, "privacy", None) is None


def with_overall_for(compiled: CompiledQuery, principal: Principal, catalog: Catalog) -> CompiledQuery:
    """The statement with the overall columns when this principal may see them, else unchanged."""
    return with_overall(compiled, catalog) if shows_overall(principal) else compiled
