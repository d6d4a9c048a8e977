"""Shows an `Answer` in the terminal with rich: summary, table, interpretation, SQL, notices."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table

from assistant.answer import Answer
from assistant.formatting import format_value
from engines.status import Status

MAX_TERMINAL_ROWS = 50


def print_json(payload: Any) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def _table(answer: Answer) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for column in answer.columns:
        table.add_column(column, overflow="fold")
    for row in answer.rows[:MAX_TERMINAL_ROWS]:
        table.add_row(*(format_value(v) if isinstance(v, float) else str(v) for v in row))
    if len(answer.rows) > MAX_TERMINAL_ROWS:
        table.caption = f"{len(answer.rows) - MAX_TERMINAL_ROWS} more rows (use --json for all)"
    return table


STATUS_STYLES = {Status.ANSWERED: "green", Status.CLARIFY: "yellow", Status.BLOCKED: "red", Status.ERROR: "red"}


def show_answer(answer: Answer, console: Console | None = None, show_sql: bool = True) -> None:
    console = console or Console()
    style = STATUS_STYLES.get(answer.status, "cyan")
    console.print(Panel(answer.summary or answer.status.value, title=answer.status.value, border_style=style))
    if answer.interpretation:
        console.print(f"[bold]How I read your question:[/bold] {answer.interpretation}")
    for index, option in enumerate(answer.options, start=1):
        console.print(f"  [yellow]{index}[/yellow]. {option.label}")
    if answer.columns and answer.status == Status.ANSWERED:
        console.print(_table(answer))
    for notice in answer.notices:
        console.print(f"[magenta]• {notice.message}[/magenta]")
    if show_sql and answer.sql:
        console.print(Syntax(answer.sql, "sql", word_wrap=True))
