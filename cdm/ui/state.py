"""Per-chat state kept in Chainlit's user session: who is asking, the conversation for
follow-ups, and recent answers (for "more rows" and ratings, which arrive as later clicks)."""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from assistant.answer import Answer
from assistant.conversation import Conversation
from cdm.ui.auth import SignedInUser

KEPT_ANSWERS = 30


@dataclass(frozen=True)
class PendingRating:
    """A thumbs click waiting for its optional comment; recorded once, with or without it."""

    audit_id: str
    rating: int
    awaiting_comment: bool = False


@dataclass
class ChatState:
    """Mutable on purpose: one per browser chat, only touched by that chat's callbacks."""

    user: SignedInUser
    conversation: Conversation = field(default_factory=Conversation)
    answers: OrderedDict[str, Answer] = field(default_factory=OrderedDict)
    buttons: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    pending_rating: PendingRating | None = None

    def keep(self, answer: Answer) -> str:
        """Stores an answer under a new key; the oldest go once KEPT_ANSWERS are kept."""
        key = uuid.uuid4().hex[:12]
        self.answers[key] = answer
        while len(self.answers) > KEPT_ANSWERS:
            old, _ = self.answers.popitem(last=False)
            self.buttons = {k: v for k, v in self.buttons.items() if k[0] != old}
        return key

    def answer(self, key: str) -> Answer | None:
        return self.answers.get(key)

    def take_buttons(self, key: str, group: str) -> list[Any]:
        """The buttons of one group on one answer, forgotten once taken (each is used once)."""
        return self.buttons.pop((key, group), [])
