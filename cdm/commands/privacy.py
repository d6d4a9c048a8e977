"""`cdm privacy erase` (a customer's right to erasure) and `cdm privacy retention`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from cdm.principal_options import AttrOption, RoleOption, UserOption, principal_from_options


def register(app: typer.Typer) -> None:
    privacy_app = typer.Typer(help="Erasure and retention of personal data.", no_args_is_help=True)
    privacy_app.command("erase")(erase)
    privacy_app.command("retention")(retention)
    app.add_typer(privacy_app, name="privacy")


class _ChatHistory:
    """The chat history's erasure functions (cdm/history/erasure.py) in the shape stewardship expects."""

    def find(self, text: str) -> list[str]:
        from cdm.history.erasure import find_threads_mentioning

        return [t.thread_id for t in find_threads_mentioning(text)]

    def delete(self, thread_ids: list[str]) -> int:
        from cdm.history.erasure import delete_threads

        return delete_threads(thread_ids)


class _ChatRetention:
    """The chat history's retention (cdm/history/retention.py) in the shape stewardship expects."""

    def count_inactive(self, days: int) -> int:
        from cdm.history.retention import count_inactive_threads

        return count_inactive_threads(days)

    def prune(self, days: int) -> int:
        from cdm.history.retention import prune_history

        return prune_history(days, by="cdm privacy retention")


def erase(
    customer_id: Annotated[int, typer.Option("--customer-id", help="The customer to erase.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (audited; erased values are removed from it).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
) -> None:
    """Remove a customer's personal data from every store; order facts stay, unlinkable. Admin only."""
    from data.settings import warehouse_path
    from stewardship.erase import erase_customer

    principal = principal_from_options(role, user, attr)
    report = erase_customer(customer_id, reason, principal, warehouse_path(), chat=_ChatHistory())
    if as_json:
        typer.echo(json.dumps(report.as_json()))
        return
    typer.echo(f"customer {customer_id}: {report.status} (audit {report.audit_id})")
    for store, step in report.stores.items():
        typer.echo(f"  {store:<20} {step['status']:<8} {step['count']}")


def retention(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be removed (the default).")] = False,
    apply: Annotated[bool, typer.Option("--apply", help="Apply the retention rules.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
) -> None:
    """Show or apply the retention rules of stewardship/policy.yml (reviews, tickets, chat threads, audit)."""
    from data.errors import CdmError
    from data.settings import warehouse_path
    from stewardship.retention import apply_retention

    if dry_run and apply:
        raise CdmError("give --dry-run or --apply, not both")
    principal = principal_from_options(role, user, attr)
    results = apply_retention(warehouse_path(), principal, apply=apply, chat=_ChatRetention())
    if as_json:
        typer.echo(json.dumps([r.__dict__ for r in results]))
        return
    for r in results:
        typer.echo(
            f"{r.store:<16} keep {r.keep_days:>5} days  {r.action:<7} {r.affected:>7,} {'done' if apply else 'due'}  {r.note}"
        )
