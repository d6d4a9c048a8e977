"""`cdm data build`, `cdm data summary` and `cdm data export`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from data.settings import warehouse_path


def register(app: typer.Typer) -> None:
    data_app = typer.Typer(help="Build and inspect the customer-data warehouse.", no_args_is_help=True)
    data_app.command("build")(build)
    data_app.command("summary")(summary)
    data_app.command("export")(export)
    app.add_typer(data_app, name="data")


def build(
    scale: str = typer.Option("default", help="tiny (tests), default (100k customers) or large (1M customers)."),
    seed: int = typer.Option(42, help="Seed: the same seed gives the same warehouse."),
    path: Path | None = typer.Option(None, help="Output file (default: $CDM_HOME/warehouse.duckdb)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing warehouse."),
) -> None:
    """Generate the synthetic retailer's warehouse (a DuckDB file)."""
    from data.warehouse import build_warehouse

    report = build_warehouse(path or warehouse_path(), scale=scale, seed=seed, force=force)
    for table in report.tables:
        if table.rows:
            typer.echo(f"{table.table:<20} {table.rows:>12,} rows {table.seconds:7.2f} s")
    typer.echo(f"built {report.path} (scale {report.scale}, seed {report.seed}) in {report.seconds:.1f} s")


def summary(
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    plain: bool = typer.Option(False, "--plain", help="Plain text without colours or tables."),
    path: Path | None = typer.Option(None, help="Warehouse file (default: $CDM_HOME/warehouse.duckdb)."),
) -> None:
    """Tables, row counts, date range, channel and region mix of the warehouse."""
    from data.summary import render_plain, render_rich, summarize

    result = summarize(path or warehouse_path())
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
    elif plain:
        typer.echo(render_plain(result))
    else:
        from rich.console import Console

        console = Console()
        for renderable in render_rich(result):
            console.print(renderable)


def export(
    fmt: str = typer.Option("parquet", "--format", help="Output format (parquet)."),
    out: Path | None = typer.Option(None, help="Output folder (default: $CDM_HOME/parquet, or CDM_PARQUET)."),
    path: Path | None = typer.Option(None, help="Warehouse file (default: $CDM_HOME/warehouse.duckdb)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing export."),
) -> None:
    """Export the warehouse for a distributed engine (CDM_ENGINE=spark reads it): orders and order
    lines partitioned by month, every other table one folder, and a manifest."""
    from data.export import export_warehouse
    from engines.selection import parquet_path

    report = export_warehouse(path or warehouse_path(), out or parquet_path(), fmt=fmt, force=force)
    for table in report.tables:
        partitioned = f" partitioned by {table.partitioned_by}" if table.partitioned_by else ""
        typer.echo(f"{table.name:<20} {table.rows:>12,} rows{partitioned}")
    typer.echo(f"exported {len(report.tables)} tables to {report.path} in {report.seconds:.1f} s")
