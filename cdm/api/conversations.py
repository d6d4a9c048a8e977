"""Server-side conversations for follow-ups, owned by one user each.

A conversation id is a random 128-bit value handed out by the server; looking one up needs the
same user name that started it, so a user can never continue (or detect) another user's
conversation. Each user keeps at most MAX_PER_USER conversations (least recently used dropped);
one conversation answers one question at a time (its lock), different ones run in parallel.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from assistant.conversation import Conversation

MAX_PER_USER = 200


@dataclass
class Thread:
    """One conversation and the lock that serialises its turns."""

    conversation_id: str
    conversation: Conversation = field(default_factory=Conversation)
    lock: threading.Lock = field(default_factory=threading.Lock)


class ConversationStore:
    def __init__(self, max_per_user: int = MAX_PER_USER) -> None:
        self._by_user: dict[str, OrderedDict[str, Thread]] = {}
        self._lock = threading.Lock()
        self._max = max_per_user

    def start(self, user: str) -> Thread:
        thread = Thread(secrets.token_hex(16))
        with self._lock:
            threads = self._by_user.setdefault(user, OrderedDict())
            threads[thread.conversation_id] = thread
            while len(threads) > self._max:
                threads.popitem(last=False)
        return thread

    def find(self, user: str, conversation_id: str) -> Thread | None:
        """The user's own conversation with that id, or None (also for another user's id)."""
        with self._lock:
            threads = self._by_user.get(user)
            thread = threads.get(conversation_id) if threads is not None else None
            if threads is not None and thread is not None:
                threads.move_to_end(conversation_id)
        return thread
