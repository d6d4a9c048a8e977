"""A CDM_HOME holding every store a steward command reaches, for the erasure and retention tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


@contextmanager
def home_with_every_store(feedback_index: Any, home: Path) -> Iterator[Path]:
    """`home` as CDM_HOME with copies of the indexed warehouse and its Chroma folder, every other
    store (history, export, audit) at its default place under it."""
    warehouse, chroma, _ = feedback_index
    shutil.copy(warehouse, home / "warehouse.duckdb")
    shutil.copytree(chroma, home / "chroma")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CDM_HOME", str(home))
        for name in ("CDM_WAREHOUSE", "CDM_DATABASE_URL", "CDM_PARQUET", "CDM_CHROMA_URL"):
            patch.delenv(name, raising=False)
        yield home
