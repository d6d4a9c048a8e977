"""A chat client over the live server's real endpoints: `/login` over HTTP, the chat over
Chainlit's socket.io protocol (python-socketio), the history over `/project/*` - what the page
does, without a browser, so isolation tests can send any id a hostile page could."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import socketio

ANSWER_SECONDS = 60.0


@dataclass
class Reply:
    """What the server emitted during one connection (`messages`: every new or updated step)."""

    thread_id: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[str, Any]] = field(default_factory=list)
    refused: str | None = None

    @property
    def texts(self) -> list[str]:
        return [str(m.get("output", "")) for m in self.messages if m.get("type") == "assistant_message"]


def _run(coroutine: Coroutine[Any, Any, Reply]) -> Reply:
    """On a thread of its own: Playwright's sync API keeps an event loop running in the test's."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class ChatClient:
    base_url: str
    user: str
    token: str

    @classmethod
    def sign_in(cls, base_url: str, user: str, password: str) -> ChatClient:
        response = httpx.post(f"{base_url}/login", data={"username": user, "password": password}, timeout=30)
        response.raise_for_status()
        return cls(base_url, user, response.cookies["access_token"])

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, cookies={"access_token": self.token}, timeout=30)

    def threads(self) -> list[dict[str, Any]]:
        payload = {"pagination": {"first": 50, "cursor": None}, "filter": {}}
        with self.http() as client:
            response = client.post("/project/threads", json=payload)
        response.raise_for_status()
        return list(response.json()["data"])

    def get(self, path: str) -> httpx.Response:
        with self.http() as client:
            return client.get(path)

    def rename(self, thread_id: str, name: str) -> httpx.Response:
        with self.http() as client:
            return client.put("/project/thread", json={"threadId": thread_id, "name": name})

    def delete(self, thread_id: str) -> httpx.Response:
        with self.http() as client:
            return client.request("DELETE", "/project/thread", json={"threadId": thread_id})

    def ask(self, question: str, thread_id: str | None = None) -> Reply:
        """Asks in a new thread, or in `thread_id` (resumed when it exists, as the page does)."""
        return _run(self._converse(question, thread_id))

    def resume(self, thread_id: str) -> Reply:
        return _run(self._converse(None, thread_id))

    async def _converse(self, question: str | None, thread_id: str | None) -> Reply:
        reply = Reply(thread_id=thread_id or "")
        done = asyncio.Event()
        client = socketio.AsyncClient(reconnection=False)

        @client.on("*")
        async def any_event(event: str, data: Any = None) -> None:
            reply.events.append((event, data))
            if event == "first_interaction" and isinstance(data, dict):
                reply.thread_id = str(data.get("thread_id") or reply.thread_id)
            if event in ("new_message", "update_message") and isinstance(data, dict):
                reply.messages.append(data)
            if event in ("resume_thread", "resume_thread_error") and question is None:
                done.set()
            if event == "task_end" and reply.texts:
                done.set()

        auth = {"sessionId": str(uuid.uuid4()), "clientType": "webapp", "userEnv": "{}"}
        if thread_id is not None:
            auth["threadId"] = thread_id
        try:
            await client.connect(
                self.base_url, socketio_path="/ws/socket.io", transports=["websocket"], auth=auth,
                headers={"Cookie": f"access_token={self.token}"}, wait_timeout=20,
            )  # fmt: skip
        except socketio.exceptions.ConnectionError as error:
            reply.refused = str(error)
            return reply
        await client.emit("connection_successful")
        if question is not None:
            await asyncio.sleep(0.3)
            message = {
                "id": str(uuid.uuid4()), "threadId": thread_id, "name": self.user, "type": "user_message",
                "output": question, "createdAt": dt.datetime.now(dt.UTC).isoformat(),
            }  # fmt: skip
            await client.emit("client_message", {"message": message, "fileReferences": []})
        try:
            await asyncio.wait_for(done.wait(), ANSWER_SECONDS)
        finally:
            await asyncio.sleep(0.5)  # let the server persist the last steps
            await client.disconnect()
        return reply
