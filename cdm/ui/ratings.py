"""Thumbs up/down on an answer, with an optional comment, stored next to its audit record.

Two buttons per answer rather than Chainlit's built-in feedback widget (which needs a full
chat-history data layer), and no blocking prompt inside the click handler (Chainlit's Ask*
prompts misbehave in action callbacks). A click makes the rating pending; it is recorded exactly
once: with the comment the user types after "Add a comment", or without one when they click
"No comment", ask their next question, or leave the chat.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import chainlit as cl

from cdm.ui.messages import text
from cdm.ui.state import ChatState, PendingRating

log = logging.getLogger(__name__)


def record_rating(audit_id: str, rating: int, comment: str | None) -> None:
    from guards.audit import AuditLog

    AuditLog().record_feedback(audit_id, rating, comment)


async def _record(pending: PendingRating, comment: str | None) -> bool:
    try:
        await cl.make_async(record_rating)(pending.audit_id, pending.rating, comment)
        return True
    except Exception as error:  # the chat goes on even when the audit store is unavailable
        log.exception("could not record a rating")
        await cl.Message(content=text("rating_unavailable", reason=type(error).__name__)).send()
        return False


async def _confirm(pending: PendingRating, comment: str | None) -> None:
    if await _record(pending, comment):
        word = "thumbs up" if pending.rating > 0 else "thumbs down"
        with_comment = " with your comment" if comment else ""
        await cl.Message(content=text("rating_recorded", rating=word, with_comment=with_comment)).send()


async def flush_pending(state: ChatState) -> None:
    """Records a pending rating without a comment (the user moved on)."""
    pending, state.pending_rating = state.pending_rating, None
    if pending is not None:
        await _record(pending, None)


async def on_thumbs(state: ChatState, action: cl.Action) -> None:
    key, rating = str(action.payload.get("key")), int(action.payload.get("rating", 0))
    answer = state.answer(key)
    if answer is None or not answer.audit_id or rating not in (1, -1):
        await cl.Message(content="That answer can no longer be rated.").send()
        return
    for button in state.take_buttons(key, "rate") or [action]:
        await button.remove()
    await flush_pending(state)
    state.pending_rating = PendingRating(audit_id=answer.audit_id, rating=rating)
    actions = [
        cl.Action(name="rating_comment", payload={"comment": True}, label="Add a comment", icon="message-square"),
        cl.Action(name="rating_comment", payload={"comment": False}, label="No comment", icon="check"),
    ]
    state.buttons[("rating", "comment")] = actions
    await cl.Message(content=text("comment_offer"), actions=actions).send()


async def on_comment_choice(state: ChatState, action: cl.Action) -> None:
    for button in state.take_buttons("rating", "comment"):
        await button.remove()
    pending = state.pending_rating
    if pending is None:
        return
    if action.payload.get("comment"):
        state.pending_rating = replace(pending, awaiting_comment=True)
        await cl.Message(content=text("comment_prompt")).send()
        return
    state.pending_rating = None
    await _confirm(pending, None)


async def take_comment(state: ChatState, message_text: str) -> bool:
    """True when the message was the awaited comment (and so is not a question)."""
    pending = state.pending_rating
    if pending is None or not pending.awaiting_comment:
        await flush_pending(state)
        return False
    state.pending_rating = None
    await _confirm(pending, message_text.strip() or None)
    return True
