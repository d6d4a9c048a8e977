"""Browser fixtures: one live `chainlit run` on loopback over the tiny warehouse, one Chromium.

The server is a real subprocess (the same entry module `make run` starts); the browser is
Debian's Chromium driven by Playwright, never a browser Playwright downloads. Every page is
routed so that a request to any non-loopback host is blocked and recorded: the tests then
assert that the page rendered completely and asked for nothing outside the machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
SERVER_START_SECONDS = 90
OPTIONAL_SIGN_IN = (
    "CDM_OIDC_ISSUER",
    "CDM_OIDC_CLIENT_ID",
    "CDM_OIDC_CLIENT_SECRET",
    "CDM_AUTH_HEADER",
    "CDM_PROXY_SECRET",
)
PASSWORDS = {  # the demo passwords (guards/demo_users.yml, README.md)
    "admin": "admin-demo-pw",
    "alice": "analyst-demo-pw",
    "erin": "east-demo-pw",
    "sam": "south-demo-pw",
    "mia": "marketing-demo-pw",
    "victor": "viewer-demo-pw",
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"chainlit exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    pytest.fail(f"chainlit did not answer within {SERVER_START_SECONDS}s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session", autouse=True)
def demo_users(isolated_cdm_home: Path) -> Path:
    """The demo users in the session's users file, as `make run` writes them on a fresh install."""
    from guards.accounts import write_demo_users
    from guards.users import users_path

    write_demo_users(only_if_missing=True)
    return users_path()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database on loopback (Debian's server, started for this session)."""
    from tests.ui.postgres_server import PostgresUnavailable, postgres_cluster

    try:
        with postgres_cluster() as url:
            yield url
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL history tests skipped: {reason}")


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests skipped: Debian's chromium is not installed at /usr/bin/chromium "
            "(`make test` installs it with apt-get when it runs as root: scripts/ensure_chromium.sh)"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def ui_home(
    tiny_warehouse: Path, chromium_path: Path, demo_users: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A CDM_HOME for the chat: a copy of the session's tiny warehouse plus its feedback index
    (the build writes feedback tables, and the shared warehouse must stay as generated)."""
    from feedback.index import build_index

    home = tmp_path_factory.mktemp("ui_home")
    shutil.copy(tiny_warehouse, home / "warehouse.duckdb")
    build_index(home / "warehouse.duckdb", home / "chroma", progress=False)
    shutil.copy(demo_users, home / "users.yml")
    return home


@pytest.fixture(scope="session")
def ui_server(ui_home: Path) -> Iterator[str]:
    """`chainlit run cdm/chat_app.py` on a free loopback port, with the chat's CDM_HOME."""
    with start_chat_server(ui_home, "chainlit-server.log") as url:
        yield url


def private_app_root(home: Path) -> Path:
    """Chainlit's app root for one test server: the repo's config, public/ and chainlit.md, linked,
    and its own `.files` (every Chainlit server deletes APP_ROOT/.files when it stops, so servers
    started by parallel test runs on one checkout would otherwise delete each other's elements)."""
    root = home / "chainlit_root"
    root.mkdir(exist_ok=True)
    for name in (".chainlit", "public", "chainlit.md"):
        if not (root / name).exists():
            (root / name).symlink_to(ROOT / name)
    return root


@contextmanager
def start_chat_server(home: Path, log_name: str, **extra_env: str) -> Iterator[str]:
    """A live chat server over `home` (its users file, history database, secret) on a free port."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = ARTIFACTS / log_name
    app_root = private_app_root(home)
    env = os.environ | {"CDM_HOME": str(home), "CHAINLIT_APP_ROOT": str(app_root), "CDM_PUBLIC_URL": url} | extra_env
    for name in ("CDM_WAREHOUSE", "CDM_USERS", "CDM_DATABASE_URL", "CHAINLIT_AUTH_SECRET", *OPTIONAL_SIGN_IN):
        if name not in extra_env:
            env.pop(name, None)
    command = [sys.executable, "-m", "chainlit", "run", "cdm/chat_app.py", "--headless", "--host", "127.0.0.1"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stops the server we started (its own process group, by its id)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class ChatPage:
    """A signed-in page plus the external requests it tried (blocked by the route)."""

    page: Any
    base_url: str
    external_requests: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)  # "401 GET http://.../user"
    console_errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        """The whole conversation: the chat scrolls inside its own panel, so the window is made
        as tall as that panel's content for the picture, then put back."""
        path = ARTIFACTS / f"{name}.png"
        size = self.page.viewport_size or {"width": 1280, "height": 1000}
        content = self.page.evaluate(
            "() => Math.max(...Array.from(document.querySelectorAll('div')).map(d => d.scrollHeight))"
        )
        self.page.set_viewport_size(
            {"width": size["width"], "height": min(max(int(content) + 200, size["height"]), 6000)}
        )
        self.page.wait_for_timeout(300)
        self.page.screenshot(path=str(path), full_page=True)
        self.page.set_viewport_size(size)
        return path


def _is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or (parts.hostname or "") in LOOPBACK_HOSTS


class SignIn:
    """Callable fixture value: `open_chat("alice")` signs alice in on a fresh browser context."""

    def __init__(self, sign_in: Callable[..., ChatPage], pages: list[ChatPage]) -> None:
        self._sign_in = sign_in
        self.pages = pages

    def __call__(self, user: str, **options: Any) -> ChatPage:
        """Options: locale ("zh-CN"), color_scheme ("dark"), viewport ({"width": 390, "height": 844})."""
        return self._sign_in(user, **options)


@pytest.fixture
def open_chat(browser: Any, ui_server: str) -> Iterator[SignIn]:
    """Signs a user in on a fresh browser context; checks afterwards that nothing left loopback."""
    contexts: list[Any] = []
    pages: list[ChatPage] = []

    def sign_in(
        user: str, locale: str = "en-US", color_scheme: str = "light", viewport: dict[str, int] | None = None
    ) -> ChatPage:
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 1000}, accept_downloads=True, locale=locale,
            color_scheme=color_scheme,
        )  # fmt: skip
        contexts.append(context)
        chat = ChatPage(page=context.new_page(), base_url=ui_server)
        pages.append(chat)
        chat.page.on(
            "response",
            lambda r: (
                chat.failed_responses.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None
            ),
        )
        chat.page.on("console", lambda m: chat.console_errors.append(m.text) if m.type == "error" else None)

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if _is_loopback(url):
                request_route.continue_()
            else:
                chat.external_requests.append(url)
                request_route.abort()

        context.route("**/*", route)
        page = chat.page
        page.set_default_timeout(30_000)
        page.goto(f"{ui_server}/login")
        page.fill("#email", user)
        page.fill("#password", PASSWORDS[user])
        page.click("button[type='submit']")
        page.wait_for_selector("#chat-input")
        page.wait_for_selector("[id^='starter-']")
        return chat

    yield SignIn(sign_in, pages)
    for context in contexts:
        context.close()
    for chat in pages:
        assert chat.external_requests == [], f"the page asked for non-loopback URLs: {chat.external_requests}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """On a failing browser test, keep a screenshot of every open page for the report."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    chats = getattr(item, "funcargs", {}).get("open_chat")
    if report.when == "call" and report.failed and chats is not None:
        for index, chat in enumerate(getattr(chats, "pages", [])):
            chat.page.screenshot(path=str(ARTIFACTS / f"FAILED-{item.name}-{index}.png"), full_page=True)
