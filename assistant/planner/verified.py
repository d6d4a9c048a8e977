"""Verified queries answer their own question: an owner checked that semantic query for it.

A question matches a verified one when their content words agree after normalising case,
punctuation, plurals and filler words, so "what was total revenue last quarter" and "What was the
total revenue last quarter?" both use the checked query.
"""

from __future__ import annotations

from assistant.planner.lexicon import planner_words
from assistant.planner.text import tokenize
from semantic_layer.catalog import Catalog
from semantic_layer.model import VerifiedQuery


def question_key(question: str) -> tuple[str, ...]:
    stopwords = set(planner_words().verified_filler)
    return tuple(token.stem for token in tokenize(question) if token.text not in stopwords)


_INDEXES: dict[int, tuple[Catalog, dict[tuple[str, ...], VerifiedQuery]]] = {}


def _index(catalog: Catalog) -> dict[tuple[str, ...], VerifiedQuery]:
    """Built once per catalog object (kept alive with its index so the id cannot be reused)."""
    cached = _INDEXES.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        cached = (catalog, {question_key(v.question): v for v in catalog.verified_queries})
        _INDEXES[id(catalog)] = cached
    return cached[1]


def find_verified(question: str, catalog: Catalog) -> VerifiedQuery | None:
    key = question_key(question)
    return _index(catalog).get(key) if key else None
