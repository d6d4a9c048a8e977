"""CDM_ENGINE=spark end to end: `ask` and `cdm ask` answer from the Parquet export with DuckDB's
numbers, the as-of date and value index come from Spark too, and every bad configuration is one
line on stderr with a non-zero exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.resources import load_resources
from assistant.service import ask
from cdm.cli import app
from engines.selection import warehouse_backend
from engines.status import Status
from eval.scoring import compare_results
from guards.principal import Principal

QUESTIONS = ["revenue by region last quarter", "top 5 categories by item revenue", "aov by channel in 2025"]
ANALYST = Principal(None, "analyst", {})
VIEWER = Principal(None, "viewer", {})


@pytest.mark.parametrize("question", QUESTIONS)
def test_ask_on_spark_gives_duckdbs_answer(question: str, tiny_warehouse: Path, use_spark: Callable[[], Path]) -> None:
    duck = ask(question, VIEWER, warehouse=tiny_warehouse)
    export = use_spark()
    spark = ask(question, VIEWER, warehouse=tiny_warehouse)
    assert duck.status == spark.status == Status.ANSWERED, spark.summary
    assert duck.rows and compare_results(duck.rows, spark.rows, ordered=True, tolerance=1e-6).ok
    assert spark.interpretation == duck.interpretation
    assert warehouse_backend(load_resources().warehouse).location == export.resolve()


def test_spark_resources_match_duckdbs(tiny_warehouse: Path, use_spark: Callable[[], Path]) -> None:
    duck = load_resources(tiny_warehouse)
    use_spark()
    spark = load_resources()
    assert spark.as_of == duck.as_of
    assert spark.lexicon == duck.lexicon


def test_cdm_ask_json_on_spark(use_spark: Callable[[], Path]) -> None:
    use_spark()
    result = CliRunner().invoke(app, ["ask", "revenue by region", "--role", "analyst", "--json", "--engine", "offline"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["status"] == "answered" and len(answer["rows"]) == 7
    assert "NULLS LAST" in answer["sql"] or "nulls last" in answer["sql"].lower()


def _cdm(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    own = ("CDM_ENGINE", "CDM_SPARK", "CDM_PARQUET", "PYSPARK_", "SPARK_")  # not this process's JVM gateway
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    full_env.update(env)
    cdm = str(Path(sys.executable).parent / "cdm")  # not `python -c`: pyspark takes that for a doctest run
    return subprocess.run([cdm, *args], capture_output=True, text=True, env=full_env, check=False)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CDM_ENGINE": "bogus"}, "unknown CDM_ENGINE 'bogus'; use one of duckdb, spark"),
        ({"CDM_ENGINE": "spark", "CDM_PARQUET": "/nonexistent/export"}, "no Parquet export at /nonexistent/export"),
        ({"CDM_ENGINE": "spark", "PATH": "/nonexistent"}, "Spark needs Java 17 or newer"),
        (
            {"CDM_ENGINE": "spark", "CDM_SPARK_REMOTE": "sc://127.0.0.1:9"},
            "Spark Connect needs the pyspark connect extras",
        ),
        ({"CDM_ENGINE": "spark", "CDM_SPARK_CONF": "executor.memory"}, "CDM_SPARK_CONF: expected spark.key=value"),
    ],
    ids=["bogus-engine", "missing-export", "java-missing", "connect-client-missing", "bad-spark-conf"],
)
def test_bad_engine_configuration_is_one_line(
    env: dict[str, str], message: str, spark_export: Path, tiny_warehouse: Path
) -> None:
    env = {"CDM_WAREHOUSE": str(tiny_warehouse), "CDM_PARQUET": str(spark_export), **env}
    result = _cdm(["sql", "SELECT count(*) FROM orders", "--role", "analyst"], env)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
