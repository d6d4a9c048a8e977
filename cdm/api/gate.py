"""The gate in front of the API and the MCP server's HTTP transport (an ASGI wrapper).

For every HTTP request, in this order: identify the bearer token (401 without a valid one), count
it against the token's rate (429), read the body up to the size limit (413), hand the request with
the caller's principal (`scope["state"]["caller"]`) to the app, and append one audit record with
the token's user, also for refused, rate-limited and oversized requests. Paths in `public_paths`
(the OpenAPI document, the docs page, the health check) need no token and are audited too.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import anyio

from cdm.api.limits import Limits, RateLimiter
from cdm.api.messages import message
from guards.audit import AuditLog
from guards.decision import Notice
from guards.principal import Principal
from guards.tokens import TokenCheck, TokenStore

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
ANONYMOUS = Principal(user=None, role="anonymous")
LOG = logging.getLogger(__name__)
DECISIONS = {401: "unauthenticated", 403: "blocked", 413: "too_large", 429: "rate_limited"}


@dataclass(frozen=True)
class Caller:
    """Who a request acts as: fixed by the token, never by the request."""

    principal: Principal
    token_id: str


@dataclass
class Exchange:
    """What the audit record needs to know about one request, filled in as it is handled."""

    method: str
    path: str
    check: TokenCheck | None
    started: float = field(default_factory=time.perf_counter)
    status: int = 500
    answer_audit_id: str | None = None
    reason: str = ""
    responded: bool = False
    audited: bool = False


def _decision(status: int) -> str:
    if status < 400:
        return "ok"
    return DECISIONS.get(status, "error" if status >= 500 else "invalid")


def bearer_token(scope: Scope) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None without one."""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return None


async def send_json(
    send: Send, status: int, payload: dict[str, Any], headers: tuple[tuple[str, str], ...] = ()
) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def error_payload(code: str, text: str) -> dict[str, str]:
    return {"error": code, "message": text}


class GovernedGate:
    def __init__(
        self,
        app: ASGIApp,
        *,
        origin: str,
        limits: Limits,
        tokens: TokenStore | None = None,
        public_paths: frozenset[str] = frozenset(),
    ) -> None:
        self.app, self.origin, self.limits, self.public_paths = app, origin, limits, public_paths
        self.tokens = tokens or TokenStore()
        self.rates = RateLimiter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        exchange = Exchange(scope["method"], scope["path"], None)

        async def recording_send(event: Message) -> None:
            if event["type"] == "http.response.start":
                exchange.responded = True
                exchange.status = int(event["status"])
                headers = dict(event.get("headers") or ())
                audit_id = headers.get(b"x-audit-id")
                exchange.answer_audit_id = audit_id.decode("latin-1") if audit_id else None
            if event["type"] == "http.response.body" and not event.get("more_body"):
                await self._audit_once(exchange)  # recorded before the client has the whole answer
            await send(event)

        try:
            token = bearer_token(scope)
            exchange.check = None if token is None else await anyio.to_thread.run_sync(self.tokens.check, token)
            await self._handle(scope, receive, recording_send, exchange)
        except Exception as error:  # a bug or an outage: logged here, the client gets one JSON line
            LOG.exception("%s %s failed", exchange.method, exchange.path)
            if not exchange.responded:
                text = message("internal", kind=type(error).__name__)
                await send_json(recording_send, 500, error_payload("internal_error", text))
        finally:
            await self._audit_once(exchange)

    async def _audit_once(self, exchange: Exchange) -> None:
        if not exchange.audited:
            exchange.audited = True
            await anyio.to_thread.run_sync(self._audit, exchange)

    async def _handle(self, scope: Scope, receive: Receive, send: Send, exchange: Exchange) -> None:
        check = exchange.check
        if scope["path"] in self.public_paths:
            await self.app(scope, receive, send)
            return
        if check is None or not check.ok:
            await self._refuse_token(send, check, exchange)
            return
        assert check.record is not None and check.principal is not None
        limit = check.record.rate_limit or self.limits.requests_per_minute
        retry = self.rates.retry_after(check.record.token_id, limit)
        if retry:
            exchange.reason = "rate_limited"
            seconds = str(int(retry) + 1)
            payload = error_payload("rate_limited", message("rate_limited", limit=limit, retry=seconds))
            await send_json(send, 429, payload, (("retry-after", seconds),))
            return
        body = await self._read_body(scope, receive)
        if body is None:
            exchange.reason = "too_large"
            limit_bytes = self.limits.max_body_bytes
            await send_json(send, 413, error_payload("too_large", message("too_large", limit=limit_bytes)))
            return
        scope.setdefault("state", {})["caller"] = Caller(check.principal, check.record.token_id)
        await self.app(scope, _replay(body, receive), send)

    async def _refuse_token(self, send: Send, check: TokenCheck | None, exchange: Exchange) -> None:
        state = "missing" if check is None else check.state
        exchange.reason = f"token_{state}"
        text = message(f"unauthenticated.{state}", user=check.user if check else "")
        await send_json(send, 401, error_payload("unauthenticated", text), (("www-authenticate", "Bearer"),))

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None when it is (or says it will be) larger than the limit."""
        limit = self.limits.max_body_bytes
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                return None
        chunks, size, more = [], 0, True
        while more:
            event = await receive()
            if event["type"] != "http.request":
                break
            chunk = event.get("body", b"")
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
            more = bool(event.get("more_body"))
        return b"".join(chunks)

    def _audit(self, exchange: Exchange) -> None:
        check = exchange.check
        principal = check.principal if check is not None and check.principal is not None else ANONYMOUS
        if check is not None and check.principal is None and check.record is not None:
            principal = Principal(user=check.record.user, role="unresolved")
        request = f"{exchange.method} {exchange.path}"
        notices = (Notice(exchange.reason, exchange.reason),) if exchange.reason else ()
        details = {
            "http_status": exchange.status, "token_id": check.record.token_id if check and check.record else None,
            "answer_audit_id": exchange.answer_audit_id,
        }  # fmt: skip
        AuditLog().record(
            principal=principal, origin=self.origin, original_sql=request, rewritten_sql=None,
            decision=_decision(exchange.status), notices=notices, question=request, provenance=details,
            duration_ms=(time.perf_counter() - exchange.started) * 1000,
        )  # fmt: skip


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, then whatever the client sends next (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
