"""An honest fake of an OpenAI-compatible endpoint: a real HTTP server on loopback with a script.

It serves `POST /v1/chat/completions` the way OpenAI, vLLM or llama.cpp do: a JSON completion, or
server-sent events (`data: {chunk}` lines ending with `data: [DONE]`) when the request says
`"stream": true`. Each request consumes the next scripted `Reply` (a tool call, a text, an HTTP
error, optionally after a delay), and every request body is recorded so a test can check exactly
what the model was shown. Nothing is mocked on the client side: the real `openai` client and
`ChatOpenAI` talk to it over TCP.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CREATED = 1_767_225_600


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """One scripted model turn: tool calls, or a text, or an HTTP error; `delay` seconds first."""

    text: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    status: int = 200
    delay: float = 0.0


def call(name: str, **arguments: Any) -> Reply:
    return Reply(tool_calls=(ToolCall(name, arguments),))


def say(text: str) -> Reply:
    return Reply(text=text)


def fail(status: int = 500) -> Reply:
    return Reply(status=status)


def stall(seconds: float) -> Reply:
    return Reply(text="too late", delay=seconds)


@dataclass
class Recorded:
    body: dict[str, Any]
    streamed: bool

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    def tool_messages(self) -> list[str]:
        return [str(m.get("content")) for m in self.messages if m.get("role") == "tool"]


@dataclass
class Script:
    replies: deque[Reply] = field(default_factory=deque)
    requests: list[Recorded] = field(default_factory=list)
    ids: Iterator[int] = field(default_factory=itertools.count)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def next(self, body: dict[str, Any]) -> Reply:
        with self.lock:
            self.requests.append(Recorded(body, bool(body.get("stream"))))
            if not self.replies:
                return Reply(status=500, text="the fake model's script is exhausted")
            return self.replies.popleft()

    def new_id(self) -> str:
        with self.lock:
            return f"call_{next(self.ids)}"


USAGE = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}


def _function(tool: ToolCall) -> dict[str, str]:
    return {"name": tool.name, "arguments": json.dumps(tool.arguments)}


def completion(reply: Reply, model: str, script: Script) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.text}
    if reply.tool_calls:
        message["tool_calls"] = [
            {"id": script.new_id(), "type": "function", "function": _function(c)} for c in reply.tool_calls
        ]
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": CREATED,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if reply.tool_calls else "stop"}],
        "usage": USAGE,
    }


def _chunk(model: str, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _halves(text: str) -> list[str]:
    middle = len(text) // 2
    return [part for part in (text[:middle], text[middle:]) if part]


def chunks(reply: Reply, model: str, script: Script, usage: bool) -> Iterator[dict[str, Any]]:
    """The same turn as OpenAI streams it: role first, then pieces of text or of tool arguments."""
    yield _chunk(model, {"role": "assistant", "content": ""})
    for piece in _halves(reply.text or ""):
        yield _chunk(model, {"content": piece})
    for index, tool in enumerate(reply.tool_calls):
        head = {"index": index, "id": script.new_id(), "type": "function"}
        yield _chunk(model, {"tool_calls": [{**head, "function": {"name": tool.name, "arguments": ""}}]})
        for piece in _halves(json.dumps(tool.arguments)):
            yield _chunk(model, {"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    yield _chunk(model, {}, "tool_calls" if reply.tool_calls else "stop")
    if usage:
        yield {**_chunk(model, {}), "choices": [], "usage": USAGE}


class Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr logging
        return

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
            return
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        script = self.server.script
        reply = script.next(body)
        if reply.delay and script.stop.wait(reply.delay):
            return
        try:
            self._answer(reply, body, script)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (its timeout): fine
            return

    def _answer(self, reply: Reply, body: dict[str, Any], script: Script) -> None:
        model = str(body.get("model", "fake"))
        if reply.status != 200:
            error = {"message": reply.text or "internal server error", "type": "server_error"}
            self._json(reply.status, {"error": error})
        elif body.get("stream"):
            usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._stream(chunks(reply, model, script, usage))
        else:
            self._json(200, completion(reply, model, script))

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, events: Iterator[dict[str, Any]]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        for event in events:
            self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.script = Script()


class FakeOpenAI:
    """Start with `with FakeOpenAI() as fake:`; `fake.base_url` goes to ChatOpenAI(base_url=...)."""

    def __init__(self) -> None:
        self.server = FakeServer()
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-openai", daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.script.stop.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        with self.server.script.lock:
            self.server.script.replies.clear()
            self.server.script.replies.extend(replies)
            self.server.script.requests.clear()

    @property
    def requests(self) -> list[Recorded]:
        return list(self.server.script.requests)
