"""`cdm data export --format parquet`: hive-style month partitions, every table, equal row counts,
one-line errors, never half-written output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from data.export import MANIFEST, export_warehouse, load_manifest


@pytest.fixture(scope="module")
def exported(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_warehouse(tiny_warehouse, tmp_path_factory.mktemp("export") / "parquet").path


def _cdm(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    code = "from cdm.cli import main; main()"
    env = {"PATH": "/usr/bin:/bin", "CDM_HOME": str(home), "HOME": str(home)}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)


def test_orders_and_lines_are_partitioned_by_month(exported: Path) -> None:
    for table in ("orders", "order_items"):
        months = sorted(p.name for p in (exported / table).iterdir())
        assert len(months) == 36 and months[0] == "order_month=2023-10" and months[-1] == "order_month=2026-09"
    assert [p.name for p in (exported / "customers").iterdir()] == ["part-0.parquet"]


def test_every_table_is_exported_with_its_row_count(exported: Path, tiny_warehouse: Path) -> None:
    manifest = load_manifest(exported)
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert set(manifest) == tables
        for name, table in manifest.items():
            source = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            written = con.execute(f"SELECT count(*) FROM read_parquet('{exported / name}/**/*.parquet')").fetchone()
            assert source == written == (table.rows,), name
    assert manifest["orders"].partitioned_by == "order_month" and manifest["customers"].partitioned_by is None


def test_the_cli_exports_and_refuses_to_overwrite(tiny_warehouse: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "warehouse.duckdb").write_bytes(tiny_warehouse.read_bytes())
    first = _cdm("data", "export", "--format", "parquet", home=home)
    assert first.returncode == 0, first.stderr
    assert "orders" in first.stdout and (home / "parquet" / MANIFEST).is_file()
    again = _cdm("data", "export", home=home)
    assert again.returncode == 2 and again.stderr.strip().count("\n") == 0
    assert "already exists; pass --force" in again.stderr
    forced = _cdm("data", "export", "--force", home=home)
    assert forced.returncode == 0, forced.stderr
    assert not [p for p in home.iterdir() if p.name.startswith(".parquet")]  # no temp or old folders left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("data", "export", "--format", "csv"), "unknown export format 'csv'"),
        (("data", "export", "--path", "/nonexistent/w.duckdb"), "no warehouse at /nonexistent/w.duckdb"),
    ],
)
def test_bad_export_requests_fail_in_one_line(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    result = _cdm(*args, "--out", str(tmp_path / "out"), home=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert not (tmp_path / "out").exists()


def test_a_failed_export_leaves_the_previous_one(exported: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a database")
    before = (exported / MANIFEST).read_text(encoding="utf-8")
    with pytest.raises(Exception, match="cannot export"):
        export_warehouse(broken, exported, force=True)
    assert (exported / MANIFEST).read_text(encoding="utf-8") == before
    assert not [p for p in exported.parent.iterdir() if p.name.startswith(".")]
