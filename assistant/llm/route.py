"""Which engine answers: "offline" (the planner), "llm" (the agent) or "auto" (the agent when configured).

Cheap to import (no LangChain): the CLI and the UI decide here, and only the LLM path loads the agent.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Literal

from assistant.answer import Answer
from assistant.conversation import Conversation
from assistant.llm.settings import llm_enabled
from data.errors import CdmError
from guards.principal import Principal

Engine = Literal["auto", "offline", "llm"]
ENGINES: tuple[str, ...] = ("auto", "offline", "llm")


def use_llm(engine: str) -> bool:
    """ "llm" asks the agent even when unconfigured, so the answer explains (with a notice) why it fell back."""
    if engine not in ENGINES:
        raise CdmError(f"unknown engine {engine!r}; one of: {', '.join(ENGINES)}")
    return engine == "llm" or (engine == "auto" and llm_enabled())


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
        from assistant.llm.agent import aask_with_llm

        return await aask_with_llm(question, principal, conversation, warehouse=warehouse)
    from assistant.llm.fallback import offline_ask

    return await asyncio.to_thread(offline_ask, question, principal, conversation, warehouse)
