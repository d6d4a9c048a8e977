"""Pain-point discovery: cluster negative reviews, label clusters, attach tickets.

The number of clusters is chosen by the best silhouette over a range (no fixed 12); clusters
are named after the known pain point their members resemble most (pain_point_names.yml), or
after their top c-TF-IDF terms when they resemble none, so new complaints still surface.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from feedback.guide import KnownPainPoint, known_pain_points
from feedback.labels import ctfidf_terms

K_MIN = 4
K_MAX = 24
MIN_PER_CLUSTER = 8  # k never exceeds n / MIN_PER_CLUSTER
SELECTION_SAMPLE = 3000  # points used to choose k
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
    """KMeans labels at the k with the best cosine silhouette.

    k is chosen on a random sample (silhouette is quadratic in the number of points), then the
    final model is fitted on every vector.
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    rng = np.random.default_rng(SEED)
    sample = vectors[rng.choice(len(vectors), min(len(vectors), SELECTION_SAMPLE), replace=False)]
    best_k, best_score = K_MIN, -1.0
    for k in range(K_MIN, min(K_MAX, len(sample) // MIN_PER_CLUSTER) + 1):
        labels = KMeans(k, n_init=4, random_state=SEED).fit_predict(sample)
        score = float(silhouette_score(sample, labels, metric="cosine"))
        if score > best_score:
            best_k, best_score = k, score
    return KMeans(best_k, n_init=4, random_state=SEED).fit_predict(vectors), best_score


def discover(reviews: TopicInput, tickets: TopicInput, seed_centroids: np.ndarray[Any, Any]) -> PainPointModel:
    if len(reviews.keys) < K_MIN * MIN_PER_CLUSTER:
        return PainPointModel((), (), 0, 0.0)
    clusters, silhouette = choose_clusters(reviews.vectors)
    labels, slugs = merge_by_name(reviews.vectors, clusters, seed_centroids, reviews.theme_texts)
    centroids = _centroids(reviews.vectors, labels)
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


def merge_by_name(
    vectors: np.ndarray[Any, Any],
    clusters: np.ndarray[Any, Any],
    seed_centroids: np.ndarray[Any, Any],
    theme_texts: tuple[str, ...],
) -> tuple[np.ndarray[Any, Any], dict[int, tuple[str, str]]]:
    """Clusters that resemble the same known pain point are one pain point (topic reduction).

    Returns new labels 0..n-1 and (slug, human name) per label.
    """
    named = _names(vectors, clusters, seed_centroids, ctfidf_terms(theme_texts, clusters.tolist()))
    order = sorted({point.slug for point in named.values()})
    labels = np.array([order.index(named[int(c)].slug) for c in clusters], dtype=int)
    names = {order.index(p.slug): (p.slug, p.name) for p in named.values()}
    return labels, names


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
) -> dict[int, KnownPainPoint]:
    """The known pain point each cluster's members resemble most, else one named by its terms."""
    known = known_pain_points()
    names: dict[int, KnownPainPoint] = {}
    for c in sorted(set(labels.tolist())):
        similarity = (vectors[labels == c] @ seed_centroids.T).mean(axis=0)
        best = int(similarity.argmax())
        names[c] = known[best] if similarity[best] >= NAME_MIN_SIMILARITY else _unknown(terms[c])
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
