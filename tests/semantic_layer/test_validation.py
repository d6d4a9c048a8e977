"""`validate_catalog` reports each class of definition error as `file:line: message` (one broken fixture each)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from semantic_layer.catalog import DEFINITIONS, load_catalog
from semantic_layer.errors import CatalogError
from semantic_layer.validate import validate_catalog

from .conftest import FIXTURES

BROKEN: list[tuple[str, str, str, str]] = [
    # (fixture, issue code, file:line, message fragment)
    ("yaml_syntax", "yaml_syntax", "metrics.yml:4", "YAML syntax"),
    ("unknown_column", "unknown_column", "models.yml:30", "column 'orders.sales_channel' does not exist"),
    ("unknown_table", "unknown_table", "models.yml:30", "table 'order_headers' does not exist"),
    ("type_mismatch", "type_mismatch", "models.yml:34", "orders.channel is VARCHAR, not compatible with number"),
    ("duplicate_name", "duplicate_name", "metrics.yml:9", "'revenue' is already used at metrics.yml:2"),
    ("ambiguous_synonym", "ambiguous_synonym", "metrics.yml:9", "synonym 'sales' of 'aov' already points to 'revenue'"),
    ("unknown_measure", "unknown_reference", "metrics.yml:9", "unknown measure 'orders_count'"),
    (
        "bad_verified_query",
        "bad_verified_query",
        "metrics.yml:18",
        "unknown dimension 'product_region'; did you mean 'region'?",
    ),
    ("missing_field", "missing_field", "metrics.yml:9", "missing required field 'type'"),
    ("unknown_field", "unknown_field", "metrics.yml:2", "unknown field 'ownr'"),
    ("unreachable_column", "no_join_path", "models.yml:17", "reads 'orders', which 'customers' cannot reach"),
    ("bad_sql", "bad_sql", "models.yml:34", "cannot parse SQL snippet 'status <> '"),
    ("unknown_relationship", "unknown_reference", "models.yml:25", "unknown model 'shoppers'"),
]


def _overlay(case: str, tmp_path: Path) -> Path:
    folder = tmp_path / case
    folder.mkdir()
    for source in (FIXTURES / "mini", FIXTURES / "broken" / case):
        for path in source.glob("*.yml"):
            shutil.copy(path, folder / path.name)
    return folder


def test_the_mini_fixture_and_the_shipped_catalog_are_valid(tiny_warehouse: Path) -> None:
    assert validate_catalog(FIXTURES / "mini", tiny_warehouse) == []
    assert validate_catalog(DEFINITIONS, tiny_warehouse) == []
    assert validate_catalog(None, None) == []


def test_every_broken_fixture_is_tested() -> None:
    assert {p.name for p in (FIXTURES / "broken").iterdir()} == {case for case, *_ in BROKEN}


@pytest.mark.parametrize(("case", "code", "where", "fragment"), BROKEN, ids=[case for case, *_ in BROKEN])
def test_broken_definitions_are_reported_with_file_and_line(
    case: str, code: str, where: str, fragment: str, tmp_path: Path, tiny_warehouse: Path
) -> None:
    issues = validate_catalog(_overlay(case, tmp_path), tiny_warehouse)
    assert any(i.code == code and i.where == where and fragment in i.message for i in issues), issues
    assert all(str(i).startswith(i.where + ": ") for i in issues)


def test_loading_a_broken_catalog_raises_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as raised:
        load_catalog(_overlay("duplicate_name", tmp_path))
    assert "metrics.yml:9" in raised.value.message and "\n" not in raised.value.message


def test_a_new_definitions_file_is_all_a_new_area_needs(tmp_path: Path) -> None:
    """A new area (product certifications): one more YAML file, no code."""
    folder = tmp_path / "defs"
    shutil.copytree(DEFINITIONS, folder)
    (folder / "certifications.yml").write_text(
        "semantic_models:\n"
        "  - name: product_certifications\n    table: product_certifications\n    entity: product\n"
        "    description: Certification of each product.\n    owner: merchandising\n"
        "    primary_key: product_id\n"
        "    relationships:\n      - {to: products, foreign_key: product_id, cardinality: one_to_one}\n"
        "    dimensions:\n      - name: certification\n        description: Organic, cruelty-free, ...\n"
        "        synonyms: [认证]\n",
        encoding="utf-8",
    )
    from semantic_layer.compiler import compile_query
    from semantic_layer.query import SemanticQuery

    catalog = load_catalog(folder)
    sql = compile_query(SemanticQuery(metrics=("review_count",), group_by=("certification",)), catalog).sql
    assert "LEFT JOIN product_certifications" in sql and "product_certifications.certification AS certification" in sql
