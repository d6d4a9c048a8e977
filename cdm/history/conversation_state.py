"""The conversation behind a thread (last query, pending clarification, questions), kept in the
thread's metadata so that a resumed thread refines its last question like the live chat did.

Stored as JSON through pydantic's TypeAdapter of the frozen plan types: data, never code.
A missing or unreadable state gives a fresh conversation (the thread still opens).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from assistant.conversation import Conversation

METADATA_KEY = "cdm_conversation"
_ADAPTER = TypeAdapter(Conversation)
log = logging.getLogger(__name__)


def dump_conversation(conversation: Conversation) -> str:
    return _ADAPTER.dump_json(conversation).decode("utf-8")


def load_conversation(metadata: Mapping[str, Any] | str | None) -> Conversation:
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except json.JSONDecodeError:
            metadata = None
    stored = metadata.get(METADATA_KEY) if isinstance(metadata, Mapping) else None
    if not isinstance(stored, str):
        return Conversation()
    try:
        return _ADAPTER.validate_json(stored)
    except ValidationError:
        log.warning("a thread's conversation state could not be read; starting afresh")
        return Conversation()
