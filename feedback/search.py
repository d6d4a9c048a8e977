"""Semantic search over redacted feedback, with the guards' row filters applied in retrieval.

Filtering happens here, never in a prompt: Chroma is over-fetched and results outside the
principal's allowed documents are dropped until k remain (or the collection is exhausted).
Returned text is untrusted customer input; it stays a plain string and is redacted again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data.settings import chroma_path, warehouse_path
from feedback.access import allowed_keys, can_read_text
from feedback.embeddings import embed
from feedback.redaction import redact
from feedback.store import SEARCH_COLLECTION, open_collection
from guards.decision import Notice
from guards.principal import Principal

FILTER_KEYS = ("source", "region", "member_tier", "channel", "category", "brand", "ticket_category", "rating", "month")
INTEGER_KEYS = ("rating",)
HIDDEN_METADATA = ("content_hash", "negative", "source", "source_id")
MAX_K = 100


@dataclass(frozen=True)
class FeedbackHit:
    source: str
    id: int
    text: str
    score: float
    metadata: Mapping[str, Any]

    def to_json_dict(self) -> dict[str, Any]:
        data = {"source": self.source, "id": self.id, "text": self.text, "score": round(self.score, 4)}
        return {**data, "metadata": dict(self.metadata)}


@dataclass(frozen=True)
class FeedbackSearchResult:
    status: str  # ok | blocked | error
    results: tuple[FeedbackHit, ...] = ()
    notices: tuple[Notice, ...] = field(default_factory=tuple)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "results": [h.to_json_dict() for h in self.results],
            "notices": [n.as_json() for n in self.notices],
        }


def search_feedback(
    text: str,
    principal: Principal,
    *,
    filters: Mapping[str, str] | None = None,
    k: int = 10,
    warehouse: Path | None = None,
    chroma_dir: Path | None = None,
) -> FeedbackSearchResult:
    if not can_read_text(principal):
        message = (
            f"role {principal.role} cannot read individual feedback; "
            "ask for pain points instead (counts and redacted quotes)"
        )
        return FeedbackSearchResult("blocked", notices=(Notice("free_text_denied", message),))
    where, problems = metadata_filter(filters or {})
    if problems:
        return FeedbackSearchResult("error", notices=problems)
    collection = open_collection(chroma_dir or chroma_path(), SEARCH_COLLECTION, create=False)
    allowed = allowed_keys(principal, warehouse or warehouse_path())
    hits = _retrieve(collection, embed([text])[0], where, allowed, max(1, min(k, MAX_K)))
    return FeedbackSearchResult("ok", hits)


def metadata_filter(filters: Mapping[str, str]) -> tuple[dict[str, Any] | None, tuple[Notice, ...]]:
    """A Chroma `where` from user filters; unknown keys are reported, not ignored."""
    unknown = [key for key in filters if key not in FILTER_KEYS]
    if unknown:
        message = f"unknown feedback filter {', '.join(unknown)}; use one of: {', '.join(FILTER_KEYS)}"
        return None, (Notice("unknown_filter", message),)
    clauses: list[dict[str, Any]] = []
    for key, value in filters.items():
        if key in INTEGER_KEYS and not str(value).isdigit():
            return None, (Notice("bad_filter", f"{key} must be a whole number, not {value!r}"),)
        clauses.append({key: int(value) if key in INTEGER_KEYS else str(value)})
    if not clauses:
        return None, ()
    return (clauses[0] if len(clauses) == 1 else {"$and": clauses}), ()


def _retrieve(
    collection: Any, vector: Any, where: dict[str, Any] | None, allowed: frozenset[str] | None, k: int
) -> tuple[FeedbackHit, ...]:
    """Over-fetch by the inverse of the allowed share, doubling until k allowed hits or no more."""
    total = collection.count()
    share = 1.0 if allowed is None else max(len(allowed), 1) / max(total, 1)
    fetch = min(total, math.ceil(k / share * 1.5) + k)
    while True:
        page = collection.query(
            query_embeddings=[vector], n_results=max(fetch, 1), where=where,
            include=["documents", "metadatas", "distances"],
        )  # fmt: skip
        ids = page["ids"][0]
        hits = [
            _hit(metadata, document, distance)
            for key, document, metadata, distance in zip(
                ids, page["documents"][0], page["metadatas"][0], page["distances"][0], strict=True
            )
            if allowed is None or key in allowed
        ]
        if len(hits) >= k or len(ids) < fetch or fetch >= total:
            return tuple(hits[:k])
        fetch = min(total, fetch * 2)


def _hit(metadata: Mapping[str, Any], document: str, distance: float) -> FeedbackHit:
    shown = {key: value for key, value in metadata.items() if key not in HIDDEN_METADATA}
    text = redact(document).text
    return FeedbackHit(str(metadata["source"]), int(metadata["source_id"]), text, 1.0 - distance, shown)
