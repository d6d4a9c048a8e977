"""One renderer per dialect: the Spark SQL `cdm query --sql --dialect spark` prints is the Spark
engine's, and the SQL an engine records is the SQL it ran."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cdm.cli import app
from data.errors import CdmError
from engines.base import RunLimits
from engines.render import parse_sql, render_sql
from engines.selection import execution_engine
from guards.engine_policy import engine_policy
from semantic_layer.compiler import compile_query
from semantic_layer.query import SemanticQuery


def test_the_cli_prints_what_the_spark_engine_renders() -> None:
    query = SemanticQuery.model_validate({"metrics": ["aov"], "group_by": ["region"]})
    printed = CliRunner().invoke(app, ["query", "--metrics", "aov", "--by", "region", "--sql", "--dialect", "spark"])
    assert printed.exit_code == 0, printed.output
    assert printed.output.strip() == render_sql(compile_query(query).expression, "spark", pretty=True)
    assert "TRY_DIVIDE" in printed.output  # DuckDB's x/0 meaning, as the Spark engine runs it


def test_the_duckdb_engine_renders_the_canonical_tree(tiny_warehouse: Path) -> None:
    tree = compile_query(SemanticQuery.model_validate({"metrics": ["revenue"], "group_by": ["region"]})).expression
    engine = execution_engine(engine_policy, tiny_warehouse)
    assert engine.render(tree, RunLimits(10, 5)) == render_sql(tree, "duckdb")
    assert [t.sql("duckdb") for t in parse_sql(render_sql(tree, "duckdb"))] == [render_sql(tree, "duckdb")]


def test_an_unknown_dialect_is_a_clear_error() -> None:
    with pytest.raises(CdmError, match="unknown SQL dialect 'oracle'"):
        render_sql(compile_query(SemanticQuery.model_validate({"metrics": ["revenue"]})).expression, "oracle")
