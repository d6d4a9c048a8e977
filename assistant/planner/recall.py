"""Recall for unknown words: a gated last resort that asks, never answers.

The order follows tencentmusic/supersonic's schema mapper: strict matching first (the lexicon's
exact stems), looser next (small typos, matching.py), and embedding recall last, only for the
content words both left unexplained. Unlike there, a recalled catalog item never becomes an
answer on its own: it becomes an option of a clarification, offered only when the similarity
passes the threshold in recall.yml and the question rewritten with the item plans to a governed
query. Below the threshold nothing is offered and the planner's refusal stays.

English phrases are embedded with the shipped all-MiniLM-L6-v2 (recall_vectors.py: a question's
phrases in one model call, kept per phrase set; the catalog's texts once, as one matrix). Chinese
text is never sent to the model (it scores every Chinese term about 1.0): Chinese runs are compared
by character bigrams with the catalog's Chinese labels and synonyms. Without the model files English
recall is off, logged once, and `recall_status` says why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.answer import ClarificationOption
from assistant.planner.lexicon import planner_words
from assistant.planner.meaning_words import meaning_words
from assistant.planner.plan import ClarifyPlan, Plan, QueryPlan
from assistant.planner.recall_vectors import (  # noqa: F401 (status and counts are this module's API too)
    CatalogTerm,
    EmbeddingCounts,
    catalog_matrix,
    embedding_counts,
    forget_phrase_vectors,
    phrase_vectors,
    recall_status,
)
from assistant.planner.text import tokenize
from assistant.templates import language_of
from semantic_layer.catalog import Catalog

HERE = Path(__file__).parent
Span = tuple[int, int]
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
KINDS = ("metric", "dimension")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EnglishSettings(_Frozen):
    min_similarity: float
    within_best: float
    texts: tuple[str, ...]


class ChineseSettings(_Frozen):
    min_dice: float
    within_best: float


class Wording(_Frozen):
    clarify: str
    or_: str = Field(alias="or")


class RecallSettings(_Frozen):
    english: EnglishSettings
    chinese: ChineseSettings
    max_options: int
    max_candidates: int
    max_words: int
    # words that are never a catalog term's stand-in: aggregation words and abbreviations ("avg" is not
    # "Average rating"); share, comparison and polarity words come from meaning_words.yml
    never_recalled: frozenset[str]
    messages: dict[str, Wording]


@cache
def recall_settings() -> RecallSettings:
    return RecallSettings.model_validate(yaml.safe_load((HERE / "recall.yml").read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Phrase:
    """Unknown words of the question (normalised positions, which are the question's own)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Recalled:
    phrase: Phrase
    target: str
    kind: str
    score: float


# ---- the catalog's texts -------------------------------------------------------------------


def _items(catalog: Catalog) -> Iterable[tuple[str, Any]]:
    yield from (("metric", m) for m in catalog.metrics.values())
    yield from (("dimension", d) for d in catalog.dimensions.values() if d.kind != "time")


def _item_texts(item: Any, wanted: Sequence[str]) -> list[str]:
    texts = {
        "name": [item.name.replace("_", " ")],
        "label": [item.label],
        "synonyms": list(item.synonyms),
        "description": [item.description],
    }
    return [text for key in wanted for text in texts[key] if text]


_terms: dict[tuple[int, bool], tuple[Any, tuple[CatalogTerm, ...]]] = {}


def catalog_terms(catalog: Catalog, chinese: bool = False) -> tuple[CatalogTerm, ...]:
    """English: names, labels, English synonyms, descriptions. Chinese: Chinese labels and synonyms.

    Built once per catalog object (the cache keeps the catalog, so its id stays its own)."""
    key = (id(catalog), chinese)
    if key not in _terms:
        wanted = ("label", "synonyms") if chinese else recall_settings().english.texts
        terms = [
            CatalogTerm(text.lower(), item.name, kind)
            for kind, item in _items(catalog)
            for text in _item_texts(item, wanted)
            if text.isascii() != chinese
        ]
        _terms[key] = (catalog, tuple(dict.fromkeys(terms)))
    return _terms[key][1]


def chinese_label(item: Any) -> str:
    return next((s for s in (item.label, *item.synonyms) if not s.isascii()), item.label)


def warm_recall(catalog: Catalog) -> str:
    """Loads the model and embeds the catalog once (server warm-up); returns the status."""
    catalog_matrix(catalog_terms(catalog))
    return recall_status()


# ---- scoring -------------------------------------------------------------------------------


def _best_per_item(phrase: Phrase, terms: Sequence[CatalogTerm], scores: Sequence[float]) -> list[Recalled]:
    best: dict[str, Recalled] = {}
    for term, score in zip(terms, scores, strict=True):
        if term.target not in best or score > best[term.target].score:
            best[term.target] = Recalled(phrase, term.target, term.kind, float(score))
    return sorted(best.values(), key=lambda r: -r.score)


def _gate(recalled: list[Recalled], minimum: float, within: float) -> list[Recalled]:
    if not recalled or recalled[0].score < minimum:
        return []
    top = recalled[0].score
    return [r for r in recalled if r.score >= minimum and top - r.score <= within]


def english_scores(phrase: Phrase, catalog: Catalog, vector: Any = None) -> list[Recalled]:
    """Every item by its closest text's cosine similarity, best first ([] when the model is off).

    `vector`: the phrase's, when already embedded with the question's other phrases."""
    matrix = catalog_matrix(catalog_terms(catalog))
    if matrix is None:
        return []
    query = vector if vector is not None else phrase_vectors([phrase.text])[phrase.text]
    closest = np.maximum.reduceat(matrix.vectors @ query, matrix.starts)  # dot products of unit vectors
    scored = [Recalled(phrase, target, kind, float(s)) for (target, kind), s in zip(matrix.items, closest, strict=True)]
    return sorted(scored, key=lambda r: -r.score)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: str, b: str) -> float:
    """Dice coefficient of the two texts' character bigrams (0 when either has none)."""
    return _dice_of(_bigrams(a), _bigrams(b))


def _dice_of(left: set[str], right: set[str]) -> float:
    return 2 * len(left & right) / (len(left) + len(right)) if left and right else 0.0


@cache
def _term_bigrams(terms: tuple[CatalogTerm, ...]) -> tuple[set[str], ...]:
    return tuple(_bigrams(term.text) for term in terms)


def chinese_scores(phrase: Phrase, catalog: Catalog) -> list[Recalled]:
    """Every item by its closest Chinese text's bigram Dice coefficient, best first (as `dice`)."""
    terms = catalog_terms(catalog, chinese=True)
    left = _bigrams(phrase.text)
    return _best_per_item(phrase, terms, [_dice_of(left, right) for right in _term_bigrams(terms)])


def recall(phrase: Phrase, catalog: Catalog, kinds: tuple[str, ...] = KINDS, vector: Any = None) -> list[Recalled]:
    """The items of these kinds that pass the gate for one phrase, best first (`vector`: see english_scores)."""
    settings = recall_settings()
    english = phrase.text.isascii()
    scored = english_scores(phrase, catalog, vector) if english else chinese_scores(phrase, catalog)
    scored = [r for r in scored if r.kind in kinds]
    if english:
        return _gate(scored, settings.english.min_similarity, settings.english.within_best)
    return _gate(scored, settings.chinese.min_dice, settings.chinese.within_best)


# ---- which words are unknown ---------------------------------------------------------------


def english_phrases(question: str, words: Iterable[str]) -> list[Phrase]:
    """Runs of the unknown words as they stand in the question ("money we made": stopwords inside a run)."""
    wanted = {w for w in words if len(w) > 2 and w not in meaning_words().harmless and w not in _never_recalled()}
    stopwords = set(planner_words().stopwords)
    runs: list[list[Any]] = [[]]
    for token in tokenize(question):
        bridges = bool(runs[-1]) and token.text in stopwords  # "money we made"
        if token.text in wanted or bridges:
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [_phrase(question, run) for run in map(_trim, runs, [stopwords] * len(runs)) if run]


@cache
def _never_recalled() -> frozenset[str]:
    """Words whose meaning the planner's rules own (a share, a comparison, a polarity) or that only
    modify a metric ("avg", "total"): recalling a catalog item for one of them would be a guess."""
    words = meaning_words()
    phrases = [*words.share, *words.comparison, *words.polarity.good, *words.polarity.bad]
    own = {w for p in phrases for w in p.split()}
    return recall_settings().never_recalled | own | frozenset(planner_words().inflections.irregular)


def _trim(run: list[Any], stopwords: set[str]) -> list[Any]:
    while run and run[-1].text in stopwords:
        run = run[:-1]
    return run if len(run) <= recall_settings().max_words else []


def _phrase(question: str, run: list[Any]) -> Phrase:
    start, end = run[0].start, run[-1].end
    return Phrase(question[start:end].lower(), start, end)


def chinese_phrases(text: str, explained: Sequence[Span]) -> list[Phrase]:
    """Chinese characters no span explained, split at filler words (的, 是多少, ...), two or more long."""
    free = [all(not s <= i < e for s, e in explained) for i in range(len(text))]
    filler = sorted(meaning_words().chinese_filler, key=len, reverse=True)
    phrases: list[Phrase] = []
    for run in CJK_RUN.finditer(text):
        kept = "".join(ch if free[run.start() + i] else " " for i, ch in enumerate(run.group()))
        for word in filler:
            kept = kept.replace(word, " " * len(word))
        phrases += [
            Phrase(m.group(), run.start() + m.start(), run.start() + m.end()) for m in re.finditer(r"\S{2,}", kept)
        ]
    return phrases


# ---- the clarification ---------------------------------------------------------------------


def _uses(plan: Plan, item: Recalled) -> bool:
    if not isinstance(plan, QueryPlan):
        return False
    query = plan.query
    return (
        item.target in query.metrics
        or item.target in query.group_by
        or any(f.dimension == item.target for f in query.filters)
    )


def _item(catalog: Catalog, recalled: Recalled) -> Any:
    return (catalog.metrics if recalled.kind == "metric" else catalog.dimensions)[recalled.target]


def _option(question: str, recalled: Recalled, catalog: Catalog) -> ClarificationOption:
    item = _item(catalog, recalled)
    chinese = not recalled.phrase.text.isascii()
    label = chinese_label(item) if chinese else item.label
    said = label if chinese else label.lower()
    asked = _joined(question[: recalled.phrase.start], said, question[recalled.phrase.end :])
    return ClarificationOption(label=f"{label}: {item.description}", question=asked, value=item.name)


def _joined(before: str, said: str, after: str) -> str:
    """The rewritten question without a word said twice at a seam ("basket value" -> "average order value")."""
    if said.isascii():
        words, rest = said.split(), after.split(maxsplit=1)
        if rest and rest[0].lower() == words[-1]:
            after = after[after.lower().index(words[-1]) + len(words[-1]) :]
        head = before.rsplit(maxsplit=1)
        if head and head[-1].lower() == words[0]:
            before = before[: before.lower().rindex(words[0])]
        return before + said + after
    overlap = next((k for k in range(len(said), 0, -1) if after.startswith(said[-k:])), 0)  # 成交总额 + 额
    return before + said + after[overlap:]


def _options(
    question: str, candidates: list[Recalled], catalog: Catalog, plan_of: Callable[[str], Plan]
) -> tuple[ClarificationOption, ...]:
    """Candidates whose rewritten question plans to a query that uses them, best first."""
    settings = recall_settings()
    options: list[ClarificationOption] = []
    for recalled in candidates[: settings.max_candidates]:
        if len(options) == settings.max_options:
            break  # the later candidates could only be cut off
        option = _option(question, recalled, catalog)
        if _uses(plan_of(option.question), recalled):
            options.append(option)
    return tuple(options)


def recall_clarification(
    question: str,
    phrases: Sequence[Phrase],
    catalog: Catalog,
    plan_of: Callable[[str], Plan],
    kinds: tuple[str, ...] = KINDS,
) -> ClarifyPlan | None:
    """ "Did you mean average rating or review count?" for the first phrase that gets options, else None.

    `plan_of` plans a rewritten question with recall off: an option is offered only if the planner,
    with every other check, answers it with the recalled item. The English phrases are embedded
    together, in one model call.
    """
    vectors = phrase_vectors(p.text for p in phrases if p.text.isascii())
    for unknown in phrases:
        options = _options(question, recall(unknown, catalog, kinds, vectors.get(unknown.text)), catalog, plan_of)
        if options:
            return ClarifyPlan(message=_message(question, unknown, options), options=options)
    return None


def _message(question: str, unknown: Phrase, options: tuple[ClarificationOption, ...]) -> str:
    messages = recall_settings().messages
    wording = messages.get(language_of(question), messages["en"])
    names = [option.label.split(": ")[0] for option in options]
    return wording.clarify.format(word=unknown.text, options=wording.or_.join(names))
