"""Session fixtures shared by every test package: an isolated CDM_HOME and one tiny warehouse."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# engines/ is newer than some editable installs' package map (reinstall with `make install`);
# the repository root on the path makes it importable either way.
ROOT = str(Path(__file__).resolve().parents[1])
sys.path.insert(0, ROOT)
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH", "")) if p)

TEST_SEED = 42
# Tiny data: one shuffle partition and no code generation or adaptive re-planning make each query
# ~40% faster in local mode (the product's defaults suit real data).
SPARK_TEST_CONF = (
    "spark.sql.shuffle.partitions=1,spark.sql.adaptive.enabled=false,spark.sql.codegen.wholeStage=false,"
    "spark.sql.codegen.factoryMode=NO_CODEGEN"
)


@pytest.fixture(scope="session", autouse=True)
def isolated_cdm_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test session writes its state (audit log, chroma) in a temporary CDM_HOME."""
    home = tmp_path_factory.mktemp("cdm_home")
    previous = os.environ.get("CDM_HOME")
    os.environ["CDM_HOME"] = str(home)
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("CDM_PRIVACY_BUDGET", "1000000")  # hundreds of viewer questions per session
    yield home
    if previous is None:
        os.environ.pop("CDM_HOME", None)
    else:
        os.environ["CDM_HOME"] = previous


@pytest.fixture(scope="session")
def tiny_warehouse(isolated_cdm_home: Path) -> Path:
    """The tiny warehouse, built once per session at $CDM_HOME/warehouse.duckdb."""
    from data.warehouse import build_warehouse

    path = isolated_cdm_home / "warehouse.duckdb"
    if not path.exists():
        build_warehouse(path, scale="tiny", seed=TEST_SEED)
    return path


@pytest.fixture(scope="session")
def feedback_index(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """(warehouse copy, chroma folder, first build report), one feedback index per session.

    On a private copy of the tiny warehouse: the build writes the pain-point tables, and the shared
    tiny warehouse must stay exactly as the generator made it for other packages' tests. The folder
    layout mirrors a CDM_HOME.
    """
    import shutil

    from feedback.index import build_index

    folder = tmp_path_factory.mktemp("feedback_home")
    warehouse = folder / "warehouse.duckdb"
    shutil.copy(tiny_warehouse, warehouse)
    chroma = folder / "chroma"
    return warehouse, chroma, build_index(warehouse, chroma, progress=False)


@pytest.fixture(scope="session")
def eval_run(tiny_warehouse: Path):  # type: ignore[no-untyped-def]
    """One full run of the golden suite per test session (tests/eval gates on it, tests/spark compares with it)."""
    from eval.service import run_eval

    return run_eval(warehouse=tiny_warehouse)


@pytest.fixture(scope="session")
def spark_export(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny warehouse exported to Parquet once per session, for the Spark backend."""
    from data.export import export_warehouse
    from engines.spark_session import java_available

    if not java_available():
        pytest.fail("Spark tests need Java 17+ and `java` is not on PATH: run scripts/ensure_java.sh (make test does)")
    os.environ["CDM_SPARK_CONF"] = SPARK_TEST_CONF
    return export_warehouse(tiny_warehouse, tmp_path_factory.mktemp("spark") / "parquet").path


@pytest.fixture
def on_spark(spark_export: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CDM_ENGINE=spark over the session's export for one test (the Spark session itself is reused)."""
    monkeypatch.setenv("CDM_ENGINE", "spark")
    monkeypatch.setenv("CDM_PARQUET", str(spark_export))
    return spark_export


@pytest.fixture
def use_spark(spark_export: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Call it to switch this test to Spark after computing the DuckDB side (tests compare the two)."""

    def switch() -> Path:
        monkeypatch.setenv("CDM_ENGINE", "spark")
        monkeypatch.setenv("CDM_PARQUET", str(spark_export))
        return spark_export

    return switch
