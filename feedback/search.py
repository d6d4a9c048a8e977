"""Semantic search over redacted feedback, with the guards' row filters applied in retrieval.

Filtering happens here, never in a prompt: the nearest distinct texts are expanded into their
documents, and documents outside the principal's rows (the guards' predicate) or the user's
filters are dropped; the search widens until k remain or every text has been considered.
Returned text is untrusted customer input; it stays a plain string and is redacted again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from data.settings import chroma_path, warehouse_path
from engines.notices import Notice
from engines.status import Status
from feedback.access import allowed_keys, can_read_text
from feedback.doc_table import FILTER_COLUMNS, INTEGER_COLUMNS, SHOWN_COLUMNS, documents_for
from feedback.documents import document_key
from feedback.embeddings import embed
from feedback.redaction import redact
from feedback.store import SEARCH_COLLECTION, open_collection
from guards.audit import AuditLog
from guards.principal import Principal

MAX_K = 100
FIRST_FETCH = 3  # distinct texts fetched per wanted result before widening


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
    status: Status  # OK, BLOCKED or ERROR
    results: tuple[FeedbackHit, ...] = ()
    notices: tuple[Notice, ...] = field(default_factory=tuple)
    audit_id: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """The documented contract of `cdm feedback search --json` (the audit id stays internal)."""
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
    question: str | None = None,
) -> FeedbackSearchResult:
    """The k nearest pieces of feedback the principal may read; every search is audited."""
    started = time.perf_counter()
    result = _search(text, principal, filters or {}, k, warehouse, chroma_dir)
    request = f"feedback search: {json.dumps(text, ensure_ascii=False)} k={k} filters={json.dumps(dict(filters or {}))}"
    audit_id = AuditLog().record(
        principal=principal, origin="feedback_search", original_sql=request, rewritten_sql=None,
        decision=result.status, notices=result.notices, row_count=len(result.results),
        duration_ms=(time.perf_counter() - started) * 1000, question=question,
    )  # fmt: skip
    return replace(result, audit_id=audit_id)


def _search(
    text: str,
    principal: Principal,
    filters: Mapping[str, str],
    k: int,
    warehouse: Path | None,
    chroma_dir: Path | None,
) -> FeedbackSearchResult:
    if not can_read_text(principal):
        message = (
            f"role {principal.role} cannot read individual feedback; "
            "ask for pain points instead (counts and redacted quotes)"
        )
        return FeedbackSearchResult(Status.BLOCKED, notices=(Notice("free_text_denied", message),))
    typed, problems = metadata_filter(filters)
    if problems:
        return FeedbackSearchResult(Status.ERROR, notices=problems)
    allowed = allowed_keys(principal, warehouse or warehouse_path())
    hits = _retrieve(chroma_dir or chroma_path(), embed([text])[0], typed, allowed, max(1, min(k, MAX_K)))
    return FeedbackSearchResult(Status.OK, hits)


def metadata_filter(filters: Mapping[str, str]) -> tuple[dict[str, str | int], tuple[Notice, ...]]:
    """Typed filter values; unknown keys are reported, not ignored."""
    unknown = [key for key in filters if key not in FILTER_COLUMNS]
    if unknown:
        message = f"unknown feedback filter {', '.join(unknown)}; use one of: {', '.join(FILTER_COLUMNS)}"
        return {}, (Notice("unknown_filter", message),)
    typed: dict[str, str | int] = {}
    for key, value in filters.items():
        if key in INTEGER_COLUMNS and not str(value).isdigit():
            return {}, (Notice("bad_filter", f"{key} must be a whole number, not {value!r}"),)
        typed[key] = int(value) if key in INTEGER_COLUMNS else str(value)
    return typed, ()


def _retrieve(
    chroma_dir: Path, vector: Any, filters: Mapping[str, str | int], allowed: frozenset[str] | None, k: int
) -> tuple[FeedbackHit, ...]:
    """Nearest distinct texts, expanded into the allowed documents that use them, until k are found.

    Starts with a few times k texts and widens the search when filters or the principal's row
    filter leave fewer than k documents.
    """
    collection = open_collection(chroma_dir, SEARCH_COLLECTION, create=False)
    fetch = FIRST_FETCH * k
    while True:
        page = collection.query(query_embeddings=[vector], n_results=fetch, include=["documents", "distances"])
        texts = dict(zip(page["ids"][0], page["documents"][0], strict=True))
        scores = {h: 1.0 - d for h, d in zip(page["ids"][0], page["distances"][0], strict=True)}
        found = (r for r in documents_for(chroma_dir, list(texts), filters) if allowed is None or _key(r) in allowed)
        rows = list(islice(found, k))
        if len(rows) >= k or len(texts) < fetch:  # enough, or every text has been considered
            return tuple(_hit(r, texts[r["content_hash"]], scores[r["content_hash"]]) for r in rows)
        fetch *= 4


def _key(row: Mapping[str, Any]) -> str:
    return document_key(str(row["source"]), int(row["source_id"]))


def _hit(row: Mapping[str, Any], document: str, score: float) -> FeedbackHit:
    shown = {name: row[name] for name in SHOWN_COLUMNS if row.get(name) is not None}
    return FeedbackHit(str(row["source"]), int(row["source_id"]), redact(document).text, score, shown)
