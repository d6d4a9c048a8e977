"""Which planner answers: "offline" (the scoring planner), "llm" (the agent) or "auto" (the agent when
one is configured). The one place that chooses, for the CLI (sync) and the chat UI (async).

Imports go one way: router -> llm.agent -> service (the offline path) and never back, so the
agent's fallback to the offline planner is a plain downward call.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Literal

from assistant.answer import Answer
from assistant.conversation import Conversation
from assistant.llm.agent import aask_with_llm, ask_with_llm
from assistant.llm.settings import llm_enabled
from assistant.service import ask as ask_offline
from data.errors import CdmError
from guards.principal import Principal

Engine = Literal["auto", "offline", "llm"]
ENGINES: tuple[str, ...] = ("auto", "offline", "llm")


def use_llm(engine: str) -> bool:
    """ "llm" asks the agent even when unconfigured, so the answer explains (with a notice) why it fell back."""
    if engine not in ENGINES:
        raise CdmError(f"unknown engine {engine!r}; one of: {', '.join(ENGINES)}")
    return engine == "llm" or (engine == "auto" and llm_enabled())


def ask(
    question: str,
    principal: Principal,
    conversation: Conversation | None = None,
    *,
    warehouse: Path | None = None,
    engine: str = "offline",
) -> Answer:
    """Blocking entry point (CLI, eval): the agent when `engine` asks for it, else the offline planner."""
    if use_llm(engine):
        return ask_with_llm(question, principal, conversation, warehouse=warehouse)
    return ask_offline(question, principal, conversation, warehouse=warehouse)


async def aask(
    question: str,
    principal: Principal,
    conversation: Conversation | None = None,
    *,
    warehouse: Path | None = None,
    engine: str = "auto",
) -> Answer:
    """The async entry point for the chat UI: the agent, or the offline planner in a worker thread."""
    if use_llm(engine):
        return await aask_with_llm(question, principal, conversation, warehouse=warehouse)
    return await asyncio.to_thread(ask_offline, question, principal, conversation, warehouse=warehouse)
