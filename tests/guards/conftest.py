"""Guard test fixtures: the tiny warehouse, protected values fetched as admin, principals."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from leaks import Protected, load_protected

MASKED_PHONE = re.compile(r"[0-9]{3}\*{4}[0-9]{4}")


@dataclass(frozen=True)
class Outside:
    """Values that only rows outside a regional manager's region can carry."""

    masked_phones: frozenset[str]
    store_names: frozenset[str]
    regions: frozenset[str]

    def violation(self, rows: tuple[tuple[object, ...], ...]) -> str | None:
        for row in rows:
            for cell in row:
                text = str(cell)
                if text in self.regions or text in self.store_names:
                    return text
                if any(p in self.masked_phones for p in MASKED_PHONE.findall(text)):
                    return text
        return None


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
