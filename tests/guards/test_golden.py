"""Golden rewrites: `golden/*.sql` hold a title, a role, the input and the expected rewritten SQL.

Regenerate on purpose with `CDM_REGENERATE=1 pytest tests/guards/test_golden.py` and review the diff
(the one switch for goldens and snapshots; golden_format.regenerating).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot
from golden_format import regenerating

from guards.principal import Principal
from guards.service import guard_sql

GOLDEN = Path(__file__).with_name("golden")
FILES = sorted(GOLDEN.glob("*.sql"))


def _parse(path: Path) -> tuple[dict[str, str], str, str]:
    header: dict[str, str] = {}
    sections: dict[str, list[str]] = {"input": [], "expected": []}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-- ") and ":" in line and line[3:].split(":")[0] in ("title", "role", "attrs", "origin"):
            key, _, value = line[3:].partition(":")
            header[key] = value.strip()
        elif line.strip() in ("-- input:", "-- expected:"):
            current = line.strip()[3:-1]
        elif current:
            sections[current].append(line)
    return header, "\n".join(sections["input"]).strip(), "\n".join(sections["expected"]).strip()


def _rewrite(header: dict[str, str], sql: str) -> str:
    attrs = dict(p.split("=", 1) for p in header.get("attrs", "").split(",") if p)
    decision = guard_sql(sql, Principal(None, header["role"], attrs), origin=header.get("origin", "sql"))
    if not decision.allowed:
        return "-- blocked: " + "; ".join(n.message for n in decision.notices)
    return sqlglot.transpile(decision.sql or "", read="duckdb", write="duckdb", pretty=True)[0]


def test_there_are_golden_files() -> None:
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_golden_rewrite(path: Path) -> None:
    header, sql, expected = _parse(path)
    assert header.get("title") and header.get("role") and sql
    actual = _rewrite(header, sql)
    if regenerating():
        lines = [f"-- {k}: {v}" for k, v in header.items()]
        path.write_text("\n".join([*lines, "-- input:", sql, "-- expected:", actual, ""]), encoding="utf-8")
        return
    assert actual == expected
