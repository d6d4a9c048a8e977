"""The FastAPI app: /api/v1 routes answering with the CLI's `--json` Answer shape.

HTTP status follows the answer: 200 for answered, clarify and unsupported; 403 for a refusal
(blocked, the same answer the chat shows); 422 for an answer with status error (a request that
could not be answered, the message in `summary`). Auth, rate and size limits and the audit record
are the gate's (`cdm.api.gate`); error bodies are one JSON line `{"error", "message"}`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.answer import Answer
from cdm.api import operations
from cdm.api.conversations import ConversationStore
from cdm.api.gate import Caller, GovernedGate, error_payload
from cdm.api.limits import Limits
from cdm.api.messages import message
from engines.status import Status
from guards.tokens import TokenStore
from semantic_layer.query import SemanticQuery

PREFIX = "/api/v1"
PUBLIC_PATHS = frozenset({f"{PREFIX}/openapi.json", f"{PREFIX}/docs", f"{PREFIX}/health"})
HTTP_STATUS = {Status.BLOCKED: 403, Status.ERROR: 422}
BEARER = HTTPBearer(auto_error=False, description="A token from `cdm users token create USER`.")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AskRequest(_Body):
    question: str = Field(min_length=1, max_length=2000)
    conversation_id: str | None = Field(default=None, description="From an earlier answer, for a follow-up.")
    engine: Literal["auto", "offline", "llm"] = "auto"


class SqlRequest(_Body):
    sql: str = Field(min_length=1, max_length=20000, description="One read-only DuckDB statement.")


class FeedbackSearchRequest(_Body):
    text: str = Field(min_length=1, max_length=2000)
    filters: dict[str, str] | None = Field(default=None, description="e.g. {source: review, region: East}")


class ErrorBody(BaseModel):
    error: str
    message: str


class AskAnswer(Answer):
    conversation_id: str


def caller(request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]) -> Caller:
    found: Caller = request.state.caller  # set by the gate for every non-public path
    return found


CallerDep = Annotated[Caller, Depends(caller)]
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (401, 413, 422, 429)}


def respond(answer: Answer, **extra: Any) -> JSONResponse:
    headers = {"x-audit-id": answer.audit_id} if answer.audit_id else {}
    status = HTTP_STATUS.get(answer.status, 200)
    return JSONResponse(answer.to_json_dict() | extra, status_code=status, headers=headers)


def _first_problem(error: RequestValidationError) -> tuple[str, str]:
    first = error.errors()[0] if error.errors() else {"loc": ("body",), "msg": "invalid"}
    where = ".".join(str(part) for part in first.get("loc", ())) or "body"
    return where, str(first.get("msg", "invalid")).splitlines()[0]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        where, problem = _first_problem(error)
        text = message("invalid_request", where=where, problem=problem)
        return JSONResponse(error_payload("invalid_request", text), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        key = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code)
        values = {"method": request.method, "path": request.url.path}
        text = message(key, **values) if key else str(error.detail).splitlines()[0]
        return JSONResponse(error_payload(key or "http_error", text), status_code=error.status_code)

    @app.exception_handler(Exception)
    async def internal(_: Request, error: Exception) -> JSONResponse:
        text = message("internal", kind=type(error).__name__)
        return JSONResponse(error_payload("internal_error", text), status_code=500)


def build_api() -> FastAPI:
    app = FastAPI(
        title="cdm-assistant API",
        version="1",
        description="Governed answers over customer data, under the privacy policy of the token's user.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
    )
    install_error_handlers(app)
    conversations = ConversationStore()

    @app.get(f"{PREFIX}/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(f"{PREFIX}/ask", responses={200: {"model": AskAnswer}, **ERRORS})
    def ask(body: AskRequest, who: CallerDep) -> JSONResponse:
        """A question in plain English or Chinese; pass the answer's conversation_id to follow up."""
        user = who.principal.user or ""
        thread = conversations.find(user, body.conversation_id) if body.conversation_id else conversations.start(user)
        if thread is None:
            text = message("unknown_conversation", conversation=body.conversation_id)
            return JSONResponse(error_payload("unknown_conversation", text), status_code=404)
        with thread.lock:
            answer = operations.ask_question(body.question, who.principal, thread.conversation, body.engine)
        return respond(answer, conversation_id=thread.conversation_id)

    @app.post(f"{PREFIX}/query", responses={200: {"model": Answer}, **ERRORS})
    def query(body: SemanticQuery, who: CallerDep) -> JSONResponse:
        """A semantic query: governed metrics, dimensions, filters, time range, order, limit."""
        return respond(operations.run_query(body, who.principal))

    @app.post(f"{PREFIX}/sql", responses={200: {"model": Answer}, **ERRORS})
    def sql(body: SqlRequest, who: CallerDep) -> JSONResponse:
        """One statement, checked, rewritten and run by the guards; only roles that may type SQL."""
        return respond(operations.run_sql(body.sql, who.principal))

    @app.get(f"{PREFIX}/metrics", responses={200: {"model": Answer}, **ERRORS})
    def metrics(who: CallerDep) -> JSONResponse:
        """The governed metrics."""
        return respond(operations.list_metrics())

    @app.get(f"{PREFIX}/metrics/{{name}}", responses={200: {"model": Answer}, **ERRORS})
    def metric(name: str, who: CallerDep) -> JSONResponse:
        """One metric's definition."""
        answer = operations.describe_metric(name)
        if answer is None:
            return JSONResponse(error_payload("unknown_metric", message("unknown_metric", name=name)), status_code=404)
        return respond(answer)

    @app.post(f"{PREFIX}/feedback/search", responses={200: {"model": Answer}, **ERRORS})
    def feedback_search(body: FeedbackSearchRequest, who: CallerDep) -> JSONResponse:
        """Semantic search over redacted reviews and tickets, within the role's rows."""
        return respond(operations.search_feedback(body.text, who.principal, body.filters))

    @app.get(f"{PREFIX}/audit", responses={200: {"model": Answer}, 403: {"model": Answer}, **ERRORS})
    def audit(who: CallerDep, n: Annotated[int, Query(ge=1, le=1000)] = 20) -> JSONResponse:
        """The latest requests, oldest first (the admin role only)."""
        return respond(operations.audit_tail(who.principal, n))

    return app


def create_app(limits: Limits | None = None, tokens: TokenStore | None = None) -> GovernedGate:
    """The ASGI app `cdm api` serves: the routes behind the gate."""
    return GovernedGate(build_api(), origin="api", limits=limits or Limits(), tokens=tokens, public_paths=PUBLIC_PATHS)
