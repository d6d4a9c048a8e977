"""Build (or refresh) the feedback index: redacted texts -> embeddings -> Chroma -> pain points.

Two collections share one incremental sync: `feedback` holds each redacted text for search,
`feedback_themes` holds negative feedback with product mentions masked, for clustering. A
rebuild embeds only texts whose content hash changed and deletes texts that disappeared.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from data.settings import chroma_path
from feedback.documents import FeedbackDocument, content_hash, load_documents
from feedback.embeddings import embed
from feedback.guide import guided, mention_pattern, seed_centroids, theme_text
from feedback.materialize import materialize
from feedback.store import SEARCH_COLLECTION, THEME_COLLECTION, StoredText, open_collection, sync, vectors_for
from feedback.topics import PainPointModel, TopicInput, discover


@dataclass(frozen=True)
class IndexReport:
    documents: int
    embedded: int
    metadata_updated: int
    deleted: int
    pain_points: int
    silhouette: float
    seconds: float
    embed_seconds: float
    chroma_dir: Path

    @property
    def embeddings_per_second(self) -> float:
        return self.embedded / self.embed_seconds if self.embed_seconds > 0 else 0.0


def build_index(warehouse: Path, chroma_dir: Path | None = None, *, progress: bool = True) -> IndexReport:
    started = time.perf_counter()
    chroma_dir = chroma_dir or chroma_path()
    documents = load_documents(warehouse)
    search_texts = [StoredText(d.key, d.text, d.metadata) for d in documents]
    theme_texts = _theme_texts(warehouse, [d for d in documents if d.negative])
    embed_started = time.perf_counter()
    search = sync(open_collection(chroma_dir, SEARCH_COLLECTION, create=True), search_texts, embed, progress=progress)
    themes_collection = open_collection(chroma_dir, THEME_COLLECTION, create=True)
    themes = sync(themes_collection, theme_texts, embed, progress=progress)
    embed_seconds = time.perf_counter() - embed_started
    model = discover_pain_points(themes_collection, documents, theme_texts)
    materialize(warehouse, model)
    return IndexReport(
        documents=len(documents),
        embedded=search.embedded + themes.embedded,
        metadata_updated=search.metadata_updated + themes.metadata_updated,
        deleted=search.deleted + themes.deleted,
        pain_points=len(model.pain_points),
        silhouette=model.silhouette,
        seconds=time.perf_counter() - started,
        embed_seconds=embed_seconds,
        chroma_dir=chroma_dir,
    )


def _theme_texts(warehouse: Path, negatives: list[FeedbackDocument]) -> list[StoredText]:
    mentions = mention_pattern(warehouse)
    result = []
    for d in negatives:
        text = theme_text(d.text, mentions)
        metadata = {"source": d.source, "source_id": d.source_id, "content_hash": content_hash(text)}
        result.append(StoredText(d.key, text, metadata))
    return result


def discover_pain_points(
    themes_collection: object, documents: tuple[FeedbackDocument, ...], theme_texts: list[StoredText]
) -> PainPointModel:
    """Cluster negative reviews (guided theme vectors) and attach tickets to the clusters found."""
    by_key = {d.key: d for d in documents}
    centroids = seed_centroids(embed)
    inputs = []
    for source in ("review", "ticket"):
        chosen = [t for t in theme_texts if t.metadata["source"] == source]
        vectors = guided(vectors_for(themes_collection, [t.key for t in chosen]), centroids)
        inputs.append(
            TopicInput(
                keys=tuple((source, int(t.metadata["source_id"])) for t in chosen),
                texts=tuple(by_key[t.key].text for t in chosen),
                theme_texts=tuple(t.text for t in chosen),
                vectors=vectors,
            )
        )
    return discover(inputs[0], inputs[1], centroids)
