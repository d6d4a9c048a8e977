"""Pain-point discovery: cluster negative reviews, label clusters, attach tickets.

The number of clusters is chosen by the best silhouette over a range (no fixed 12); clusters
are named after the known pain point their members resemble most (pain_point_names.yml), or
after their top c-TF-IDF terms when they resemble none, so new complaints still surface.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from feedback.guide import KnownPainPoint, known_pain_points
from feedback.labels import ctfidf_terms

K_MIN = 4
K_MAX = 24
MIN_PER_CLUSTER = 8  # k never exceeds n / MIN_PER_CLUSTER
SILHOUETTE_SAMPLE = 3000
NAME_MIN_SIMILARITY = 0.35  # mean member similarity to a known pain point needed to take its name
TICKET_PERCENTILE = 5  # a ticket joins a cluster if at least as close as this percentile of members
QUOTES = 3
SEED = 0


@dataclass(frozen=True)
class TopicInput:
    """Texts to cluster (theme texts for the vectors, redacted originals for quotes)."""

    keys: tuple[tuple[str, int], ...]
    texts: tuple[str, ...]
    theme_texts: tuple[str, ...]
    vectors: np.ndarray[Any, np.dtype[np.float32]]


@dataclass(frozen=True)
class PainPoint:
    pain_point: str
    label: str
    keywords: tuple[str, ...]
    size: int
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Assignment:
    """One text's pain point; centrality (cosine to the cluster centre) ranks quotes."""

    source: str
    source_id: int
    pain_point: str
    centrality: float


@dataclass(frozen=True)
class PainPointModel:
    pain_points: tuple[PainPoint, ...]
    assignments: tuple[Assignment, ...]
    k: int
    silhouette: float


def choose_clusters(vectors: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], float]:
    """KMeans labels at the k with the best (sampled, cosine) silhouette."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    best: tuple[float, np.ndarray[Any, Any]] = (-1.0, np.zeros(len(vectors), dtype=int))
    for k in range(K_MIN, min(K_MAX, len(vectors) // MIN_PER_CLUSTER) + 1):
        labels = KMeans(k, n_init=4, random_state=SEED).fit_predict(vectors)
        sample = min(SILHOUETTE_SAMPLE, len(vectors))
        score = float(silhouette_score(vectors, labels, metric="cosine", sample_size=sample, random_state=SEED))
        if score > best[0]:
            best = (score, labels)
    return best[1], best[0]


def discover(reviews: TopicInput, tickets: TopicInput, seed_centroids: np.ndarray[Any, Any]) -> PainPointModel:
    if len(reviews.keys) < K_MIN * MIN_PER_CLUSTER:
        return PainPointModel((), (), 0, 0.0)
    labels, silhouette = choose_clusters(reviews.vectors)
    centroids = _centroids(reviews.vectors, labels)
    slugs = _names(reviews.vectors, labels, seed_centroids, ctfidf_terms(reviews.theme_texts, labels.tolist()))
    terms = ctfidf_terms(reviews.theme_texts, labels.tolist())
    points = tuple(
        PainPoint(slugs[c][0], slugs[c][1], terms[c], int((labels == c).sum()), _quotes(reviews, labels, centroids, c))
        for c in sorted(slugs)
    )
    review_rows = tuple(
        Assignment(s, i, slugs[int(c)][0], float(v @ centroids[int(c)]))
        for (s, i), c, v in zip(reviews.keys, labels, reviews.vectors, strict=True)
    )
    return PainPointModel(
        points, review_rows + _attach(tickets, reviews.vectors, labels, centroids, slugs), len(slugs), silhouette
    )


def _centroids(vectors: np.ndarray[Any, Any], labels: np.ndarray[Any, Any]) -> dict[int, np.ndarray[Any, Any]]:
    result = {}
    for c in sorted(set(labels.tolist())):
        mean = vectors[labels == c].mean(axis=0)
        result[c] = mean / np.linalg.norm(mean)
    return result


def _names(
    vectors: np.ndarray[Any, Any],
    labels: np.ndarray[Any, Any],
    seed_centroids: np.ndarray[Any, Any],
    terms: dict[int, tuple[str, ...]],
) -> dict[int, tuple[str, str]]:
    """(slug, human name) per cluster; a known name used twice gets a numbered slug."""
    known = known_pain_points()
    used: Counter[str] = Counter()
    names: dict[int, tuple[str, str]] = {}
    for c in sorted(set(labels.tolist())):
        similarity = (vectors[labels == c] @ seed_centroids.T).mean(axis=0)
        best = int(similarity.argmax())
        point = known[best] if similarity[best] >= NAME_MIN_SIMILARITY else _unknown(terms[c])
        used[point.slug] += 1
        suffix = f"_{used[point.slug]}" if used[point.slug] > 1 else ""
        names[c] = (point.slug + suffix, point.name + (f" ({used[point.slug]})" if suffix else ""))
    return names


def _unknown(terms: tuple[str, ...]) -> KnownPainPoint:
    top = terms[:3] or ("other",)
    return KnownPainPoint("_".join(top).replace("-", "_"), ", ".join(top).capitalize(), ())


def _quotes(
    data: TopicInput, labels: np.ndarray[Any, Any], centroids: dict[int, np.ndarray[Any, Any]], c: int
) -> tuple[str, ...]:
    members = np.flatnonzero(labels == c)
    closest = members[np.argsort(-(data.vectors[members] @ centroids[c]))]
    quotes: list[str] = []
    for index in closest:
        if data.texts[index] not in quotes:
            quotes.append(data.texts[index])
        if len(quotes) == QUOTES:
            break
    return tuple(quotes)


def _attach(
    tickets: TopicInput,
    vectors: np.ndarray[Any, Any],
    labels: np.ndarray[Any, Any],
    centroids: dict[int, np.ndarray[Any, Any]],
    slugs: dict[int, tuple[str, str]],
) -> tuple[Assignment, ...]:
    """Tickets join their nearest pain point when as close to it as most of its reviews are."""
    if not tickets.keys:
        return ()
    order = sorted(centroids)
    matrix = np.stack([centroids[c] for c in order])
    floors = np.array([np.percentile(vectors[labels == c] @ centroids[c], TICKET_PERCENTILE) for c in order])
    similarity = tickets.vectors @ matrix.T
    nearest = similarity.argmax(axis=1)
    close = similarity[np.arange(len(nearest)), nearest] >= floors[nearest]
    best = similarity[np.arange(len(nearest)), nearest]
    return tuple(
        Assignment(s, i, slugs[order[n]][0], float(b))
        for (s, i), n, b, ok in zip(tickets.keys, nearest, best, close, strict=True)
        if ok
    )
