"""One feedback index per session, on a private copy of the tiny warehouse.

The copy matters: the build writes the feedback tables, and the shared tiny warehouse must stay
exactly as the generator made it for other packages' tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from feedback.index import IndexReport, build_index


@pytest.fixture(scope="session")
def feedback_index(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, IndexReport]:
    """(warehouse copy, chroma folder, first build report); folder layout mirrors a CDM_HOME."""
    folder = tmp_path_factory.mktemp("feedback_home")
    warehouse = folder / "warehouse.duckdb"
    shutil.copy(tiny_warehouse, warehouse)
    chroma = folder / "chroma"
    return warehouse, chroma, build_index(warehouse, chroma, progress=False)
