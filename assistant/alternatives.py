"""No dead ends: when a question cannot be answered as asked, offer what the catalog can answer.

- a refused breakdown ("return rate by product category") gets its reason in labels, not names,
  and the same metric by breakdowns it can take, as buttons;
- an unsupported question gets the three answerable questions closest to it (verified queries and
  templated catalog questions, ranked by shared character pairs, so Chinese works too).
Every offered question is checked with the offline planner and the semantic layer first.
"""

from __future__ import annotations

import re

from assistant.answer import SuggestedQuestion
from assistant.follow_ups import BREAKDOWNS, answerable, reachable
from assistant.labels import Labels
from assistant.resources import Resources
from assistant.templates import phrase
from semantic_layer.errors import Issue, SemanticQueryError
from semantic_layer.query import SemanticQuery

MAX_SUGGESTIONS = 3
NAME = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![A-Za-z0-9_])")  # a name next to 汉字 too


def in_labels(message: str, labels: Labels, known: set[str]) -> str:
    """A semantic-layer message with catalog names replaced by their labels ("return_rate" -> "Return rate")."""
    words = NAME.sub(lambda m: labels.column(m.group(0)) if m.group(0) in known else m.group(0), message)
    words = re.sub(r"^\s*(group_by|filters|metrics|time_range|order_by):\s*", "", words)
    return words[0].upper() + words[1:] if words else words


def plain_words(message: str, resources: Resources, language: str) -> str:
    """The planner's message with catalog names ("order_count, aov") as labels in running text."""
    labels = resources.labels(language)
    known = {*resources.catalog.metrics, *resources.catalog.dimensions}
    return NAME.sub(
        lambda m: _lower(labels.column(m.group(0)), language) if m.group(0) in known else m.group(0), message
    )


FAN_OUT = re.compile(r"(\w+) is recorded per (\w+) and (\w+) per (\w+)")
GRAIN_WORDS = {"zh": {"order": "订单", "item": "商品", "customer": "客户", "review": "评论", "ticket": "工单"}}


def refused_message(error: SemanticQueryError, resources: Resources, language: str) -> str:
    labels = resources.labels(language)
    known = {*resources.catalog.metrics, *resources.catalog.dimensions}
    return "; ".join(_issue_words(issue, labels, known) for issue in error.issues) or error.message


def _issue_words(issue: Issue, labels: Labels, known: set[str]) -> str:
    """A fan-out refusal from its template in the reply language; other issues with labels for names."""
    found = FAN_OUT.search(issue.message) if issue.code == "fan_out" and labels.language != "en" else None
    if found is None:
        return in_labels(issue.message, labels, known)
    metric, entity, dimension, grain = found.groups()
    words = GRAIN_WORDS.get(labels.language, {})
    return phrase(
        labels.language, "refused_fan_out", metric=labels.column(metric), dimension=labels.column(dimension),
        entity=words.get(entity, entity), grain=words.get(grain, grain),
    )  # fmt: skip


def governed_breakdowns(query: SemanticQuery, resources: Resources, language: str) -> tuple[SuggestedQuestion, ...]:
    """The same metric by breakdowns the catalog can answer (the alternative to a refused one)."""
    labels = resources.labels(language)
    metric = _lower(labels.column(query.metrics[0]), language)
    found = []
    for dimension in BREAKDOWNS:
        if dimension in query.group_by or not reachable(query, dimension, resources):
            continue
        shown = _lower(labels.column(dimension), language)
        question = phrase(language, "follow_breakdown", metric=metric, dimension=shown)
        if answerable(question, resources):
            found.append(SuggestedQuestion(label=question, question=question))
        if len(found) == MAX_SUGGESTIONS:
            break
    return tuple(found)


def _lower(text: str, language: str) -> str:
    return text[0].lower() + text[1:] if language == "en" and len(text) > 1 and text[1].islower() else text


def _pairs(text: str) -> set[str]:
    squeezed = re.sub(r"\s+", " ", text.lower()).strip()
    return {squeezed[i : i + 2] for i in range(len(squeezed) - 1)}


def similarity(first: str, second: str) -> float:
    a, b = _pairs(first), _pairs(second)
    return len(a & b) / len(a | b) if a and b else 0.0


def candidate_questions(resources: Resources, language: str) -> list[str]:
    labels = resources.labels(language)
    templated = [
        phrase(language, "follow_breakdown", metric=_lower(labels.column(m.name), language),
               dimension=_lower(labels.column("region"), language))
        for m in resources.catalog.metrics.values()
        if m.status == "certified"
    ]  # fmt: skip
    verified = [v.question for v in resources.catalog.verified_queries] if language == "en" else []
    return list(dict.fromkeys([*verified, *templated]))


def closest_questions(question: str, resources: Resources, language: str) -> tuple[SuggestedQuestion, ...]:
    """The answerable questions closest to `question`."""
    ranked = sorted(candidate_questions(resources, language), key=lambda c: similarity(question, c), reverse=True)
    found: list[SuggestedQuestion] = []
    for candidate in ranked:
        if answerable(candidate, resources):
            found.append(SuggestedQuestion(label=candidate, question=candidate))
        if len(found) == MAX_SUGGESTIONS:
            break
    return tuple(found)
