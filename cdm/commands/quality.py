"""`cdm quality check` (scorecard per table and rule) and `cdm quality standardize`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cdm.principal_options import AttrOption, RoleOption, UserOption, principal_from_options

RulesOption = Annotated[Path | None, typer.Option("--rules", help="Rules file (default: data/quality.yml).")]


def register(app: typer.Typer) -> None:
    quality_app = typer.Typer(help="Data quality: scorecard and standardization.", no_args_is_help=True)
    quality_app.command("check")(check)
    quality_app.command("standardize")(standardize_command)
    app.add_typer(quality_app, name="quality")


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:+.2%}"


def check(
    as_json: Annotated[bool, typer.Option("--json", help="Print the scorecard as JSON.")] = False,
    rules_file: RulesOption = None,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
) -> None:
    """Pass rate per table and rule, the trend since the previous run; exit 1 when a rule is below its threshold."""
    from data.quality_rules import load_rules
    from data.settings import warehouse_path
    from stewardship.scorecard import run_scorecard

    card = run_scorecard(principal_from_options(role, user, attr), warehouse_path(), load_rules(rules_file))
    if as_json:
        typer.echo(json.dumps(card.as_json(), ensure_ascii=False))
    else:
        typer.echo(
            f"{'table':<10} {'rule':<22} {'dimension':<12} {'checks':>8} {'failed':>7} {'pass':>8} {'min':>7} {'trend':>8}"
        )
        for s in card.scores:
            flag = "  BELOW" if s.below_threshold else ""
            typer.echo(
                f"{s.table:<10} {s.rule:<22} {s.dimension:<12} {s.checks:>8,} {s.failed:>7,} {s.pass_rate:>8.2%} "
                f"{s.threshold:>7.0%} {_rate(s.trend):>8}{flag}"
            )
        typer.echo(f"{len(card.failing)} rule(s) below threshold; previous run: {card.previous_run_at or 'none'}")
    if card.failing:
        raise typer.Exit(1)


def standardize_command(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change (the default).")] = False,
    apply: Annotated[
        bool, typer.Option("--apply", help="Back up the values, then rewrite them in the warehouse.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
) -> None:
    """One spelling per value: phones, emails, cities and provinces (a backup of every changed value first)."""
    from data.errors import CdmError
    from data.quality_rules import load_rules
    from data.settings import warehouse_path
    from stewardship.policy import load_stewardship_policy
    from stewardship.standardize import standardize

    if dry_run and apply:
        raise CdmError("give --dry-run or --apply, not both")
    if apply:
        load_stewardship_policy().require_steward(principal_from_options(role, user, attr), "standardize --apply")
    result = standardize(warehouse_path(), load_rules(), apply=apply)
    if as_json:
        payload = {"applied": result.applied, "changes": result.changes, "backup": str(result.backup or "")}
        typer.echo(json.dumps(payload))
        return
    for column, count in result.changes.items():
        typer.echo(f"customers.{column:<10} {count:>6,} value(s) {'standardized' if apply else 'would change'}")
    if result.backup:
        typer.echo(f"backup of the original values: {result.backup}")
