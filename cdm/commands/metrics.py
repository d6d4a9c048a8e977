"""`cdm metrics list|show|validate`: browse and check the governed metric catalog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from data.errors import CdmError

if TYPE_CHECKING:  # the commands import the semantic layer lazily (light --help)
    from semantic_layer.catalog import Catalog
    from semantic_layer.model import Metric


def register(app: typer.Typer) -> None:
    metrics_app = typer.Typer(help="Browse and validate the governed metrics.", no_args_is_help=True)
    metrics_app.command("list")(list_metrics)
    metrics_app.command("show")(show_metric)
    metrics_app.command("validate")(validate)
    metrics_app.command("verify")(verify)
    app.add_typer(metrics_app, name="metrics")


def _metric_row(metric: Metric) -> dict[str, Any]:
    return {
        "name": metric.name,
        "label": metric.label,
        "type": metric.type,
        "description": metric.description,
        "time_dimensions": list(metric.time_dimensions),
        "synonyms": list(metric.synonyms),
        "owner": metric.owner,
        "status": metric.status,
        "privacy_classes": metric.privacy_classes,
    }


def list_metrics(as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON.")) -> None:
    """List every metric with its owner, status and time dimension."""
    from rich.console import Console
    from rich.table import Table

    from semantic_layer.catalog import load_catalog

    catalog = load_catalog()
    if as_json:
        typer.echo(json.dumps([_metric_row(m) for m in catalog.metrics.values()], ensure_ascii=False, indent=2))
        return
    table = Table("metric", "type", "time", "owner", "status", "description", header_style="bold")
    for metric in catalog.metrics.values():
        time = ", ".join(metric.time_dimensions) or "(as of date)"
        table.add_row(metric.name, metric.type, time, metric.owner, metric.status, metric.description)
    console = Console()
    Console(width=max(console.width, 140)).print(table)


def _definition(metric: Metric, catalog: Catalog) -> list[str]:
    if metric.type == "derived":
        return [f"{metric.expr}  (over metrics {', '.join(metric.inputs)})"]
    lines = []
    for name in metric.measures:
        measure = catalog.measures[name]
        table = catalog.semantic_models[measure.model].table
        where = f" where {' and '.join(measure.filters)}" if measure.filters else ""
        lines.append(f"{name} = {measure.agg}({measure.expr}) from {table}{where}")
    if metric.type == "ratio":
        lines.append(f"{metric.name} = {metric.numerator} / {metric.denominator}")
    return lines


def show_metric(name: str = typer.Argument(..., help="Metric name, e.g. revenue.")) -> None:
    """Show one metric: definition, synonyms, owner, privacy classes and its SQL."""
    from semantic_layer.catalog import load_catalog
    from semantic_layer.compiler import compile_query
    from semantic_layer.query import SemanticQuery
    from semantic_layer.suggest import closest

    catalog = load_catalog()
    metric = catalog.metrics.get(name)
    if metric is None:
        raise CdmError(f"unknown metric '{name}'{closest(name, catalog.metrics)}")
    typer.echo(f"{metric.name} — {metric.label} ({metric.type}, {metric.status}, owner {metric.owner})")
    typer.echo(metric.description)
    for line in _definition(metric, catalog):
        typer.echo(f"  {line}")
    typer.echo(f"time: {', '.join(metric.time_dimensions) or 'none (measured as of the dataset date)'}")
    typer.echo(f"synonyms: {', '.join(metric.synonyms)}")
    typer.echo(f"privacy: {', '.join(f'{c}={p}' for c, p in metric.privacy_classes.items())}")
    typer.echo(f"defined at: semantic_layer/definitions/{metric.where}")
    typer.echo("\n" + compile_query(SemanticQuery(metrics=(name,)), catalog).sql)


def validate(
    path: Path | None = typer.Option(None, help="Definitions folder (default: semantic_layer/definitions)."),
    warehouse: Path | None = typer.Option(None, help="Warehouse to check against (default: $CDM_WAREHOUSE)."),
) -> None:
    """Check the definitions against themselves, the data dictionary and the warehouse."""
    from data.settings import warehouse_path
    from semantic_layer.catalog import DEFINITIONS
    from semantic_layer.validate import validate_catalog

    target = warehouse or warehouse_path()
    checked = target if target.exists() else None
    issues = validate_catalog(path or DEFINITIONS, checked)
    for issue in issues:
        typer.echo(str(issue))
    if issues:
        raise CdmError(f"{len(issues)} problem(s) in the semantic layer definitions")
    against = f"against {checked}" if checked else "(no warehouse found; table and column checks skipped)"
    typer.echo(f"ok: definitions are valid {against}")


def verify(
    correction_id: str | None = typer.Argument(None, help="Correction id (or a unique prefix) to approve."),
    list_pending_only: bool = typer.Option(False, "--list", help="List pending corrections and exit."),
    reject_it: bool = typer.Option(False, "--reject", help="Reject the correction instead of approving it."),
    by: str = typer.Option("owner", "--by", help="Who approves (recorded as verified_by)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Review analysts' corrections: approve one into the verified queries, or reject it."""
    from eval.corrections import approve, list_pending, reject

    if list_pending_only or correction_id is None:
        pending = list_pending()
        if as_json:
            typer.echo(json.dumps([c.model_dump(mode="json") for c in pending], ensure_ascii=False, indent=2))
            return
        for c in pending:
            typer.echo(
                f"{c.id}  {c.submitted_by} ({c.role})  “{c.question}”  {json.dumps(c.query, ensure_ascii=False)}"
            )
        if not pending:
            typer.echo("no pending corrections")
        return
    decided = reject(correction_id, by) if reject_it else approve(correction_id, by)
    if as_json:
        typer.echo(json.dumps(decided.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        typer.echo(f"correction {decided.id} {decided.status} by {by}")
