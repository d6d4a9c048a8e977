"""Guidance for pain-point discovery: product mentions to mask and known pain points to lean on.

Review wordings mention products, brands and channels; left in, those words dominate sentence
embeddings and clusters form around products instead of complaints. So clustering embeds a
"theme text" with those mentions replaced by a neutral word, and (as in BERTopic's guided topic
modelling) nudges each vector towards the known pain point it resembles most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import yaml

NAMES_FILE = Path(__file__).with_name("pain_point_names.yml")
CATALOG_FILE = Path(__file__).resolve().parents[1] / "data" / "catalog.yml"
NEUTRAL_WORD = "item"
GUIDE_TEMPERATURE = 0.05  # softmax over seed similarities: near one-hot for a clear match
GUIDE_WEIGHT = 1.0  # how far a vector moves towards its soft seed mix


@dataclass(frozen=True)
class KnownPainPoint:
    slug: str
    name: str
    seeds: tuple[str, ...]


@cache
def known_pain_points() -> tuple[KnownPainPoint, ...]:
    raw = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))["pain_points"]
    return tuple(KnownPainPoint(slug, v["name"], tuple(v["seeds"])) for slug, v in raw.items())


def mention_pattern(warehouse: Path) -> re.Pattern[str]:
    """Product names, brands, categories and channel labels, longest first."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT product_name, brand, category FROM products").fetchall()
    terms = {str(t) for row in rows for t in row if t} | set(_channel_labels())
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(rf"\b{re.escape(t)}\b" for t in ordered) or "(?!)", re.IGNORECASE)


def _channel_labels() -> list[str]:
    if not CATALOG_FILE.exists():
        return []
    channels = (yaml.safe_load(CATALOG_FILE.read_text(encoding="utf-8")) or {}).get("channels", {})
    return [str(c["label"]) for c in channels.values() if isinstance(c, dict) and c.get("label")]


def theme_text(text: str, mentions: re.Pattern[str]) -> str:
    return mentions.sub(NEUTRAL_WORD, text)


def seed_centroids(embedder: Any) -> np.ndarray[Any, np.dtype[np.float32]]:
    """One unit vector per known pain point: the mean of its seed phrases' embeddings."""
    rows = [np.asarray(embedder(list(p.seeds))).mean(axis=0) for p in known_pain_points()]
    matrix = np.stack(rows).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def guided(vectors: np.ndarray[Any, Any], centroids: np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.float32]]:
    """Move each vector towards a softmax-weighted mix of the seed centroids, then renormalise."""
    if len(vectors) == 0:
        return vectors.astype(np.float32)
    similarity = vectors @ centroids.T
    weights = np.exp((similarity - similarity.max(axis=1, keepdims=True)) / GUIDE_TEMPERATURE)
    weights /= weights.sum(axis=1, keepdims=True)
    moved = vectors + GUIDE_WEIGHT * (weights @ centroids)
    return (moved / np.linalg.norm(moved, axis=1, keepdims=True)).astype(np.float32)
