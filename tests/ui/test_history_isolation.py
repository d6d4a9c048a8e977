"""Whose history is whose, tried against the live server's real endpoints for every demo role.

Each user asks in a thread of their own over Chainlit's socket; then every other user tries to
list, open, rename, delete, download an element of and resume it (HTTP and socket), with the
thread's real id and with hostile ids. Admins get no exception. The owner can rename, delete
(rows and element files go) and resume, and a resumed thread refines its last question.
"""

from __future__ import annotations

import itertools
import sqlite3
import uuid
from pathlib import Path

import httpx
import pytest

from tests.ui.chat_client import ChatClient
from tests.ui.conftest import PASSWORDS

USERS = tuple(PASSWORDS)  # admin, alice, erin, sam, mia, victor: every role
PAIRS = [(owner, other) for owner, other in itertools.permutations(USERS, 2)]


@pytest.fixture(scope="module")
def clients(ui_server: str) -> dict[str, ChatClient]:
    return {user: ChatClient.sign_in(ui_server, user, PASSWORDS[user]) for user in USERS}


@pytest.fixture(scope="module")
def threads(clients: dict[str, ChatClient]) -> dict[str, str]:
    """One answered thread per user ("revenue by region": a table, so a CSV element too)."""
    made = {}
    for user, client in clients.items():
        reply = client.ask("revenue by region")
        assert reply.texts, f"{user} got no answer: {reply.events[-5:]}"
        made[user] = reply.thread_id
    return made


def element_ids(ui_home: Path, thread_id: str) -> list[str]:
    with sqlite3.connect(ui_home / "history.sqlite3") as db:
        return [row[0] for row in db.execute('SELECT id FROM elements WHERE "threadId" = ?', [thread_id])]


def test_each_user_lists_only_their_own_threads(clients: dict[str, ChatClient], threads: dict[str, str]) -> None:
    for user, client in clients.items():
        listed = {t["id"] for t in client.threads()}
        assert threads[user] in listed, user
        assert not listed & {threads[other] for other in USERS if other != user}, user


@pytest.mark.parametrize(("owner", "other"), PAIRS)
def test_no_one_can_open_change_or_download_another_users_thread(
    clients: dict[str, ChatClient], threads: dict[str, str], ui_home: Path, owner: str, other: str
) -> None:
    thread_id, intruder = threads[owner], clients[other]
    opened = intruder.get(f"/project/thread/{thread_id}")
    assert opened.status_code == 401 and "revenue" not in opened.text.lower()
    elements = element_ids(ui_home, thread_id)
    assert elements, "the answer's CSV was not stored"
    for element_id in elements:
        downloaded = intruder.get(f"/project/thread/{thread_id}/element/{element_id}")
        assert downloaded.status_code == 401 and "base64" not in downloaded.text
    assert intruder.rename(thread_id, "mine now").status_code == 401
    assert intruder.delete(thread_id).status_code == 401
    assert clients[owner].get(f"/project/thread/{thread_id}").json()["name"] == "revenue by region"


@pytest.mark.parametrize(("owner", "other"), [(o, x) for o, x in PAIRS if x in ("admin", "victor")])
def test_no_one_can_resume_another_users_thread_over_the_socket(
    clients: dict[str, ChatClient], threads: dict[str, str], owner: str, other: str
) -> None:
    reply = clients[other].resume(threads[owner])
    assert reply.refused is not None and reply.messages == []


def test_hostile_thread_ids_get_nothing(clients: dict[str, ChatClient], threads: dict[str, str]) -> None:
    erin = clients["erin"]
    for hostile in ("x' OR '1'='1", "..%2F..%2Fetc%2Fpasswd", str(uuid.uuid4()), "%25", "1 OR 1=1"):
        response = erin.get(f"/project/thread/{hostile}")
        assert response.status_code == 404 or "text/html" in response.headers["content-type"], hostile
        assert "revenue" not in response.text.lower()
    before = {t["id"] for t in erin.threads()}
    reply = erin.ask("revenue by region", "x') OR 1=1 --")  # a thread id the page should never send
    assert reply.texts  # the chat still answers ...
    assert {t["id"] for t in erin.threads()} == before  # ... but nothing is stored under that id


def test_the_owner_renames_resumes_and_deletes(clients: dict[str, ChatClient], ui_home: Path) -> None:
    mia = clients["mia"]
    first = mia.ask("revenue by region")
    thread_id = first.thread_id
    assert mia.rename(thread_id, "Regional revenue").status_code == 200
    assert {t["id"]: t["name"] for t in mia.threads()}[thread_id] == "Regional revenue"

    follow_up = mia.ask("and by channel?", thread_id)
    shown = " ".join(str(m.get("output", "")) for m in follow_up.messages).lower()  # answer and its steps
    assert follow_up.refused is None and "channel" in shown
    assert "region" in shown and "revenue" in shown  # refined the reopened question, not a new one

    files = ui_home / "history-files"
    stored = set(files.iterdir())
    assert mia.delete(thread_id).status_code == 200
    assert thread_id not in {t["id"] for t in mia.threads()}
    assert element_ids(ui_home, thread_id) == []
    assert len(set(files.iterdir())) < len(stored)


def test_a_disabled_account_stops_even_in_a_signed_in_session(
    ui_server: str, ui_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guards.accounts import add_user, set_disabled

    monkeypatch.setenv("CDM_USERS", str(ui_home / "users.yml"))
    add_user("temp.dana", "viewer", "dana-password-1")
    dana = ChatClient.sign_in(ui_server, "temp.dana", "dana-password-1")
    assert "highest" in " ".join(dana.ask("revenue by region").texts)
    set_disabled("temp.dana")
    refused = dana.ask("revenue by region")
    assert any("session has expired" in text for text in refused.texts)
    assert not any("highest" in text for text in refused.texts)


def test_only_the_public_origin_may_call_the_server(ui_server: str) -> None:
    def preflight(origin: str) -> str | None:
        headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
        return httpx.options(f"{ui_server}/project/threads", headers=headers, timeout=10).headers.get(
            "access-control-allow-origin"
        )

    assert preflight(ui_server) == ui_server
    assert preflight("https://evil.example") is None
