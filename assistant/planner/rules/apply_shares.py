""" "share of revenue by channel", "what fraction of tickets": the governed rate, or a share of total
computed by the semantic layer (shares.py); the share words used are explained."""

from __future__ import annotations

from dataclasses import replace

from assistant.planner.plan import Plan
from assistant.planner.rules.draft import Draft
from assistant.planner.shares import apply_share


def apply_shares(draft: Draft) -> Draft | Plan:
    plan, spans = apply_share(draft.planned, draft.text, draft.read_spans, draft.context.catalog)
    return replace(draft, plan=plan, share_spans=tuple(spans))
