"""The chat's side of the history: resuming a thread with its conversation state, saving that
state after each answer, and deleting old threads when the server starts."""

from __future__ import annotations

import logging
import threading

import chainlit as cl
from chainlit.data import get_data_layer
from chainlit.types import ThreadDict

from assistant.conversation import Conversation
from cdm.history.conversation_state import METADATA_KEY, dump_conversation, load_conversation
from cdm.history.retention import prune_history
from cdm.ui.auth import SignedInUser, from_session
from cdm.ui.state import ChatState
from data.errors import CdmError

log = logging.getLogger(__name__)


def session_user() -> SignedInUser:
    """The chat's user from Chainlit's session; CdmError/AttributeError when no longer valid."""
    user = cl.user_session.get("user")
    return from_session(user.identifier, getattr(user, "display_name", None), user.metadata)


def still_signed_in(state: ChatState) -> bool:
    """Re-reads the user before each question (the users file is cached per version): a disabled
    account or a changed role takes effect in open chats too. False when the user is gone."""
    try:
        state.user = session_user()
    except (CdmError, AttributeError, KeyError):
        return False
    return True


def start_state(conversation: Conversation | None = None) -> ChatState:
    state = ChatState(user=session_user(), conversation=conversation or Conversation())
    cl.user_session.set("state", state)
    return state


def resume_state(thread: ThreadDict) -> ChatState:
    """The state of a reopened thread: its conversation, so a follow-up refines its last question."""
    return start_state(load_conversation(thread.get("metadata")))


async def remember_conversation(state: ChatState) -> None:
    """Stores the conversation in the thread's metadata after an answer (best effort: a failure
    is logged; the answer itself is already shown and persisted)."""
    stored = dump_conversation(state.conversation)
    cl.user_session.set(METADATA_KEY, stored)  # Chainlit also persists the session on disconnect
    layer, thread_id = get_data_layer(), cl.context.session.thread_id
    if layer is None or not thread_id:
        return
    try:
        await layer.update_thread(thread_id, metadata={METADATA_KEY: stored})
    except Exception:
        log.exception("could not save the conversation state of thread %s", thread_id)


def prune_in_background() -> None:
    """Deletes threads past the retention period once, when the server starts, off the main path."""

    def run() -> None:
        try:
            count = prune_history(by="chat server start")
            log.info("history retention: %d old threads deleted", count)
        except Exception:
            log.exception("history retention at start failed")

    threading.Thread(target=run, name="cdm-history-prune", daemon=True).start()
