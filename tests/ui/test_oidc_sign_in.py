"""Company sign-in end to end: the live chat server configured for a real OIDC provider on
loopback (tests/ui/oidc_provider.py), driven over HTTP the way a browser follows the redirects.

A mapped identity signs in, gets the role its groups map to and asks a governed question over the
socket; an unmapped identity and one whose ID token is signed with an unpublished key get no
session, and the refusal is audited."""

from __future__ import annotations

import html
import re
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

from cdm.history.data_layer import prepare_history
from cdm.history.settings import HistorySettings
from guards.audit import AuditLog
from tests.ui.chat_client import ChatClient
from tests.ui.conftest import _free_port, start_chat_server
from tests.ui.oidc_provider import CLIENT_ID, CLIENT_SECRET, oidc_provider

USERS = {
    "olivia": ("olivia-pw", {"preferred_username": "olivia", "name": "Olivia East", "groups": ["staff", "sales-east"]}),
    "bob": ("bob-pw", {"preferred_username": "bob", "name": "Bob Nobody", "groups": ["staff"]}),
    "mallory": ("mallory-pw", {"preferred_username": "mallory", "name": "Mallory", "groups": ["cdm-admins"]}),
}
MAPPING = """rules:
  - {group: cdm-admins, role: admin}
  - {group: sales-east, role: regional_manager, attributes: {region: East}}
"""


@pytest.fixture(scope="module")
def oidc_chat(ui_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(chat URL, its CDM_HOME): a chat server whose sign-in includes the test provider."""
    home = tmp_path_factory.mktemp("oidc_home")
    for name in ("warehouse.duckdb", "users.yml"):
        shutil.copy(ui_home / name, home / name)
    (home / "identity_mapping.yml").write_text(MAPPING, encoding="utf-8")
    seed_an_old_thread(home)
    port = _free_port()
    with oidc_provider(port, USERS, forged={"mallory"}) as provider:
        env = {
            "CDM_OIDC_ISSUER": provider.issuer,
            "CDM_OIDC_CLIENT_ID": CLIENT_ID,
            "CDM_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        }
        with start_chat_server(home, "chainlit-oidc-server.log", **env) as url:
            yield url, home


OLD_THREAD = "0b0e6c1e-3a2c-4c8a-9a57-2f6e43b1d0aa"


def seed_an_old_thread(home: Path) -> None:
    """A thread idle for years, written before the server starts (which must delete it)."""
    settings = prepare_history(
        HistorySettings(f"sqlite+aiosqlite:///{home / 'history.sqlite3'}", home / "history-files", 90)
    )
    with sqlite3.connect(settings.database_url.split(":///", 1)[1]) as db:
        db.execute('INSERT INTO threads (id, "createdAt", name, "userIdentifier") VALUES (?, ?, ?, ?)',
                   [OLD_THREAD, "2020-01-01T00:00:00Z", "ancient", "alice"])  # fmt: skip


def test_the_server_start_prunes_threads_past_retention(oidc_chat: tuple[str, Path]) -> None:
    _, home = oidc_chat
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with sqlite3.connect(home / "history.sqlite3") as db:
            if db.execute("SELECT count(*) FROM threads WHERE id = ?", [OLD_THREAD]).fetchone() == (0,):
                break
        time.sleep(0.5)
    else:
        pytest.fail("the old thread was not deleted at server start")
    pruned = [e for e in AuditLog(home / "audit.duckdb").tail(50) if e.origin == "history_prune"]
    assert pruned and pruned[0].row_count == 1 and "chat server start" in (pruned[0].question or "")


def sign_in_through_the_provider(chat_url: str, user: str) -> httpx.Client:
    """Follows the redirects a browser would: chat -> provider's form -> chat's callback."""
    client = httpx.Client(timeout=30)
    to_provider = client.get(f"{chat_url}/auth/oauth/oidc")
    assert to_provider.status_code in (302, 307), to_provider.text
    form = client.get(to_provider.headers["location"])
    hidden = {k: html.unescape(v) for k, v in re.findall(r'name="(redirect_uri|state)" value="([^"]*)"', form.text)}
    back = client.post(urljoin(str(form.url), "/authorize"),
                       data={**hidden, "username": user, "password": USERS[user][0]})  # fmt: skip
    assert back.status_code == 302 and back.headers["location"].startswith(chat_url)
    client.get(back.headers["location"])  # the chat's callback sets the session cookie, or refuses
    return client


def test_a_mapped_identity_signs_in_with_its_mapped_role_and_asks(oidc_chat: tuple[str, Path]) -> None:
    chat_url, _ = oidc_chat
    client = sign_in_through_the_provider(chat_url, "olivia")
    token = client.cookies.get("access_token")
    assert token, "no session after a valid OIDC sign-in"
    me = client.get(f"{chat_url}/user").json()
    assert me["identifier"] == "oidc:olivia" and me["display_name"] == "Olivia East"
    assert (me["metadata"]["role"], me["metadata"]["attributes"], me["metadata"]["provider"]) == (
        "regional_manager", {"region": "East"}, "oidc",
    )  # fmt: skip
    reply = ChatClient(chat_url, "oidc:olivia", token).ask("revenue by region")
    shown = " ".join(str(m.get("output", "")) for m in reply.messages)
    assert "East" in shown and "South" not in shown  # the row filter of the mapped region applies


@pytest.mark.parametrize(("user", "reason"), [("bob", "no role is mapped"), ("mallory", None)])
def test_unmapped_or_forged_identities_get_no_session(
    oidc_chat: tuple[str, Path], user: str, reason: str | None
) -> None:
    chat_url, home = oidc_chat
    client = sign_in_through_the_provider(chat_url, user)
    assert not client.cookies.get("access_token")
    assert client.get(f"{chat_url}/user").status_code == 401
    if reason is not None:  # a forged token never reaches the mapping: Chainlit logs the bad signature
        audited = [e for e in AuditLog(home / "audit.duckdb").tail(20) if e.origin == "sign_in"]
        assert any(e.user == user and reason in (e.question or "") for e in audited)
