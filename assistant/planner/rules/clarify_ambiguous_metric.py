"""A phrase that names several metrics ("sales": revenue or units) is asked about, never guessed."""

from __future__ import annotations

from assistant.answer import ClarificationOption
from assistant.planner.matching import Match
from assistant.planner.plan import Plan
from assistant.planner.reasons import clarification
from assistant.planner.rules.draft import Draft


def clarify_ambiguous_metric(draft: Draft) -> Draft | Plan:
    if not draft.reading.ambiguous:
        return draft
    match = draft.reading.ambiguous[0]
    names = list(dict.fromkeys(entry.target for entry in match.of_kind("metric")))
    labels, catalog = draft.context.lexicon.labels, draft.context.catalog
    options = tuple(
        ClarificationOption(
            label=f"{labels.get(name, name)}: {catalog.metrics[name].description}",
            question=_replace_span(draft.question, match, name.replace("_", " ")),
            value=name,
        )
        for name in names
    )
    listed = ", ".join(labels.get(n, n) for n in names)
    return clarification("could_mean", options, term=match.text, options=listed)


def _replace_span(question: str, match: Match, replacement: str) -> str:
    return question[: match.start] + replacement + question[match.end :]
