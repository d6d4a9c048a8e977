"""Steward commands change the warehouse: each test module works on its own copy in its own CDM_HOME."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def steward_home(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A CDM_HOME holding a private copy of the tiny warehouse (the shared one must stay as built)."""
    home = tmp_path_factory.mktemp("steward_home")
    shutil.copy(tiny_warehouse, home / "warehouse.duckdb")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CDM_HOME", str(home))
        patch.delenv("CDM_WAREHOUSE", raising=False)
        yield home
