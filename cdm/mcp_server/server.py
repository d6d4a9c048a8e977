"""The MCP tools over the governed operations, as the user bound to the token.

Over stdio the token is CDM_MCP_TOKEN, checked again at every call (a revoked token stops the
next call); over streamable HTTP each request carries its own bearer token, checked by the gate
(`cdm.api.gate`), which puts the caller in the request the tool sees. No tool has a user or role
argument. Every call is audited (origin "mcp"); its result is the Answer JSON inside the LLM
agent's quoted data block, so retrieved customer text cannot pose as instructions.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import anyio
import yaml
from mcp.server.fastmcp import Context, FastMCP
from mcp.server.fastmcp.exceptions import ToolError
from mcp.types import CallToolResult, TextContent
from pydantic import Field, ValidationError

from assistant.answer import Answer
from assistant.llm.instructions import data_block
from assistant.llm.results import MAX_ROWS_FOR_MODEL
from cdm.api import operations
from cdm.api.conversations import ConversationStore
from cdm.api.gate import ANONYMOUS, Caller
from cdm.api.messages import message
from engines.status import Status
from guards.audit import AuditLog
from guards.principal import Principal
from guards.tokens import TokenStore
from semantic_layer.query import Filter, OrderBy, SemanticQuery, TimeRange

TOOLS_FILE = Path(__file__).with_name("tools.yml")
REFUSED = (Status.BLOCKED, Status.ERROR)


@cache
def _texts() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(TOOLS_FILE.read_text(encoding="utf-8"))
    return loaded


def tool_result(tool: str, answer: Answer, **extra: Any) -> CallToolResult:
    """The Answer JSON (rows capped as for the agent) inside a quoted, untrusted data block."""
    payload = answer.to_json_dict() | extra
    if len(payload["rows"]) > MAX_ROWS_FOR_MODEL:
        payload |= {"row_count": len(payload["rows"]), "rows_truncated_to": MAX_ROWS_FOR_MODEL}
        payload["rows"] = payload["rows"][:MAX_ROWS_FOR_MODEL]
    text = data_block(tool, payload)
    return CallToolResult(content=[TextContent(type="text", text=text)], isError=answer.status in REFUSED)


class Identity:
    """Who each call acts as: the HTTP request's caller, else the stdio token."""

    def __init__(self, stdio_token: str | None, tokens: TokenStore | None = None) -> None:
        self.stdio_token, self.tokens = stdio_token, tokens or TokenStore()

    def principal(self, ctx: Context[Any, Any, Any]) -> Principal:
        request = ctx.request_context.request
        if request is not None:
            caller: Caller | None = getattr(request.state, "caller", None)
            if caller is None:
                raise ToolError(message("unauthenticated.missing"))
            return caller.principal
        check = self.tokens.check(self.stdio_token or "")
        if not check.ok or check.principal is None:
            state = "missing" if not self.stdio_token else check.state
            raise ToolError("CDM_MCP_TOKEN: " + message(f"unauthenticated.{state}", user=check.user or ""))
        return check.principal


def _audit(tool: str, principal: Principal, answer: Answer | None, started: float, transport: str) -> None:
    decision = "unauthenticated" if answer is None else answer.status.as_decision()
    AuditLog().record(
        principal=principal, origin="mcp", original_sql=f"tool {tool}", rewritten_sql=None, decision=decision,
        question=f"tool {tool}", duration_ms=(time.perf_counter() - started) * 1000,
        provenance={"transport": transport, "answer_audit_id": answer.audit_id if answer else None},
    )  # fmt: skip


class GovernedTools:
    """Runs one operation per call in a worker thread (DuckDB and the embedder block)."""

    def __init__(self, identity: Identity) -> None:
        self.identity = identity
        self.conversations = ConversationStore()

    async def run(
        self, ctx: Context[Any, Any, Any], tool: str, operation: Callable[[Principal], Answer], **extra: Any
    ) -> CallToolResult:
        started = time.perf_counter()
        transport = "http" if ctx.request_context.request is not None else "stdio"
        try:
            principal = self.identity.principal(ctx)
        except ToolError:
            await anyio.to_thread.run_sync(_audit, tool, ANONYMOUS, None, started, transport)
            raise
        answer = await anyio.to_thread.run_sync(operation, principal)
        await anyio.to_thread.run_sync(_audit, tool, principal, answer, started, transport)
        return tool_result(tool, answer, **extra)

    async def ask(self, ctx: Context[Any, Any, Any], question: str, conversation_id: str | None) -> CallToolResult:
        principal = self.identity.principal(ctx)
        user = principal.user or ""
        thread = self.conversations.find(user, conversation_id) if conversation_id else self.conversations.start(user)
        if thread is None:
            raise ToolError(message("unknown_conversation", conversation=conversation_id))

        def answer(who: Principal) -> Answer:
            with thread.lock:
                return operations.ask_question(question, who, thread.conversation)

        return await self.run(ctx, "ask", answer, conversation_id=thread.conversation_id)


def _describe(name: str) -> Callable[[Principal], Answer]:
    def describe(_: Principal) -> Answer:
        found = operations.describe_metric(name)
        unknown = Answer(status=Status.UNSUPPORTED, question=name, summary=message("unknown_metric", name=name))
        return found or unknown

    return describe


def _query(arguments: dict[str, Any]) -> SemanticQuery:
    try:
        return SemanticQuery.model_validate({k: v for k, v in arguments.items() if v is not None})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "query"
        raise ToolError(message("invalid_request", where=where, problem=first["msg"])) from error


def build_server(identity: Identity, *, host: str = "127.0.0.1", port: int = 8200) -> FastMCP[Any]:
    texts = _texts()
    server: FastMCP[Any] = FastMCP(
        "cdm-assistant", instructions=texts["server_instructions"], host=host, port=port, log_level="WARNING"
    )
    tools = GovernedTools(identity)
    describe = texts["tools"]

    @server.tool(description=describe["list_metrics"])
    async def list_metrics(ctx: Context[Any, Any, Any]) -> CallToolResult:
        return await tools.run(ctx, "list_metrics", lambda _: operations.list_metrics())

    @server.tool(description=describe["describe_metric"])
    async def describe_metric(name: str, ctx: Context[Any, Any, Any]) -> CallToolResult:
        return await tools.run(ctx, "describe_metric", _describe(name))

    @server.tool(description=describe["ask"])
    async def ask(
        question: Annotated[str, Field(min_length=1, max_length=2000)],
        ctx: Context[Any, Any, Any],
        conversation_id: str | None = None,
    ) -> CallToolResult:
        return await tools.ask(ctx, question, conversation_id)

    @server.tool(description=describe["query_metrics"])
    async def query_metrics(
        metrics: list[str],
        ctx: Context[Any, Any, Any],
        group_by: list[str] | None = None,
        filters: list[Filter] | None = None,
        time_range: TimeRange | None = None,
        order_by: list[OrderBy] | None = None,
        limit: int | None = None,
    ) -> CallToolResult:
        query = _query(
            {"metrics": metrics, "group_by": group_by, "filters": filters, "time_range": time_range,
             "order_by": order_by, "limit": limit}
        )  # fmt: skip
        return await tools.run(ctx, "query_metrics", lambda who: operations.run_query(query, who))

    @server.tool(description=describe["run_sql"])
    async def run_sql(
        sql: Annotated[str, Field(min_length=1, max_length=20000)], ctx: Context[Any, Any, Any]
    ) -> CallToolResult:
        return await tools.run(ctx, "run_sql", lambda who: operations.run_sql(sql, who))

    @server.tool(description=describe["search_feedback"])
    async def search_feedback(
        text: Annotated[str, Field(min_length=1, max_length=2000)],
        ctx: Context[Any, Any, Any],
        filters: dict[str, str] | None = None,
    ) -> CallToolResult:
        return await tools.run(ctx, "search_feedback", lambda who: operations.search_feedback(text, who, filters))

    return server
