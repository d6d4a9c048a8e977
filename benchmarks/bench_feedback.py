"""Feedback index on the default warehouse: build time, embeddings/s, search latency, topic quality.

Usage: python benchmarks/bench_feedback.py [--warehouse PATH] [--scale default] [--seed 42] [--json]
Without --warehouse a fresh warehouse of --scale is generated in a temporary folder. The
warehouse is copied first (the build writes the feedback tables); Chroma is built from scratch.
Recall@10 uses tests/feedback/queries.yml: one query per true theme, worded unlike the templates.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import yaml

QUERIES_FILE = Path(__file__).resolve().parents[1] / "tests" / "feedback" / "queries.yml"
SEARCH_REPEATS = 5


def prepare(folder: Path, source: Path | None, scale: str, seed: int) -> Path:
    from data.warehouse import build_warehouse

    target = folder / "warehouse.duckdb"
    if source is not None:
        shutil.copy(source, target)
    else:
        build_warehouse(target, scale=scale, seed=seed)
    return target


def model_throughput() -> float:
    """Embeddings per second of the model alone, on 2,048 distinct sentences at batch 64."""
    from feedback.embeddings import embed

    texts = [f"The order number {i} arrived late and the box was damaged near gate {i % 97}." for i in range(2048)]
    embed(texts[:64])
    started = time.perf_counter()
    embed(texts)
    return len(texts) / (time.perf_counter() - started)


def topic_quality(warehouse: Path) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score

    with duckdb.connect(str(warehouse), read_only=True) as con:
        pairs = con.execute(
            "SELECT t.theme, f.pain_point FROM truth_review_theme t "
            "JOIN review_pain_points f ON f.review_id = t.review_id"
        ).fetchall()
    clusters = {p for _, p in pairs}
    majority = sum(Counter(t for t, p in pairs if p == c).most_common(1)[0][1] for c in clusters)
    return {
        "purity": majority / len(pairs),
        "adjusted_rand": float(adjusted_rand_score([t for t, _ in pairs], [p for _, p in pairs])),
        "reviews_clustered": len(pairs),
    }


def unguided_quality(warehouse: Path, chroma: Path) -> dict[str, float]:
    """The same clustering without seed guidance or merging by name: what guidance adds."""
    from sklearn.metrics import adjusted_rand_score

    from feedback.doc_table import table_path
    from feedback.store import THEME_COLLECTION, open_collection, vectors_for
    from feedback.topics import choose_clusters

    with duckdb.connect(str(table_path(chroma)), read_only=True) as con:
        docs = con.execute(
            "SELECT source_id, theme_hash FROM documents WHERE source = 'review' AND rating <= 2"
        ).fetchall()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        truth = dict(con.execute("SELECT review_id, theme FROM truth_review_theme").fetchall())
    vectors = vectors_for(open_collection(chroma, THEME_COLLECTION, create=False), [h for _, h in docs])
    labels, _ = choose_clusters(vectors)
    themes = [truth[i] for i, _ in docs]
    majority = sum(
        Counter(t for t, c in zip(themes, labels, strict=True) if c == k).most_common(1)[0][1] for k in set(labels)
    )
    return {
        "unguided_clusters": len(set(labels.tolist())),
        "unguided_purity": majority / len(themes),
        "unguided_adjusted_rand": float(adjusted_rand_score(themes, labels)),
    }


def search_quality(warehouse: Path, chroma: Path) -> dict[str, Any]:
    from feedback.search import search_feedback
    from guards.principal import Principal

    queries: dict[str, str] = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        truth = dict(con.execute("SELECT review_id, theme FROM truth_review_theme").fetchall())
    admin = Principal(None, "admin")
    hit, precision = 0, []
    for theme, query in queries.items():
        results = search_feedback(
            query, admin, filters={"source": "review"}, k=10, warehouse=warehouse, chroma_dir=chroma
        )
        relevant = [truth.get(h.id) == theme for h in results.results]
        hit += any(relevant)
        precision.append(sum(relevant) / 10)
    return {"recall_at_10": hit / len(queries), "precision_at_10": statistics.mean(precision)}


def search_latency(warehouse: Path, chroma: Path) -> dict[str, float]:
    from feedback.search import search_feedback
    from guards.principal import Principal

    queries = list(yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8")).values())
    principals = (Principal(None, "analyst"), Principal(None, "regional_manager", {"region": "East"}))
    for principal in principals:  # warm: model, Chroma segments, the manager's allowed-id set
        search_feedback(queries[0], principal, warehouse=warehouse, chroma_dir=chroma)
    timings = []
    for _ in range(SEARCH_REPEATS):
        for principal in principals:
            for query in queries:
                started = time.perf_counter()
                search_feedback(query, principal, k=10, warehouse=warehouse, chroma_dir=chroma)
                timings.append((time.perf_counter() - started) * 1000)
    ordered = sorted(timings)
    return {"search_p50_ms": ordered[len(ordered) // 2], "search_p95_ms": ordered[int(len(ordered) * 0.95) - 1]}


def pain_point_latency(warehouse: Path) -> dict[str, float]:
    """A pain-point answer (governed counts, monthly trend, quotes) and a breakdown by region, warm."""
    from feedback.pain_points import pain_point_summary
    from guards.principal import Principal

    principals = (Principal(None, "analyst"), Principal(None, "regional_manager", {"region": "East"}))
    for principal in principals:
        pain_point_summary(principal, warehouse=warehouse)
    timings = []
    for _ in range(SEARCH_REPEATS):
        for principal in principals:
            for by in (None, "region"):
                started = time.perf_counter()
                pain_point_summary(principal, by=by, warehouse=warehouse)
                timings.append((time.perf_counter() - started) * 1000)
    ordered = sorted(timings)
    return {
        "pain_points_p50_ms": ordered[len(ordered) // 2],
        "pain_points_p95_ms": ordered[int(len(ordered) * 0.95) - 1],
    }


def run(source: Path | None, scale: str, seed: int) -> dict[str, Any]:
    from feedback.index import build_index

    with tempfile.TemporaryDirectory(prefix="cdm-bench-feedback-") as name:
        folder = Path(name)
        warehouse = prepare(folder, source, scale, seed)
        report = build_index(warehouse, folder / "chroma", progress=False)
        rebuild = build_index(warehouse, folder / "chroma", progress=False)
        return {
            "documents": report.documents,
            "distinct_texts": report.distinct_texts,
            "texts_embedded": report.embedded,
            "build_seconds": round(report.seconds, 1),
            "embed_and_store_seconds": round(report.embed_seconds, 1),
            "rebuild_seconds": round(rebuild.seconds, 1),
            "rebuild_embedded": rebuild.embedded,
            "model_embeddings_per_second": round(model_throughput()),
            "pain_points": report.pain_points,
            "silhouette": round(report.silhouette, 3),
            **{k: round(v, 3) for k, v in topic_quality(warehouse).items()},
            **{k: round(v, 3) for k, v in unguided_quality(warehouse, folder / "chroma").items()},
            **{k: round(v, 3) for k, v in search_quality(warehouse, folder / "chroma").items()},
            **{k: round(v, 1) for k, v in search_latency(warehouse, folder / "chroma").items()},
            **{k: round(v, 1) for k, v in pain_point_latency(warehouse).items()},
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=None)
    parser.add_argument("--scale", default="default")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = run(args.warehouse, args.scale, args.seed)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:<30} {value}")


if __name__ == "__main__":
    main()
