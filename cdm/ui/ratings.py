"""Thumbs up/down on an answer, with an optional comment, stored next to its audit record.

Two buttons per answer rather than Chainlit's built-in feedback widget, which needs a full
chat-history data layer; the comment is asked for with one follow-up prompt.
"""

from __future__ import annotations

import logging
from typing import Any

import chainlit as cl

from cdm.ui.messages import text
from cdm.ui.state import ChatState

log = logging.getLogger(__name__)

COMMENT_TIMEOUT_SECONDS = 120
SKIP_WORDS = {"", "skip", "no", "none", "-"}


def record_rating(audit_id: str, rating: int, comment: str | None) -> None:
    from guards.audit import AuditLog

    AuditLog().record_feedback(audit_id, rating, comment)


def comment_from(reply: Any) -> str | None:
    """The typed comment, or None for no reply, a timeout or 'skip'."""
    output = str(reply.get("output", "")) if isinstance(reply, dict) else ""
    return None if output.strip().lower() in SKIP_WORDS else output.strip()


async def handle_rating(state: ChatState, action: cl.Action) -> None:
    key, rating = str(action.payload.get("key")), int(action.payload.get("rating", 0))
    answer = state.answer(key)
    if answer is None or not answer.audit_id or rating not in (1, -1):
        await cl.Message(content="That answer can no longer be rated.").send()
        return
    for button in state.take_buttons(key, "rate") or [action]:
        await button.remove()
    reply = await cl.AskUserMessage(content=text("comment_prompt"), timeout=COMMENT_TIMEOUT_SECONDS).send()
    comment = comment_from(reply)
    try:
        await cl.make_async(record_rating)(answer.audit_id, rating, comment)
    except Exception as error:  # the chat goes on even when the audit store is unavailable
        log.exception("could not record a rating")
        await cl.Message(content=text("rating_unavailable", reason=type(error).__name__)).send()
        return
    word = "thumbs up" if rating > 0 else "thumbs down"
    await cl.Message(
        content=text("rating_recorded", rating=word, with_comment=" with your comment" if comment else "")
    ).send()
