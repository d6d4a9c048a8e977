"""No silent reinterpretation: every meaning-changing word must be used by the plan, or the question is
refused with the reason (meaning.py); unknown words that were the only reason may be recalled."""

from __future__ import annotations

from dataclasses import replace

from assistant.planner.evidence import label_words, unexplained, unit_question_span, unused_dimensions
from assistant.planner.meaning import Evidence, check_meaning
from assistant.planner.plan import Plan, QueryPlan, UnsupportedPlan
from assistant.planner.rules.draft import Draft
from assistant.planner.rules.finish import ignored_words_notice
from assistant.planner.rules.recalling import recall_unknown_words


def check_plan_meaning(draft: Draft) -> Draft | Plan:
    plan, evidence = draft.planned, evidence_of(draft)
    checked = check_meaning(evidence, _still_ignored(plan, evidence.unknown_words), draft.context.catalog)
    if isinstance(checked, UnsupportedPlan):
        return recall_unknown_words(draft, evidence, plan) or checked
    return draft.with_plan(checked)


def evidence_of(draft: Draft) -> Evidence:
    plan, catalog, negation = draft.planned, draft.context.catalog, draft.negation
    used, grouped = (*negation.used, *draft.share_spans, *draft.explained), plan.query.group_by
    return Evidence(
        text=draft.text,
        explained=(*draft.read_spans, *draft.share_spans, *unit_question_span(draft.text, draft.ranking, grouped)),
        unknown_words=unexplained(draft.result.unknown_words, draft.text, used, label_words(plan, catalog)),
        unused_negations=tuple(cue for cue, _ in negation.unused),
        time_comparison=draft.time.comparison,
        ranked=draft.ranking is not None,
        polar_unresolved=draft.polar_unresolved,
        unused_dimensions=unused_dimensions(draft.reading, draft.result, plan, catalog),
    )


def _still_ignored(plan: QueryPlan, unknown_words: tuple[str, ...]) -> QueryPlan:
    """The ignored-words notice names only words no later rule used ("share" became a share of total)."""
    kept = tuple(n for n in plan.notices if n.code != "ignored_words")
    ignored = tuple(w for w in unknown_words if len(w) > 2)
    if ignored:
        kept += (ignored_words_notice(ignored),)
    return replace(plan, notices=kept)
