"""Follow-up questions are cached per query shape and per loaded `Resources`: the cached buttons are
exactly what a fresh computation offers, and a rebuilt warehouse (new Resources) never reuses them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import assistant.follow_ups as follow_up_module
from assistant.follow_ups import answerable, follow_ups
from assistant.resources import Resources, load_resources
from assistant.service import ask
from guards.principal_resolution import resolve_principal
from semantic_layer.query import SemanticQuery

SHAPES = (
    SemanticQuery(metrics=("revenue",), group_by=("region",)),
    SemanticQuery(metrics=("revenue",), group_by=("metric_time__month",)),
    SemanticQuery(metrics=("aov",)),
    SemanticQuery(metrics=("return_rate",), group_by=("channel", "region")),
)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("query", SHAPES, ids=lambda q: "+".join(q.metrics + q.group_by))
def test_cached_follow_ups_are_what_a_fresh_computation_offers(
    query: SemanticQuery, language: str, resources: Resources
) -> None:
    first = follow_ups(query, resources, language)
    assert follow_ups(query, resources, language) is first  # served from the cache
    assert first == follow_up_module._follow_ups(query, resources, language, True)
    assert all(follow_up_module._answerable(s.question, resources) for s in first)
    assert follow_ups(query, resources, language, compare=False) == follow_up_module._follow_ups(
        query, resources, language, False
    )


def test_verdicts_match_the_planner_for_answerable_and_unanswerable_questions(resources: Resources) -> None:
    for question in ("revenue by region", "the colour of the moon by tuesday", "aov by channel"):
        assert answerable(question, resources) == follow_up_module._answerable(question, resources)
    assert answerable("revenue by region", resources) and not answerable("the colour of the moon by tuesday", resources)


def test_a_rebuilt_warehouse_gets_its_own_follow_ups(tiny_warehouse: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(tiny_warehouse, warehouse)
    before = load_resources(warehouse)
    query = SHAPES[0]
    offered = follow_ups(query, before, "en")
    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copy(tiny_warehouse, rebuilt)
    stamp = warehouse.stat().st_mtime + 5
    os.utime(rebuilt, (stamp, stamp))
    os.replace(rebuilt, warehouse)  # as `cdm data build` renames a new file in
    after = load_resources(warehouse)
    assert after is not before
    assert follow_up_module._checked(after) is not follow_up_module._checked(before)
    assert query_key(query) not in follow_up_module._checked(after).offered
    assert follow_ups(query, after, "en") == offered and query_key(query) in follow_up_module._checked(after).offered


def query_key(query: SemanticQuery) -> tuple[str, tuple[str, ...], str, bool]:
    return (query.metrics[0], tuple(query.group_by), "en", True)


def test_answers_for_different_roles_offer_the_same_checked_follow_ups(tiny_warehouse: Path) -> None:
    """Suggestions hold no data: the viewer's and the admin's buttons for one question are the same
    planner-checked questions (the guards decide what each sees when a button is pressed)."""
    viewer = ask("revenue by region", resolve_principal(role="viewer"), warehouse=tiny_warehouse)
    admin = ask("revenue by region", resolve_principal(role="admin"), warehouse=tiny_warehouse)
    assert viewer.suggestions and viewer.suggestions == admin.suggestions
