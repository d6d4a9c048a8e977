"""Sends an `Answer` to the page: one message with the narrative and notes, then the chart, then
the table (first page), the CSV download and the buttons (options, follow-up questions, more rows,
ratings); the collapsible steps (how I read it, SQL, privacy) come after, for analysts.
"""

from __future__ import annotations

import logging

import chainlit as cl

from assistant.answer import Answer
from assistant.labels import Labels
from cdm.ui.charts import build_figure
from cdm.ui.content import Presentation, answer_markdown, first_page, page_caption, partial_markers
from cdm.ui.csv_export import csv_bytes, csv_filename
from cdm.ui.details import interpretation_text, privacy_text, query_json_text, sql_text
from cdm.ui.feedback_view import is_feedback, trend_figure
from cdm.ui.messages import text
from cdm.ui.state import ChatState
from cdm.ui.tables import PAGE_SIZE, TablePage, table_page
from engines.status import Status

log = logging.getLogger(__name__)

STEP_INTERPRETATION = "How I read your question"
STEP_SQL = "SQL (as executed)"
STEP_PRIVACY = "Privacy"
TABLE_ELEMENT = {"en": "Result table", "zh": "结果表格"}


def presentation(language: str = "en") -> Presentation:
    """Labels (in the reply language) and formats from the semantic layer; plain names if it cannot load."""
    try:
        from assistant.resources import load_resources

        resources = load_resources()
        return Presentation(labels=dict(resources.labels(language).names), formats=resources.formats())
    except Exception:  # a missing warehouse is already reported by the answer itself
        log.warning("semantic layer labels unavailable", exc_info=True)
        return Presentation()


def ensure_files_directory() -> None:
    """Chainlit stores elements under APP_ROOT/.files, and every Chainlit server removes that folder
    when it stops; another server on the same checkout (a test run) must not break this one's answers."""
    from chainlit.config import FILES_DIRECTORY

    FILES_DIRECTORY.mkdir(parents=True, exist_ok=True)


async def send_answer(answer: Answer, state: ChatState) -> None:
    ensure_files_directory()
    key = state.keep(answer)
    shown = presentation(answer.language)
    page = first_page(answer, shown)
    options = option_actions(key, answer) + suggestion_actions(key, answer, len(answer.options))
    ratings = rating_actions(key, answer)
    state.buttons[(key, "clarify")], state.buttons[(key, "rate")] = options, ratings
    actions = options + more_rows_actions(key, page.end if page else 0, len(answer.rows), answer.language) + ratings
    content = answer_markdown(answer, None)
    await cl.Message(content=content, elements=elements(answer, shown, page), actions=actions).send()
    await send_steps(answer, state)


async def send_steps(answer: Answer, state: ChatState | None = None) -> None:
    """Collapsed details an analyst opens to check the answer; nothing for a bare clarification."""
    language = answer.language
    if answer.interpretation or answer.semantic_query:
        async with cl.Step(name=text("step_interpretation", language), type="tool", show_input=False) as step:
            step.output = interpretation_text(answer)
            if answer.semantic_query:
                await _step(text("step_query_json", language), query_json_text(answer), parent_id=step.id)
    if answer.sql:
        await _step(text("step_sql", language), sql_text(answer))
    if answer.sql or answer.notices or answer.status == Status.BLOCKED:
        principal = state.user.principal if state is not None else None
        await _step(text("step_privacy", language), privacy_text(answer, principal))


async def _step(name: str, output: str, parent_id: str | None = None) -> None:
    async with cl.Step(name=name, type="tool", show_input=False, parent_id=parent_id) as step:
        step.output = output


def table_element(answer: Answer, page: TablePage) -> cl.Text:
    """The first table page as its own inline element, so it shows below the chart."""
    caption = page_caption(page, answer.language)
    content = f"{caption}\n\n{page.markdown}" if caption else page.markdown
    return cl.Text(name=TABLE_ELEMENT.get(answer.language, TABLE_ELEMENT["en"]), content=content, display="inline")


def elements(answer: Answer, shown: Presentation, page: TablePage | None = None) -> list[cl.Plotly | cl.File | cl.Text]:
    """Chart first, then the table, then the download (public/cdm.css keeps that order on the page)."""
    items: list[cl.Plotly | cl.File | cl.Text] = []
    figure = build_figure(answer, shown.labels, shown.formats)
    if figure is not None:
        items.append(cl.Plotly(name="chart", figure=figure, display="inline", size="large"))
    if is_feedback(answer) and (trend := trend_figure(answer)) is not None:
        items.append(cl.Plotly(name="trend", figure=trend, display="inline", size="large"))
    if page is not None:
        items.append(table_element(answer, page))
    if answer.status == Status.ANSWERED and answer.columns and answer.rows:
        content = csv_bytes(answer.columns, answer.rows, Labels(shown.labels, answer.language))
        items.append(cl.File(name=csv_filename(answer.question), content=content, mime="text/csv", display="inline"))
    return items


def option_actions(key: str, answer: Answer) -> list[cl.Action]:
    return [
        cl.Action(
            name="clarify",
            payload={"key": key, "question": option.question},
            label=f"{index}. {option.label.split(':')[0]}",
            tooltip=option.label,
        )
        for index, option in enumerate(answer.options, start=1)
    ]


def suggestion_actions(key: str, answer: Answer, offset: int = 0) -> list[cl.Action]:
    """Follow-up questions (or the closest answerable ones) as buttons; a click asks that question."""
    return [
        cl.Action(
            name="clarify",
            payload={"key": key, "question": suggestion.question},
            label=suggestion.label,
            tooltip=suggestion.question,
            icon="message-circle-question",
        )
        for suggestion in answer.suggestions
    ]


def more_rows_actions(key: str, start: int, total: int, language: str = "en") -> list[cl.Action]:
    if start >= total or start == 0:
        return []
    label = text("show_more_rows", language, count=min(PAGE_SIZE, total - start))
    return [cl.Action(name="more_rows", payload={"key": key, "start": start}, label=label, icon="chevrons-down")]


def rating_actions(key: str, answer: Answer) -> list[cl.Action]:
    """Thumbs only where there is an audit record to attach the rating to."""
    if not answer.audit_id:
        return []
    helpful, not_helpful = text("helpful", answer.language), text("not_helpful", answer.language)
    return [
        cl.Action(name="rate", payload={"key": key, "rating": 1}, label=helpful, icon="thumbs-up"),
        cl.Action(name="rate", payload={"key": key, "rating": -1}, label=not_helpful, icon="thumbs-down"),
    ]


async def send_more_rows(state: ChatState, key: str, start: int) -> None:
    answer = state.answer(key)
    if answer is None:
        await cl.Message(content="That result is no longer kept; please ask the question again.").send()
        return
    shown = presentation(answer.language)
    page = table_page(
        answer.columns, answer.rows, labels=shown.labels, formats=shown.formats, start=start,
        language=answer.language, partial=partial_markers(answer),
    )  # fmt: skip
    actions = more_rows_actions(key, page.end, page.total, answer.language)
    await cl.Message(content=f"{page_caption(page, answer.language)}\n\n{page.markdown}", actions=actions).send()
