"""The chat as a user sees it: send -> first answer text visible, send -> first chart drawn.

A real `chainlit run cdm/chat_app.py` on loopback over a freshly built tiny warehouse (as the UI
tests start it: its own CDM_HOME and app root), driven by Debian's Chromium through Playwright
(`executable_path`, never a downloaded browser; every non-loopback request is blocked and counted).
Each round opens a fresh signed-in page (so the first chart of a page pays for the chart code),
waits `--typing` seconds (a user reading the page and typing; the page loads the chart code
while idle) and asks the questions in turn; per question it records the seconds from the click
on send until

* the new answer's text is visible, and
* its chart's SVG is drawn.

Targets (issue 17): first answer <= 1 s, first chart <= 1.5 s after sending, on tiny.

    .venv/bin/python benchmarks/bench_chat_browser.py [--rounds 5] [--user alice] [--typing 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
ANSWERS = '[data-step-type="assistant_message"]'
CHART = ".js-plotly-plot .main-svg"
PASSWORDS = {"alice": "analyst-demo-pw", "victor": "viewer-demo-pw", "admin": "admin-demo-pw"}
QUESTIONS = (
    "revenue by region",
    "monthly revenue this year",
    "average order value by channel",
    "orders by member tier",
)
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass
class Timings:
    text: list[float] = field(default_factory=list)
    chart: list[float] = field(default_factory=list)
    first_text: list[float] = field(default_factory=list)  # the first question of a fresh page
    first_chart: list[float] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_home(home: Path) -> Path:
    """A tiny warehouse, the demo users and a private Chainlit app root (a stopping Chainlit server
    deletes APP_ROOT/.files, so a shared root would disturb other servers on this checkout)."""
    env = os.environ | {"CDM_HOME": str(home), "PYTHONPATH": str(ROOT)}
    cdm = [sys.executable, "-m", "cdm.cli"]
    subprocess.run([*cdm, "data", "build", "--scale", "tiny"], env=env, check=True, capture_output=True)
    subprocess.run([*cdm, "users", "demo"], env=env, check=True, capture_output=True)
    root = home / "chainlit_root"
    root.mkdir()
    for name in (".chainlit", "public", "chainlit.md"):
        (root / name).symlink_to(ROOT / name)
    return root


def start_server(home: Path, app_root: Path, port: int) -> subprocess.Popen[bytes]:
    url = f"http://127.0.0.1:{port}"
    env = os.environ | {"CDM_HOME": str(home), "CHAINLIT_APP_ROOT": str(app_root), "PYTHONPATH": str(ROOT),
                        "CDM_PUBLIC_URL": url, "ANONYMIZED_TELEMETRY": "False"}  # fmt: skip
    for name in ("CDM_WAREHOUSE", "CDM_USERS", "CDM_DATABASE_URL", "CHAINLIT_AUTH_SECRET"):
        env.pop(name, None)
    command = [sys.executable, "-m", "chainlit", "run", "cdm/chat_app.py", "--headless", "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    with (home / "server.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"the chat server exited; see {home / 'server.log'}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"the chat server did not start; see {home / 'server.log'}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stops the server this script started (its own process group, by its id)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def signed_in_page(browser: Any, url: str, user: str, timings: Timings) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})

    def route(request_route: Any) -> None:
        target = request_route.request.url
        parts = urlsplit(target)
        if parts.scheme in ("data", "blob", "about") or (parts.hostname or "") in LOOPBACK:
            request_route.continue_()
        else:
            timings.external.append(target)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{url}/login")
    page.fill("#email", user)
    page.fill("#password", PASSWORDS[user])
    page.click("button[type='submit']")
    page.wait_for_selector("#chat-input")
    page.wait_for_selector("[id^='starter-']")
    return page


def ask(page: Any, question: str) -> tuple[float, float]:
    """Seconds from the click on send to the answer's text visible, and to its chart drawn."""
    before = page.locator(ANSWERS).count()
    page.fill("#chat-input", question)
    page.wait_for_selector("#chat-submit:not([disabled])")
    started = time.perf_counter()
    page.click("#chat-submit")
    page.wait_for_function(
        """([selector, n]) => {
            const answer = document.querySelectorAll(selector)[n];
            return answer && answer.innerText.trim().length > 10;
        }""",
        arg=[ANSWERS, before],
        polling="raf",
    )
    text = time.perf_counter() - started
    page.locator(ANSWERS).nth(before).locator(CHART).first.wait_for()
    chart = time.perf_counter() - started
    page.wait_for_function(  # the answer's table and steps have rendered too
        """([selector, n]) => {
            const answer = document.querySelectorAll(selector)[n];
            return answer && !answer.querySelector('.animate-pulse') && !answer.innerText.includes('Loading...');
        }""",
        arg=[ANSWERS, before],
    )
    return text, chart


def measure(url: str, user: str, rounds: int, typing: float) -> Timings:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    timings = Timings()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for index in range(rounds):
            page = signed_in_page(browser, url, user, timings)
            page.wait_for_timeout(typing * 1000)  # the user reads the page and types the first question
            ordered = QUESTIONS[index % len(QUESTIONS) :] + QUESTIONS[: index % len(QUESTIONS)]
            for position, question in enumerate(ordered):
                text, chart = ask(page, question)
                timings.text.append(text)
                timings.chart.append(chart)
                if position == 0:
                    timings.first_text.append(text)
                    timings.first_chart.append(chart)
            page.context.close()
        browser.close()
    return timings


def report(timings: Timings) -> None:
    def line(label: str, values: list[float], target: float) -> str:
        median = statistics.median(values)
        verdict = "met" if median <= target else "NOT met"
        return f"{label}: median {median:.2f} s, max {max(values):.2f} s (n={len(values)}; target <= {target:g} s: {verdict})"

    print(line("send -> answer text visible, first question of a fresh page", timings.first_text, 1.0))
    print(line("send -> chart drawn, first question of a fresh page", timings.first_chart, 1.5))
    print(line("send -> answer text visible, every question", timings.text, 1.0))
    print(line("send -> chart drawn, every question", timings.chart, 1.5))
    print(f"non-loopback requests the pages tried: {len(timings.external)}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5, help="Fresh pages, each asking every question.")
    parser.add_argument("--user", default="alice", choices=sorted(PASSWORDS))
    parser.add_argument("--typing", type=float, default=2.0, help="Seconds between a fresh page and its first send.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary CDM_HOME.")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"Debian's chromium is not installed at {CHROMIUM} (scripts/ensure_chromium.sh)")
        return 1
    home = Path(tempfile.mkdtemp(prefix="cdm-bench-chat-"))
    try:
        app_root = prepare_home(home)
        port = _free_port()
        server = start_server(home, app_root, port)
        url = f"http://127.0.0.1:{port}"
        try:
            timings = measure(url, args.user, args.rounds, args.typing)
        finally:
            stop(server)
        print(
            f"chat on tiny, {args.user}, {args.rounds} fresh pages x {len(QUESTIONS)} questions: {', '.join(QUESTIONS)}"
        )
        report(timings)
    finally:
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
