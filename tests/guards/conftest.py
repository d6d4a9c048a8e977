"""Guard test fixtures: the tiny warehouse, protected values fetched as admin, principals."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from guard_judges import Outside
from guard_leaks import Protected, load_protected


@pytest.fixture(scope="session")
def protected(tiny_warehouse: Path) -> Protected:
    return load_protected(tiny_warehouse)


@pytest.fixture(scope="session")
def outside_east(tiny_warehouse: Path) -> Outside:
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        phones = con.execute(
            "SELECT left(phone, 3) || '****' || right(phone, 4) FROM customers WHERE region <> 'East'"
        ).fetchall()
        east_phones = {
            r[0]
            for r in con.execute(
                "SELECT left(phone, 3) || '****' || right(phone, 4) FROM customers WHERE region = 'East'"
            ).fetchall()
        }
        stores = con.execute("SELECT store_name FROM stores WHERE region <> 'East'").fetchall()
        east_stores = {r[0] for r in con.execute("SELECT store_name FROM stores WHERE region = 'East'").fetchall()}
        regions = con.execute("SELECT DISTINCT region FROM customers WHERE region <> 'East'").fetchall()
    return Outside(
        masked_phones=frozenset(p for (p,) in phones) - east_phones,
        store_names=frozenset(s for (s,) in stores) - east_stores,
        regions=frozenset(r for (r,) in regions),
    )
