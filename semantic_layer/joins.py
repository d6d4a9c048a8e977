"""The join graph between semantic models, and fan-out-safe join paths.

Going along a relationship (many-to-one, or one-to-one either way) never multiplies a fact's rows;
going against a many-to-one does. A fact may only reach a dimension through safe steps.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from semantic_layer.model import SemanticModel


@dataclass(frozen=True)
class JoinStep:
    """Join `right` to `left` on left.left_key = right.right_key."""

    left: str
    right: str
    left_key: str
    right_key: str
    safe: bool


def _edges(models: Mapping[str, SemanticModel]) -> dict[str, list[JoinStep]]:
    edges: dict[str, list[JoinStep]] = {name: [] for name in models}
    for model in models.values():
        for rel in model.relationships:
            target = models.get(rel.to)
            if target is None or target.primary_key is None:
                continue
            pk = target.primary_key
            edges[model.name].append(JoinStep(model.name, rel.to, rel.foreign_key, pk, True))
            back_safe = rel.cardinality == "one_to_one"
            edges[rel.to].append(JoinStep(rel.to, model.name, pk, rel.foreign_key, back_safe))
    return edges


def join_paths(models: Mapping[str, SemanticModel], start: str, safe_only: bool) -> dict[str, tuple[JoinStep, ...]]:
    """Shortest path from `start` to every reachable model (breadth first, declaration order)."""
    edges = _edges(models)
    paths: dict[str, tuple[JoinStep, ...]] = {start: ()}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for step in edges.get(current, []):
            if step.right in paths or (safe_only and not step.safe):
                continue
            paths[step.right] = (*paths[current], step)
            queue.append(step.right)
    return paths


def fan_out_grain(models: Mapping[str, SemanticModel], start: str, target: str) -> str | None:
    """The entity at which `target` is recorded relative to `start` (first many-side step), if connected."""
    path = join_paths(models, start, safe_only=False).get(target)
    if path is None:
        return None
    unsafe = next((step for step in path if not step.safe), None)
    return models[unsafe.right].entity if unsafe else models[target].entity
