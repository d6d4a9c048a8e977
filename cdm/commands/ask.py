"""`cdm ask` (one question) and `cdm chat` (a terminal conversation with follow-ups)."""

from __future__ import annotations

from typing import Annotated

import typer

from cdm.principal_options import AttrOption, RoleOption, UserOption, principal_from_options


def register(app: typer.Typer) -> None:
    app.command("ask")(ask_command)  # `cdm chat` is a group (with `prune`): cdm/commands/chat.py


def ask_command(
    question: Annotated[str, typer.Argument(help="A question in plain English or Chinese.")],
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    engine: Annotated[
        str, typer.Option(help="offline (planner), llm (agent), or auto (agent when configured).")
    ] = "auto",
) -> None:
    """Answer one question with the governed metrics, under your role's privacy policy."""
    from assistant.router import ask
    from cdm.terminal import print_json, show_answer
    from engines.status import Status

    answer = ask(question, principal_from_options(role, user, attr), engine=engine)
    if json_output:
        print_json(answer.to_json_dict())
    else:
        show_answer(answer)
    if answer.status == Status.ERROR:
        raise typer.Exit(1)


def chat_command(
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
    engine: Annotated[str, typer.Option(help="offline, llm or auto.")] = "auto",
) -> None:
    """A conversation in the terminal: follow-ups refine the previous question. Ctrl-D to leave."""
    from rich.console import Console

    from assistant.conversation import Conversation
    from assistant.router import ask
    from cdm.terminal import show_answer

    console, conversation = Console(), Conversation()
    principal = principal_from_options(role, user, attr)
    console.print(f"[bold]cdm chat[/bold] as {principal.user or principal.role} ({principal.role}). Ctrl-D to quit.")
    while True:
        try:
            question = console.input("[bold cyan]you>[/bold cyan] ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if question.strip():
            show_answer(ask(question, principal, conversation, engine=engine), console)
