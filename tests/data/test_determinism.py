"""Same seed, same warehouse: identical checksums for every table; another seed differs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from data.dictionary import load_dictionary
from data.errors import CdmError
from data.warehouse import build_warehouse


def checksums(path: Path) -> dict[str, tuple[int, int]]:
    """Order-independent fingerprint per table (dataset_info without its built_at time)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        sums = {}
        for table in load_dictionary().tables:
            where = "WHERE key <> 'built_at'" if table.name == "dataset_info" else ""
            row = con.execute(
                f'SELECT count(*), sum(hash(t::VARCHAR)::HUGEINT) FROM "{table.name}" t {where}'
            ).fetchone()
            assert row is not None
            sums[table.name] = (int(row[0]), int(row[1] or 0))
        return sums
    finally:
        con.close()


def test_same_seed_same_tables(tiny_warehouse, tmp_path):
    again = build_warehouse(tmp_path / "again.duckdb", scale="tiny", seed=42)
    assert checksums(tiny_warehouse) == checksums(again.path)
    # The target is < 5 s on an idle 2-core machine; the margin absorbs a busy test run.
    assert again.rows("orders") > 0 and again.seconds < 10


def test_other_seed_other_tables(tiny_warehouse, tmp_path):
    other = build_warehouse(tmp_path / "other.duckdb", scale="tiny", seed=43)
    ours, theirs = checksums(tiny_warehouse), checksums(other.path)
    assert ours["products"] != theirs["products"] and ours["orders"] != theirs["orders"]


def test_bad_requests_raise_cdm_error(tmp_path):
    with pytest.raises(CdmError, match="unknown scale"):
        build_warehouse(tmp_path / "w.duckdb", scale="medium")
    with pytest.raises(CdmError, match="is a directory"):
        build_warehouse(tmp_path, scale="tiny")
