"""Build (or refresh) the feedback index: redacted texts -> embeddings -> Chroma -> pain points.

Chroma holds one vector per distinct redacted text (collection `feedback`, for search) and one
per distinct theme text, i.e. negative feedback with product mentions masked (collection
`feedback_themes`, for clustering). Each is keyed by its content hash, so a rebuild embeds only
texts it has not seen and deletes texts no document uses any more. The document table beside
them maps every review and ticket (source + id, content hash, metadata) to its texts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from data.settings import chroma_path
from feedback.doc_table import write_documents
from feedback.documents import FeedbackDocument, content_hash, load_documents
from feedback.embeddings import embed
from feedback.guide import guided, mention_pattern, seed_centroids, theme_text
from feedback.materialize import materialize
from feedback.store import SEARCH_COLLECTION, THEME_COLLECTION, StoredText, open_collection, sync, vectors_for
from feedback.topics import PainPointModel, TopicInput, discover


@dataclass(frozen=True)
class IndexReport:
    documents: int
    distinct_texts: int
    embedded: int
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
    search_texts = _distinct({d.content_hash: d.text for d in documents})
    themes_by_key = _theme_texts(warehouse, [d for d in documents if d.negative])
    theme_texts = _distinct({content_hash(t): t for t in themes_by_key.values()})
    embed_started = time.perf_counter()
    search = sync(open_collection(chroma_dir, SEARCH_COLLECTION, create=True), search_texts, embed, progress=progress)
    themes_collection = open_collection(chroma_dir, THEME_COLLECTION, create=True)
    themes = sync(themes_collection, theme_texts, embed, progress=progress)
    embed_seconds = time.perf_counter() - embed_started
    theme_hashes = {key: content_hash(text) for key, text in themes_by_key.items()}
    write_documents(chroma_dir, documents, theme_hashes)
    model = discover_pain_points(themes_collection, documents, themes_by_key, theme_hashes)
    materialize(warehouse, model)
    return IndexReport(
        documents=len(documents),
        distinct_texts=len(search_texts),
        embedded=search.embedded + themes.embedded,
        deleted=search.deleted + themes.deleted,
        pain_points=len(model.pain_points),
        silhouette=model.silhouette,
        seconds=time.perf_counter() - started,
        embed_seconds=embed_seconds,
        chroma_dir=chroma_dir,
    )


def _distinct(texts_by_hash: dict[str, str]) -> list[StoredText]:
    """One stored text per content hash: the hash is the Chroma id and its own change marker."""
    return [StoredText(h, text, {"content_hash": h}) for h, text in sorted(texts_by_hash.items())]


def _theme_texts(warehouse: Path, negatives: list[FeedbackDocument]) -> dict[str, str]:
    """Document key -> its text with product, brand, category and channel mentions masked."""
    mentions = mention_pattern(warehouse)
    return {d.key: theme_text(d.text, mentions) for d in negatives}


def discover_pain_points(
    themes_collection: object,
    documents: tuple[FeedbackDocument, ...],
    themes_by_key: dict[str, str],
    theme_hashes: dict[str, str],
) -> PainPointModel:
    """Cluster negative reviews (guided theme vectors) and attach tickets to the clusters found."""
    centroids = seed_centroids(embed)
    inputs = []
    for source in ("review", "ticket"):
        chosen = [d for d in documents if d.negative and d.source == source]
        vectors = vectors_for(themes_collection, [theme_hashes[d.key] for d in chosen])
        inputs.append(
            TopicInput(
                keys=tuple((source, d.source_id) for d in chosen),
                texts=tuple(d.text for d in chosen),
                theme_texts=tuple(themes_by_key[d.key] for d in chosen),
                vectors=guided(vectors, centroids),
            )
        )
    return discover(inputs[0], inputs[1], centroids)
