"""The LLM agent: question -> LangChain agent on ChatOpenAI -> governed tool calls -> `Answer`.

`aask_with_llm` is the whole path in one function. The agent runs async (the chat UI is async),
within one deadline (CDM_LLM_TIMEOUT); any model error or timeout falls back to the offline planner
with an `llm_fallback` notice. The model only chooses tool arguments: the principal is bound into
the tools by our code, every statement goes through the guards, and the answer's rows come from our
tool results, not from the model's text.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

from assistant.answer import Answer, Timings
from assistant.conversation import Conversation
from assistant.llm.compose import compose_answer
from assistant.llm.fallback import fall_back, not_configured
from assistant.llm.instructions import build_instructions
from assistant.llm.settings import LlmSettings, load_llm_settings
from assistant.llm.tools import ToolContext, build_tools
from assistant.planner.plan import Plan, QueryPlan, UnsupportedPlan
from assistant.resources import Resources, load_resources
from assistant.service import provenance
from data.errors import CdmError
from data.settings import chroma_path
from engines.status import Status
from guards.principal import Principal

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI


def chat_model(settings: LlmSettings) -> ChatOpenAI:
    """ChatOpenAI on the Chat Completions API, so any OpenAI-compatible server works."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url or None,
        api_key=settings.key(),  # type: ignore[arg-type]
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        streaming=settings.streaming,
        temperature=0,
        use_responses_api=False,
    )


def feedback_index_exists() -> bool:
    """Feedback tools are offered only when the index was built (`cdm feedback index`)."""
    folder = chroma_path()
    try:
        has_module = importlib.util.find_spec("feedback.search") is not None
    except ModuleNotFoundError:
        has_module = False
    return has_module and folder.is_dir() and any(folder.iterdir())


def user_message(question: str, conversation: Conversation) -> str:
    """Follow-ups need the context: earlier questions and the last governed query, as data."""
    if not conversation.questions:
        return question
    lines = ["Earlier questions in this conversation: " + json.dumps(conversation.questions[-5:], ensure_ascii=False)]
    if conversation.last_query is not None:
        lines.append("The last answered semantic query: " + conversation.last_query.query.to_json())
    return "\n".join([*lines, f"Question: {question}"])


async def run_agent(settings: LlmSettings, ctx: ToolContext, conversation: Conversation) -> list[Any]:
    """One agent run; returns its messages (the tool results ride along as artifacts)."""
    from langchain.agents import create_agent
    from langchain_core.messages import HumanMessage

    resources = ctx.resources
    values = resources.lexicon.values
    prompt = build_instructions(
        resources.catalog, values, resources.as_of.isoformat(), ctx.principal, feedback=ctx.feedback
    )
    agent = create_agent(chat_model(settings), build_tools(ctx), system_prompt=prompt)
    state = await agent.ainvoke(
        {"messages": [HumanMessage(content=user_message(ctx.question, conversation))]},
        config={"recursion_limit": 2 * settings.max_steps + 1},
    )
    return list(state["messages"])


async def aask_with_llm(
    question: str,
    principal: Principal,
    conversation: Conversation | None = None,
    *,
    warehouse: Path | None = None,
    settings: LlmSettings | None = None,
) -> Answer:
    started = perf_counter()
    settings = settings or load_llm_settings()
    conversation = conversation if conversation is not None else Conversation()
    question = conversation.resolve_option(question) or question.strip()
    if not settings.enabled:
        return await not_configured(question, principal, conversation, warehouse)
    if not question:
        return Answer(status=Status.UNSUPPORTED, summary="Please type a question about the customer data.")
    try:
        resources = load_resources(warehouse)
    except CdmError as error:
        return Answer(status=Status.ERROR, question=question, summary=error.message)
    ctx = ToolContext(principal, question, resources, feedback=feedback_index_exists())
    try:
        messages = await asyncio.wait_for(run_agent(settings, ctx, conversation), timeout=settings.timeout)
    except Exception as error:  # any model failure means: answer offline and say so
        return await fall_back(error, question, principal, conversation, warehouse)
    answered = perf_counter()
    answer = compose_answer(question, messages, resources)
    conversation.remember(question, remembered_plan(answer), answer.status == Status.ANSWERED)
    return _finish(answer, resources, settings, started, answered)


def _finish(answer: Answer, resources: Resources, settings: LlmSettings, started: float, answered: float) -> Answer:
    timings = Timings(plan_ms=_ms(started, answered), total_ms=_ms(started, perf_counter()))
    origin = provenance(resources).model_copy(update={"engine": settings.engine, "planner": "llm"})
    return answer.model_copy(update={"timings": timings, "provenance": origin})


def remembered_plan(answer: Answer) -> Plan:
    """A governed query the agent ran becomes the conversation's last query, so offline follow-ups refine it."""
    if answer.semantic_query is not None and answer.status == Status.ANSWERED:
        return QueryPlan(query=answer.semantic_query, interpretation=answer.interpretation)
    return UnsupportedPlan(message=answer.summary)


def ask_with_llm(
    question: str,
    principal: Principal,
    conversation: Conversation | None = None,
    *,
    warehouse: Path | None = None,
    settings: LlmSettings | None = None,
) -> Answer:
    """Blocking variant for the CLI and the eval suite (not for code already inside an event loop)."""
    return asyncio.run(aask_with_llm(question, principal, conversation, warehouse=warehouse, settings=settings))


def _ms(start: float, end: float) -> float:
    return round((end - start) * 1000, 2)
