"""`cdm data export --format parquet`: the warehouse as Parquet folders a distributed engine reads.

orders and order_items are partitioned by month (hive style, `order_month=2026-09/`; the lines take
their order's month), every other table is one folder. `manifest.json` lists each table's folder,
columns and row count; the Spark backend reads only what it names. The export is written to a
temporary folder beside the target and renamed at the end, so a failed export never leaves
half-written output and never destroys an existing one.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from data.errors import CdmError
from data.output import writable_target

FORMATS = ("parquet",)
MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
PARTITION_COLUMN = "order_month"
PARTITIONED = {
    "orders": f"SELECT *, strftime(order_ts, '%Y-%m') AS {PARTITION_COLUMN} FROM main.orders",
    "order_items": f"SELECT t.*, strftime(o.order_ts, '%Y-%m') AS {PARTITION_COLUMN} "
    "FROM main.order_items AS t JOIN main.orders AS o USING (order_id)",
}


@dataclass(frozen=True)
class ExportedTable:
    name: str
    path: str
    columns: tuple[tuple[str, str], ...]
    rows: int
    partitioned_by: str | None = None


@dataclass(frozen=True)
class ExportReport:
    path: Path
    tables: tuple[ExportedTable, ...]
    seconds: float


def export_warehouse(warehouse: Path, out: Path, fmt: str = "parquet", force: bool = False) -> ExportReport:
    """Writes every warehouse table under `out`; raises CdmError for bad input, leaving `out` untouched."""
    target = _check_request(warehouse, out, fmt, force)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.exporting")
    shutil.rmtree(tmp, ignore_errors=True)
    started = time.perf_counter()
    try:
        tmp.mkdir(parents=True)
        tables = _export_tables(warehouse, tmp)
        _write_manifest(tmp, warehouse, tables)
        _replace(tmp, target)
    except (duckdb.Error, OSError) as error:
        raise CdmError(f"cannot export to {target}: {(str(error).splitlines() or ['error'])[0]}") from error
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ExportReport(target, tables, time.perf_counter() - started)


def _check_request(warehouse: Path, out: Path, fmt: str, force: bool) -> Path:
    if fmt not in FORMATS:
        raise CdmError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not Path(warehouse).is_file():
        raise CdmError(f"no warehouse at {warehouse}; run `cdm data build` first")
    target = Path(out).expanduser().absolute()
    if target.exists() and not target.is_dir():
        raise CdmError(f"{target} is a file; give a folder for the export")
    return writable_target(target, force)


def _export_tables(warehouse: Path, folder: Path) -> tuple[ExportedTable, ...]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name"
        ).fetchall()]  # fmt: skip
        return tuple(_export_table(con, name, folder) for name in names)


def _export_table(con: duckdb.DuckDBPyConnection, name: str, folder: Path) -> ExportedTable:
    columns = tuple(
        (str(r[0]), str(r[1]))
        for r in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? "
            "ORDER BY column_index",
            [name],
        ).fetchall()
    )
    target = folder / name
    partition = PARTITION_COLUMN if name in PARTITIONED else None
    source = PARTITIONED.get(name, f'SELECT * FROM main."{name}"')
    options = f"FORMAT parquet, PARTITION_BY ({partition})" if partition else "FORMAT parquet"
    if partition is None:
        target.mkdir()
        target = target / "part-0.parquet"
    con.execute(f"COPY ({source}) TO '{_quoted_path(target)}' ({options})")
    row = con.execute(f'SELECT count(*) FROM main."{name}"').fetchone()
    return ExportedTable(name, name, columns, int(row[0]) if row else 0, partition)


def _quoted_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _write_manifest(folder: Path, warehouse: Path, tables: tuple[ExportedTable, ...]) -> None:
    manifest = {
        "version": MANIFEST_VERSION,
        "format": "parquet",
        "source": str(warehouse),
        "exported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "tables": {t.name: {k: v for k, v in asdict(t).items() if k != "name"} for t in tables},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _replace(tmp: Path, target: Path) -> None:
    """Swaps the finished export in; an existing one is moved aside first and removed after."""
    old = target.with_name(f".{target.name}.{os.getpid()}.old")
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def load_manifest(folder: Path) -> dict[str, ExportedTable]:
    """The tables of an export, by name; CdmError when the folder holds no readable export."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise CdmError(f"no Parquet export at {folder}; run `cdm data export --format parquet`")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("version") != MANIFEST_VERSION:
            raise ValueError("version")
        return {
            name: ExportedTable(name, str(t["path"]), tuple((str(c), str(k)) for c, k in t["columns"]),
                                int(t["rows"]), t.get("partitioned_by"))
            for name, t in document["tables"].items()
        }  # fmt: skip
    except (ValueError, KeyError, TypeError) as error:
        raise CdmError(f"the export manifest {path} is not readable; export again with --force") from error
