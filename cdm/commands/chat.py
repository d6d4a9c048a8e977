"""`cdm chat` (the terminal conversation, as before) and `cdm chat prune` (chat history retention)."""

from __future__ import annotations

from typing import Annotated

import typer

from cdm.commands.ask import chat_command
from cdm.principal_options import AttrOption, RoleOption, UserOption

chat_app = typer.Typer(help="A conversation in the terminal; `cdm chat prune` deletes old chat threads.")


def register(app: typer.Typer) -> None:
    app.add_typer(chat_app, name="chat")


@chat_app.callback(invoke_without_command=True)
def chat_group(
    context: typer.Context,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
    engine: Annotated[str, typer.Option(help="offline, llm or auto.")] = "auto",
) -> None:
    """A conversation in the terminal: follow-ups refine the previous question. Ctrl-D to leave."""
    if context.invoked_subcommand is None:
        chat_command(role=role, user=user, attr=attr, engine=engine)


@chat_app.command("prune")
def prune_command(
    days: Annotated[
        int | None, typer.Option(help="Delete threads idle longer than this (default: CDM_HISTORY_DAYS).")
    ] = None,
) -> None:
    """Delete chat threads (messages, ratings, element files) inactive for more than DAYS; audited."""
    from cdm.history.retention import prune_history
    from cdm.history.settings import retention_days

    if days is not None and days < 1:
        raise typer.BadParameter("--days must be at least 1")
    count = prune_history(days)
    typer.echo(
        f"deleted {count} chat thread{'s' if count != 1 else ''} inactive for more than {days or retention_days()} days"
    )
