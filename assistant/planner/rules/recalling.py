"""Recall as a gated fallback: when exact and typo matching leave words unexplained, a clarification
offers the catalog items close in meaning (recall.py), each checked by planning its rewording."""

from __future__ import annotations

from dataclasses import replace

from assistant.planner.meaning import Evidence, check_meaning
from assistant.planner.plan import Plan, QueryPlan
from assistant.planner.recall import KINDS, Phrase, chinese_phrases, english_phrases, recall_clarification
from assistant.planner.rules.draft import Draft


def recall_for(draft: Draft, unknown: list[Phrase], kinds: tuple[str, ...] = KINDS) -> Plan | None:
    """A clarification with the catalog items close in meaning to an unknown phrase, or None."""
    context = draft.context
    if not context.recall or not unknown:
        return None
    checking = replace(context, recall=False)
    return recall_clarification(
        draft.question, unknown, context.catalog, lambda asked: draft.replan(asked, checking), kinds
    )


def recall_unknown_words(draft: Draft, evidence: Evidence, plan: QueryPlan) -> Plan | None:
    """Recall only when the unknown words were the one reason to refuse (every other check passes without them)."""
    unknown = english_phrases(draft.question, evidence.unknown_words) + chinese_phrases(
        evidence.text, evidence.explained
    )
    spans = tuple((p.start, p.end) for p in unknown)
    without = replace(evidence, unknown_words=(), explained=evidence.explained + spans)
    if not unknown or not isinstance(check_meaning(without, plan, draft.context.catalog), QueryPlan):
        return None
    return recall_for(draft, unknown)


def recall_metric(draft: Draft) -> Plan | None:
    """ "stars given last month": no metric found, so the unknown words may name one."""
    ranking = draft.ranking
    read = (*draft.time.spans, *([(ranking.start, ranking.end)] if ranking else []), *draft.matched_spans)
    unknown = english_phrases(draft.question, draft.result.unknown_words) + chinese_phrases(draft.text, read)
    return recall_for(draft, unknown, kinds=("metric",))
