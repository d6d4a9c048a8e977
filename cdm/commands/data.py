"""`cdm data build` and `cdm data summary`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from data.settings import warehouse_path


def register(app: typer.Typer) -> None:
    data_app = typer.Typer(help="Build and inspect the customer-data warehouse.", no_args_is_help=True)
    data_app.command("build")(build)
    data_app.command("summary")(summary)
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
