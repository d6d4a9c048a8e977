"""A short overview of a built warehouse: what `cdm data summary` prints (and `make run`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from data.dictionary import load_dictionary
from data.errors import CdmError


@dataclass(frozen=True)
class TableCount:
    table: str
    rows: int


@dataclass(frozen=True)
class MixShare:
    name: str
    count: int
    share: float


@dataclass(frozen=True)
class WarehouseSummary:
    path: str
    scale: str
    seed: str
    as_of_date: str
    first_order_date: str
    last_order_date: str
    tables: tuple[TableCount, ...]
    channel_mix: tuple[MixShare, ...]
    region_mix: tuple[MixShare, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def open_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, or the one-line hint to build the warehouse first."""
    if not Path(path).is_file():
        raise CdmError(f"no warehouse at {path}; run `cdm data build`")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise CdmError(f"cannot open the warehouse at {path}: {str(error).splitlines()[0]}") from error


def summarize(path: Path) -> WarehouseSummary:
    con = open_warehouse(path)
    try:
        info = dict(con.execute("SELECT key, value FROM dataset_info").fetchall())
        first, last = con.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM orders").fetchone() or ("", "")
        return WarehouseSummary(
            path=str(path),
            scale=info.get("scale", "?"),
            seed=info.get("seed", "?"),
            as_of_date=info.get("as_of_date", "?"),
            first_order_date=str(first),
            last_order_date=str(last),
            tables=_table_counts(con),
            channel_mix=_mix(con, "SELECT channel, count(*) FROM orders GROUP BY ALL ORDER BY 2 DESC, 1"),
            region_mix=_mix(con, "SELECT region, count(*) FROM customers GROUP BY ALL ORDER BY 2 DESC, 1"),
        )
    except duckdb.Error as error:
        raise CdmError(f"{path} is not a complete warehouse ({str(error).splitlines()[0]}); rebuild it") from error
    finally:
        con.close()


def _table_counts(con: duckdb.DuckDBPyConnection) -> tuple[TableCount, ...]:
    counts = []
    for table in load_dictionary().visible_tables():
        query = exp.select(exp.Count(this=exp.Star())).from_(exp.to_table(table.name))
        row = con.execute(query.sql(dialect="duckdb")).fetchone()
        counts.append(TableCount(table.name, int(row[0]) if row else 0))
    return tuple(counts)


def _mix(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[MixShare, ...]:
    rows = con.execute(sql).fetchall()
    total = sum(int(n) for _, n in rows) or 1
    return tuple(MixShare(str(name), int(n), int(n) / total) for name, n in rows)


def render_plain(summary: WarehouseSummary) -> str:
    """The summary as plain text (no colour), for logs and pipes."""
    lines = [
        f"warehouse {summary.path} (scale {summary.scale}, seed {summary.seed})",
        f"orders {summary.first_order_date} .. {summary.last_order_date}; as-of date {summary.as_of_date}",
        "tables:",
        *(f"  {t.table:<20} {t.rows:>12,}" for t in summary.tables),
        "channel mix (orders):",
        *(f"  {m.name:<20} {m.count:>12,} {m.share:>7.1%}" for m in summary.channel_mix),
        "region mix (customers):",
        *(f"  {m.name:<20} {m.count:>12,} {m.share:>7.1%}" for m in summary.region_mix),
    ]
    return "\n".join(lines)


def render_rich(summary: WarehouseSummary) -> list[Any]:
    """Rich renderables: a header line and three tables (imported lazily; rich is only for the CLI)."""
    from rich.table import Table

    tables = Table(title="Tables", show_edge=False)
    tables.add_column("table")
    tables.add_column("rows", justify="right")
    for t in summary.tables:
        tables.add_row(t.table, f"{t.rows:,}")
    header = (
        f"[bold]Warehouse[/bold] {summary.path}  scale [cyan]{summary.scale}[/cyan]  seed {summary.seed}\n"
        f"Orders {summary.first_order_date} .. {summary.last_order_date}, as-of date {summary.as_of_date}"
    )
    return [
        header,
        tables,
        _mix_table("Channel mix (orders)", summary.channel_mix),
        _mix_table("Region mix (customers)", summary.region_mix),
    ]


def _mix_table(title: str, mix: tuple[MixShare, ...]) -> Any:
    from rich.table import Table

    table = Table(title=title, show_edge=False)
    for name, justify in (("name", "left"), ("count", "right"), ("share", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for m in mix:
        table.add_row(m.name, f"{m.count:,}", f"{m.share:.1%}")
    return table
