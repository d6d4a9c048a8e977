"""The vectors of embedding recall (recall.py): the shipped model, loaded once and lazily through
feedback.embeddings (off, with the reason, when its files are missing); the catalog's English texts
as one matrix per catalog, rows grouped by item; and the phrases of recent questions, embedded
together in one model call per new phrase set and kept (LRU), so a repeated question costs nothing.

A question's phrases are embedded in one batch: padding to the longest changes a vector by at most
about 2e-7 from the phrase embedded alone, far below any threshold's resolution; the vectors of one
phrase set are always computed together, so a question's scores do not depend on what came before.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CatalogTerm:
    text: str
    target: str
    kind: str  # "metric" | "dimension"


@cache
def _embedder() -> Callable[[list[str]], Any] | None:
    try:
        from feedback.embeddings import embed, load_embedder

        load_embedder()
    except Exception as error:  # a missing package, folder or weights file: recall is off, planning goes on
        log.warning("embedding recall is off: %s", error)
        _status.append(f"off: {error}")
        return None
    _status.append("on")
    return embed


_status: list[str] = []


def recall_status() -> str:
    """ "on", "off: <why>", or "not loaded" before the first question that needed it (or warm-up)."""
    return _status[-1] if _status else "not loaded"


@dataclass(frozen=True)
class CatalogMatrix:
    """The catalog's English texts as unit vectors, rows grouped by item (`starts[i]`: item i's first row)."""

    vectors: Any  # float32, one row per text
    starts: Any  # int array, one entry per item
    items: tuple[tuple[str, str], ...]  # (target, kind) per item, in the order the catalog names them


@cache
def catalog_matrix(terms: tuple[CatalogTerm, ...]) -> CatalogMatrix | None:
    """Built once per term tuple (recall.catalog_terms keeps one per catalog); None when the model is off."""
    embed = _embedder()
    if embed is None:
        return None
    first: dict[str, int] = {}
    for i, term in enumerate(terms):
        first.setdefault(term.target, i)
    order = sorted(range(len(terms)), key=lambda i: first[terms[i].target])  # stable: an item's texts together
    grouped = [terms[i] for i in order]
    starts = [i for i, term in enumerate(grouped) if i == 0 or grouped[i - 1].target != term.target]
    vectors = np.asarray(embed([term.text for term in terms]), dtype=np.float32)[order]  # embedded in catalog order
    items = tuple((grouped[i].target, grouped[i].kind) for i in starts)
    return CatalogMatrix(vectors, np.asarray(starts, dtype=np.intp), items)


@dataclass
class _PhraseVectors:
    """Vectors of recent questions' English phrases, per phrase set (LRU): each new set costs one
    model call, so a question's phrases are embedded together and a repeated question pays nothing."""

    size: int = 4096
    by_phrases: OrderedDict[tuple[str, ...], dict[str, Any]] = field(default_factory=OrderedDict)
    lookups: int = 0
    embedded: int = 0  # texts sent to the model
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, texts: tuple[str, ...]) -> dict[str, Any] | None:
        with self.lock:
            self.lookups += 1
            found = self.by_phrases.get(texts)
            if found is not None:
                self.by_phrases.move_to_end(texts)
            return found

    def put(self, texts: tuple[str, ...], vectors: dict[str, Any]) -> None:
        with self.lock:
            self.embedded += len(texts)
            self.by_phrases[texts] = vectors
            while len(self.by_phrases) > self.size:
                self.by_phrases.popitem(last=False)


_phrases = _PhraseVectors()


@dataclass(frozen=True)
class EmbeddingCounts:
    lookups: int  # phrase sets looked up
    embedded: int  # phrases sent to the model


def embedding_counts() -> EmbeddingCounts:
    """How often phrase vectors were looked up and how many phrases the model embedded (this process)."""
    return EmbeddingCounts(_phrases.lookups, _phrases.embedded)


def forget_phrase_vectors() -> None:
    """Drops the kept phrase vectors, so every phrase is new again (benchmarks of first-time words)."""
    with _phrases.lock:
        _phrases.by_phrases.clear()


def phrase_vectors(texts: Iterable[str]) -> dict[str, Any]:
    """Unit vectors of English phrases, by text, embedded together in one model call ({} when the model is off)."""
    wanted = tuple(dict.fromkeys(texts))
    embed = _embedder() if wanted else None
    if embed is None:
        return {}
    found = _phrases.get(wanted)
    if found is None:
        found = dict(zip(wanted, np.asarray(embed(list(wanted)), dtype=np.float32), strict=True))
        _phrases.put(wanted, found)
    return found
