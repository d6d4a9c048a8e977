"""When the model is missing, slow or failing, the offline planner answers, and the answer says so."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from assistant.answer import Answer
from assistant.conversation import Conversation
from assistant.llm.instructions import notice_text
from assistant.service import ask
from engines.notices import Notice
from guards.principal import Principal

LOG = logging.getLogger(__name__)


def describe_failure(error: BaseException) -> str:
    """A short reason for the notice; never the server's response body (it may echo data)."""
    if isinstance(error, TimeoutError) or "Timeout" in type(error).__name__:
        return "it did not answer in time"
    status = getattr(error, "status_code", None)
    if status is not None:
        return f"the endpoint returned HTTP {status}"
    return f"{type(error).__name__}"


def offline_ask(
    question: str, principal: Principal, conversation: Conversation | None, warehouse: Path | None
) -> Answer:
    """The offline planner (assistant.service is offline only, so this never loops back to the agent)."""
    return ask(question, principal, conversation, warehouse=warehouse)


async def offline_answer(
    question: str, principal: Principal, conversation: Conversation, warehouse: Path | None, notice: Notice
) -> Answer:
    """The offline planner's answer with `notice` first; the planner is blocking, so it runs in a thread."""
    answer = await asyncio.to_thread(offline_ask, question, principal, conversation, warehouse)
    return answer.model_copy(update={"notices": (notice, *answer.notices)})


async def fall_back(
    error: BaseException, question: str, principal: Principal, conversation: Conversation, warehouse: Path | None
) -> Answer:
    reason = describe_failure(error)
    LOG.warning("LLM agent failed (%s); falling back to the offline planner", reason, exc_info=error)
    notice = Notice(code="llm_fallback", message=notice_text("llm_fallback", reason=reason))
    return await offline_answer(question, principal, conversation, warehouse, notice)


async def not_configured(
    question: str, principal: Principal, conversation: Conversation, warehouse: Path | None
) -> Answer:
    notice = Notice(code="llm_fallback", message=notice_text("llm_not_configured"))
    return await offline_answer(question, principal, conversation, warehouse, notice)
