"""The reading steps before the rules, in order: time, the ranking word, catalog phrases, their
reading with cue words, negation, the reading rules (reading_rules.py) and the ranking's direction."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.planner.context import PlannerContext
from assistant.planner.cues import find_ranking
from assistant.planner.matching import find_matches
from assistant.planner.negation import phrase_cue_spans, read_negation, values_after_negation
from assistant.planner.reading import rating_spans, read_matches
from assistant.planner.reading_rules import RuleInput, apply_reading_rules, orient, value_spans
from assistant.planner.rules.draft import Draft, Replan
from assistant.planner.text import normalize
from assistant.planner.time_expressions import PreviousPeriod, TimeReading, read_time
from assistant.planner.word_file import words_file


def read_question(question: str, context: PlannerContext, replan: Replan) -> Draft:
    text = normalize(question)
    asked = context.previous.query.time_range if context.previous else None
    time = _read_time(question, context, (asked.start, asked.end) if asked else None)
    ranking = find_ranking(text)
    explained = (*time.spans, *([(ranking.start, ranking.end)] if ranking else []), *rating_spans(text))
    matched = find_matches(question, context.lexicon, [*explained, *phrase_cue_spans(text)])
    result = values_after_negation(matched, context.catalog)
    reading = read_matches(result, {name: d.model for name, d in context.catalog.dimensions.items()})
    named = [(m.start, m.end) for m in result.matches if m.of_kind("metric")]  # "orders without a customer"
    negation = read_negation(text, value_spans(result, text, reading), [*explained, *named])
    reading = replace(reading, negated=reading.negated | negation.negated)
    reading = apply_reading_rules(reading, RuleInput(result, ranking, context.catalog))
    ranking, polar_unresolved = orient(ranking, reading, context.catalog)  # after the rules: "worst rated"
    return Draft(
        question=question,
        text=text,
        context=context,
        replan=replan,
        time=time,
        ranking=ranking,
        polar_unresolved=polar_unresolved,
        result=result,
        reading=reading,
        negation=negation,
        explained=explained,
    )


def _read_time(question: str, context: PlannerContext, asked: PreviousPeriod) -> TimeReading:
    """ "how has AOV trended this year": a form of "trend" is read as "trend" itself (a monthly series,
    time_phrases.yml); the substitute keeps the question's length, so every span stays where it was."""
    pattern = rf"\b(?:{'|'.join(map(re.escape, words_file().trend_forms))})\b"
    forms = list(re.finditer(pattern, question, flags=re.IGNORECASE))
    as_trend = re.sub(pattern, lambda m: "trend".ljust(len(m.group())), question, flags=re.IGNORECASE)
    time = read_time(as_trend, context.as_of, asked)
    read = [m.span() for m in forms if any(s <= m.start() < e for s, e in time.spans)]
    return replace(time, spans=(*time.spans, *read)) if read else time
