""" "how much did we sell in September, in money terms?", "sales by value", 九月卖了多少钱: the number asked
is an amount of money, so only the catalog's currency metrics (format: currency) can answer it.

A verb for an ambiguous term ("sell" for "sales", words.yml verb_terms) names the same candidates as
the term. Money words narrow the candidates to the currency ones: one is read, several are asked
about (revenue or item revenue: never guessed); without money words the candidates are asked about.
With a currency metric already read the money words say nothing new; on any other metric they stay
unread and the meaning check refuses the question.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer import ClarificationOption
from assistant.planner.lexicon import ambiguous_terms
from assistant.planner.plan import Plan
from assistant.planner.reasons import clarification
from assistant.planner.rules.draft import Draft
from assistant.planner.text import stem
from assistant.planner.word_file import words_file

Span = tuple[int, int]
CURRENCY = "currency"


def read_money_terms(draft: Draft) -> Draft | Plan:
    money, verb = _free_span(draft, words_file().money_terms), _sales_verb(draft)
    candidates, term = _candidates(draft, verb)
    metrics = draft.context.catalog.metrics
    if money is None:
        return _clarify(draft, candidates, term) if verb is not None and candidates else draft
    if not candidates:
        currency = draft.reading.metrics and all(metrics[m].format == CURRENCY for m in draft.reading.metrics)
        return replace(draft, explained=(*draft.explained, money)) if currency else draft
    paid = [name for name in candidates if metrics[name].format == CURRENCY]
    if len(paid) > 1:
        return _clarify(draft, paid, term)
    if not paid:
        return draft
    reading = replace(draft.reading, ambiguous=draft.reading.ambiguous[1:])
    read = (money, *((verb[0],) if verb else ()))
    return replace(draft, reading=reading.with_metric(paid[0]), explained=(*draft.explained, *read))


def _candidates(draft: Draft, verb: tuple[Span, str] | None) -> tuple[list[str], str]:
    """The metrics an ambiguous phrase ("sales") or a sales verb with no metric read ("sell") may mean."""
    if draft.reading.ambiguous:
        match = draft.reading.ambiguous[0]
        return list(dict.fromkeys(e.target for e in match.of_kind("metric"))), match.text
    if verb is None or draft.reading.metrics:
        return [], ""
    return list(ambiguous_terms().get(verb[1], [])), draft.text[verb[0][0] : verb[0][1]]


def _sales_verb(draft: Draft) -> tuple[Span, str] | None:
    """The span of a verb standing for an ambiguous term ("sold", 卖), and the term."""
    terms = words_file().verb_terms
    for word in draft.result.unknown_words:
        if stem(word) in terms or word in terms:
            found = re.search(rf"\b{re.escape(word)}\b", draft.text)
            if found is not None:
                return found.span(), terms.get(stem(word)) or terms[word]
    chinese = _free_span(draft, [v for v in terms if not v.isascii()])
    return (chinese, terms[draft.text[chinese[0] : chinese[1]]]) if chinese else None


def _free_span(draft: Draft, phrases: list[str] | tuple[str, ...]) -> Span | None:
    read = draft.read_spans
    for phrase in sorted(phrases, key=len, reverse=True):
        pattern = rf"(?<![a-z]){re.escape(phrase)}(?![a-z])" if phrase.isascii() else re.escape(phrase)
        for found in re.finditer(pattern, draft.text):
            if all(found.end() <= s or found.start() >= e for s, e in read):
                return found.span()
    return None


def _clarify(draft: Draft, names: list[str], term: str) -> Plan:
    labels, catalog = draft.context.lexicon.labels, draft.context.catalog
    options = tuple(
        ClarificationOption(
            label=f"{labels.get(name, name)}: {catalog.metrics[name].description}",
            question=_reworded(draft, term, name),
            value=name,
        )
        for name in names
    )
    return clarification("could_mean", options, term=term, options=", ".join(labels.get(n, n) for n in names))


def _reworded(draft: Draft, term: str, name: str) -> str:
    """The question naming the metric instead of the term, without the money words: "best selling product"
    becomes "best product by units sold", 九月卖了多少钱 becomes 九月销售额 (the metric's Chinese name)."""
    metric = draft.context.catalog.metrics[name]
    said = name.replace("_", " ")
    if not term.isascii():
        said = next((s for s in metric.synonyms if not s.isascii()), said)
    ranked = draft.ranking is not None and term.isascii()
    asked = re.sub(re.escape(term), "" if ranked else said, draft.question, count=1, flags=re.IGNORECASE)
    for phrase in sorted(words_file().money_terms, key=len, reverse=True):
        asked = re.sub(rf",?\s*{re.escape(phrase)}" if phrase.isascii() else re.escape(phrase), "", asked, flags=re.I)
    asked = " ".join(asked.split())
    return f"{asked.rstrip('?')} by {said}" if ranked else asked
