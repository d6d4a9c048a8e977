"""`cdm eval` (run the golden suite), `cdm eval snapshot|diff` (metric-change review), `cdm eval correct`.

`cdm eval` is both a command with options and a group: the callback runs the suite when no
subcommand is given. Heavy imports happen inside the commands.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cdm.principal_options import RoleOption, UserOption
from data.errors import CdmError

if TYPE_CHECKING:
    from eval.service import EvalRun

SuiteOption = Annotated[
    Path | None, typer.Option("--suite", help="A suite YAML file or folder (default: eval/suites).")
]
TagsOption = Annotated[
    list[str] | None, typer.Option("--tags", help="Only cases with one of these tags (repeatable or comma-separated).")
]
EngineOption = Annotated[str, typer.Option("--engine", help="offline (the planner) or llm (the configured model).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
SnapshotOption = Annotated[
    Path | None, typer.Option("--path", help="Snapshot file (default: $CDM_HOME/eval/snapshot.json).")
]
DefinitionsOption = Annotated[
    Path | None, typer.Option("--definitions", help="Answer with this semantic-layer definitions folder instead.")
]


def register(app: typer.Typer) -> None:
    eval_app = typer.Typer(help="Golden-question eval suite, metric-change review and corrections.")
    eval_app.callback(invoke_without_command=True)(eval_main)
    eval_app.command("snapshot")(snapshot_command)
    eval_app.command("diff")(diff_command)
    eval_app.command("correct")(correct_command)
    app.add_typer(eval_app, name="eval")


def _run(suite: Path | None, engine: str, tags: list[str] | None, definitions: Path | None, quiet: bool) -> EvalRun:
    """Run with a progress bar on stderr (stdout stays clean for --json)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from eval.service import count_cases, run_eval

    total = count_cases(suite, tags or (), definitions)
    columns = (
        TextColumn("eval"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True, disable=quiet) as bar:
        task = bar.add_task("", total=total)
        return run_eval(
            suite, engine=engine, tags=tags or (), definitions=definitions,
            progress=lambda case_id: bar.update(task, advance=1, description=case_id),
        )  # fmt: skip


def eval_main(
    ctx: typer.Context,
    suite: SuiteOption = None,
    engine: EngineOption = "offline",
    tags: TagsOption = None,
    json_output: JsonOption = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML report here.")] = None,
    min_accuracy: Annotated[
        float | None, typer.Option("--min-accuracy", help="Exit 1 when accuracy is below this (0-1).")
    ] = None,
    definitions: DefinitionsOption = None,
) -> None:
    """Run the golden suite: execution accuracy, status and interpretation checks, per-tag table."""
    if ctx.invoked_subcommand is not None:
        return
    if min_accuracy is not None and not 0 <= min_accuracy <= 1:
        raise CdmError("--min-accuracy is a fraction between 0 and 1, e.g. 0.8")
    run = _run(suite, engine, tags, definitions, quiet=False)
    if html is not None:
        from eval.html_report import render_html

        html.write_text(render_html(run.summary, run.results), encoding="utf-8")
    if json_output:
        payload = {"summary": run.summary.to_json_dict(), "results": [r.to_json_dict() for r in run.results]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        _print_summary(run, html)
    _gate(run, min_accuracy)


def _gate(run: EvalRun, min_accuracy: float | None) -> None:
    summary = run.summary
    if summary.security.passed < summary.security.cases:
        typer.echo(f"error: {summary.security.cases - summary.security.passed} security case(s) failed", err=True)
        raise typer.Exit(1)
    if summary.guessed:
        typer.echo(f"error: wrong answers in must_not_guess cases: {', '.join(summary.guessed)}", err=True)
        raise typer.Exit(1)
    if min_accuracy is not None and summary.accuracy < min_accuracy:
        typer.echo(f"error: accuracy {summary.accuracy:.1%} is below --min-accuracy {min_accuracy:.1%}", err=True)
        raise typer.Exit(1)


def _print_summary(run: EvalRun, html: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    s = run.summary
    console = Console()
    table = Table("tag", "cases", "passed", "not answered", "wrong", "accuracy", title=f"eval ({s.engine})")
    for score in s.by_tag:
        colour = "green" if score.accuracy >= 0.9 else "yellow" if score.accuracy >= 0.6 else "red"
        counts = (str(score.cases), str(score.passed), str(score.not_answered), str(score.wrong))
        table.add_row(score.tag, *counts, f"[{colour}]{score.accuracy:.1%}[/{colour}]")
    console.print(table)
    for result in run.results:
        if not result.passed and not result.skipped:
            console.print(
                f"[red]FAIL[/red] {result.case.id}: {' → '.join(result.case.turns)} — {result.reason}",
                markup=True,
                highlight=False,
            )
    splits = ", ".join(
        f"{name} {v.accuracy:.1%} ({v.passed}/{v.cases}; not answered {v.not_answered}, wrong {v.wrong})"
        for name, v in s.by_split.items()
    )
    console.print(
        f"accuracy {s.accuracy:.1%} ({s.passed}/{s.ran}); {splits}; security {s.security.passed}/{s.security.cases}"
    )
    console.print(f"latency p50 {s.latency_p50_ms:.0f} ms, p95 {s.latency_p95_ms:.0f} ms; not run: {s.skipped}")
    if html is not None:
        console.print(f"HTML report: {html}")


def snapshot_command(
    suite: SuiteOption = None,
    path: SnapshotOption = None,
    tags: TagsOption = None,
    definitions: DefinitionsOption = None,
    json_output: JsonOption = False,
) -> None:
    """Store every case's answer and each metric definition's fingerprint, before a definition change."""
    from eval.snapshot import save_snapshot, take_snapshot

    run = _run(suite, "offline", tags, definitions, quiet=json_output)
    target = save_snapshot(take_snapshot(run.results, run.engine.catalog), path)
    payload = {
        "path": str(target),
        "cases": len(run.results),
        "definitions_fingerprint": run.engine.catalog.fingerprint(),
    }
    typer.echo(json.dumps(payload) if json_output else f"snapshot of {len(run.results)} answers written to {target}")


def diff_command(
    suite: SuiteOption = None,
    path: SnapshotOption = None,
    tags: TagsOption = None,
    definitions: DefinitionsOption = None,
    json_output: JsonOption = False,
) -> None:
    """Answer the suite again and list which definitions changed and which answers moved since the snapshot."""
    from eval.diff_report import render_diff
    from eval.snapshot import diff_snapshots, load_snapshot, take_snapshot

    before = load_snapshot(path)
    run = _run(suite, "offline", tags, definitions, quiet=json_output)
    diff = diff_snapshots(before, take_snapshot(run.results, run.engine.catalog))
    if json_output:
        payload: dict[str, Any] = {**diff.to_json_dict(), "accuracy": round(run.summary.accuracy, 4)}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        typer.echo(render_diff(diff))
        typer.echo(f"Suite accuracy with these definitions: {run.summary.accuracy:.1%}")


def correct_command(
    question: Annotated[str, typer.Argument(help="The question the assistant answered wrongly.")],
    json_query: Annotated[str, typer.Option("--json-query", help="The corrected semantic query as JSON.")],
    role: RoleOption = None,
    user: UserOption = None,
    json_output: JsonOption = False,
) -> None:
    """Attach a corrected semantic query to a question; it waits as pending until an owner approves it."""
    from cdm.principal_options import principal_from_options
    from eval.corrections import submit

    principal = principal_from_options(role, user, None)
    correction = submit(question, json_query, user=principal.user, role=principal.role)
    if json_output:
        typer.echo(json.dumps(correction.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        typer.echo(
            f"correction {correction.id} is pending; an owner approves it with `cdm metrics verify {correction.id}`"
        )
