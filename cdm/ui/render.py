"""Sends an `Answer` to the page: three collapsible steps, then one message with the narrative,
the first table page, the chart, the CSV download and the buttons (options, more rows, ratings).
"""

from __future__ import annotations

import logging

import chainlit as cl

from assistant.answer import Answer, AnswerStatus
from cdm.ui.charts import build_figure
from cdm.ui.content import Presentation, answer_markdown, first_page, page_caption
from cdm.ui.csv_export import csv_bytes, csv_filename
from cdm.ui.details import interpretation_text, privacy_text, sql_text
from cdm.ui.feedback_view import is_feedback, trend_figure
from cdm.ui.state import ChatState
from cdm.ui.tables import PAGE_SIZE, table_page

log = logging.getLogger(__name__)

STEP_INTERPRETATION = "How I read your question"
STEP_SQL = "SQL (as executed)"
STEP_PRIVACY = "Privacy"


def presentation() -> Presentation:
    """Labels and formats from the semantic layer; plain column names if it cannot load."""
    try:
        from assistant.resources import load_resources

        resources = load_resources()
        return Presentation(labels=dict(resources.lexicon.labels), formats=resources.formats())
    except Exception:  # a missing warehouse is already reported by the answer itself
        log.warning("semantic layer labels unavailable", exc_info=True)
        return Presentation()


async def send_answer(answer: Answer, state: ChatState) -> None:
    await send_steps(answer)
    key = state.keep(answer)
    shown = presentation()
    page = first_page(answer, shown)
    options, ratings = option_actions(key, answer), rating_actions(key, answer)
    state.buttons[(key, "clarify")], state.buttons[(key, "rate")] = options, ratings
    actions = options + more_rows_actions(key, page.end if page else 0, len(answer.rows)) + ratings
    await cl.Message(content=answer_markdown(answer, page), elements=elements(answer, shown), actions=actions).send()


async def send_steps(answer: Answer) -> None:
    """Collapsed details an analyst opens to check the answer; nothing for a bare clarification."""
    if answer.interpretation or answer.semantic_query:
        await _step(STEP_INTERPRETATION, interpretation_text(answer))
    if answer.sql:
        await _step(STEP_SQL, sql_text(answer))
    if answer.sql or answer.notices or answer.status == AnswerStatus.BLOCKED:
        await _step(STEP_PRIVACY, privacy_text(answer))


async def _step(name: str, output: str) -> None:
    async with cl.Step(name=name, type="tool", show_input=False) as step:
        step.output = output


def elements(answer: Answer, shown: Presentation) -> list[cl.Plotly | cl.File]:
    items: list[cl.Plotly | cl.File] = []
    figure = build_figure(answer, shown.labels, shown.formats)
    if figure is not None:
        items.append(cl.Plotly(name="chart", figure=figure, display="inline", size="large"))
    if is_feedback(answer) and (trend := trend_figure(answer)) is not None:
        items.append(cl.Plotly(name="trend", figure=trend, display="inline", size="large"))
    if answer.status == AnswerStatus.ANSWERED and answer.columns and answer.rows:
        content = csv_bytes(answer.columns, answer.rows)
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


def more_rows_actions(key: str, start: int, total: int) -> list[cl.Action]:
    if start >= total or start == 0:
        return []
    label = f"Show {min(PAGE_SIZE, total - start)} more rows"
    return [cl.Action(name="more_rows", payload={"key": key, "start": start}, label=label, icon="chevrons-down")]


def rating_actions(key: str, answer: Answer) -> list[cl.Action]:
    """Thumbs only where there is an audit record to attach the rating to."""
    if not answer.audit_id:
        return []
    return [
        cl.Action(name="rate", payload={"key": key, "rating": 1}, label="Helpful", icon="thumbs-up"),
        cl.Action(name="rate", payload={"key": key, "rating": -1}, label="Not helpful", icon="thumbs-down"),
    ]


async def send_more_rows(state: ChatState, key: str, start: int) -> None:
    answer = state.answer(key)
    if answer is None:
        await cl.Message(content="That result is no longer kept; please ask the question again.").send()
        return
    shown = presentation()
    page = table_page(answer.columns, answer.rows, labels=shown.labels, formats=shown.formats, start=start)
    actions = more_rows_actions(key, page.end, page.total)
    await cl.Message(content=f"{page_caption(page)}\n\n{page.markdown}", actions=actions).send()
