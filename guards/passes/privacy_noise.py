"""Pass 10: roles with privacy settings get a noise plan (guards/privacy/plan.py) for the tree.

The tree itself is unchanged (it is what the audit shows as the guarded statement); execution runs
the plan's stages instead and releases only noisy values. A shape the plan cannot express is refused.
"""

from __future__ import annotations

from guards.passes.context import GuardContext
from guards.privacy.plan import plan_noise


def plan_privacy_noise(ctx: GuardContext) -> GuardContext:
    settings = ctx.policy.privacy
    if settings is None:
        return ctx
    return ctx.evolve(noise=plan_noise(ctx.expression, settings, ctx.policy.min_group_size))
