"""Session fixtures shared by every test package: an isolated CDM_HOME and one tiny warehouse."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

TEST_SEED = 42


@pytest.fixture(scope="session", autouse=True)
def isolated_cdm_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test session writes its state (audit log, chroma) in a temporary CDM_HOME."""
    home = tmp_path_factory.mktemp("cdm_home")
    previous = os.environ.get("CDM_HOME")
    os.environ["CDM_HOME"] = str(home)
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
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
