"""Chat history figures on the real server: one thread of N answers asked over Chainlit's socket
(each question resumes the thread, as a reopened chat does), then

- time to open the thread (GET /project/thread/{id}, what the page loads from the sidebar) and to
  resume it over the socket (connect until Chainlit has sent the thread back), median of repeats;
- history size per 1,000 answers: the SQLite database plus the element files, measured after the
  N answers and scaled (threads of real answers: narrative, steps, table CSV, chart).

    .venv/bin/python benchmarks/bench_history.py [--answers 50] [--repeats 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ui"))  # the test suite's socket client

from chat_client import ChatClient  # noqa: E402

QUESTIONS = (
    "revenue by region", "and by channel?", "orders by month this year", "average order value by member tier",
    "top 10 products by revenue", "revenue by region last quarter", "new customers by month", "refund rate by channel",
)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(home: Path, port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {"CDM_HOME": str(home), "CHAINLIT_APP_ROOT": str(ROOT), "PYTHONPATH": str(ROOT),
                        "CDM_PUBLIC_URL": f"http://127.0.0.1:{port}", "ANONYMIZED_TELEMETRY": "False"}  # fmt: skip
    for name in ("CDM_WAREHOUSE", "CDM_USERS", "CDM_DATABASE_URL", "CHAINLIT_AUTH_SECRET"):
        env.pop(name, None)
    command = [sys.executable, "-m", "chainlit", "run", "cdm/chat_app.py", "--headless", "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    log = (home / "server.log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"the chat server did not start; see {home / 'server.log'}")


def prepare_home(home: Path) -> None:
    env = os.environ | {"CDM_HOME": str(home), "PYTHONPATH": str(ROOT)}
    cdm = [sys.executable, "-m", "cdm.cli"]
    subprocess.run([*cdm, "data", "build", "--scale", "tiny"], env=env, check=True, capture_output=True)
    subprocess.run([*cdm, "users", "demo"], env=env, check=True, capture_output=True)


def history_bytes(home: Path) -> tuple[int, int]:
    """(database bytes, element file bytes), the database checkpointed first (the WAL holds
    recent writes until SQLite folds them in; its size says nothing about the history's)."""
    with sqlite3.connect(home / "history.sqlite3") as database_connection:
        database_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    files = sum(p.stat().st_size for p in (home / "history-files").iterdir())
    database = sum(p.stat().st_size for p in home.glob("history.sqlite3*"))
    return database, files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-history-"))
    prepare_home(home)
    port = _free_port()
    server = start_server(home, port)
    try:
        url = f"http://127.0.0.1:{port}"
        client = ChatClient.sign_in(url, "alice", "analyst-demo-pw")
        empty = history_bytes(home)
        started = time.perf_counter()
        thread_id = client.ask(QUESTIONS[0]).thread_id
        for index in range(1, args.answers):
            client.ask(QUESTIONS[index % len(QUESTIONS)], thread_id)
        asked = time.perf_counter() - started
        opens = []
        for _ in range(args.repeats):
            begun = time.perf_counter()
            response = client.get(f"/project/thread/{thread_id}")
            opens.append(time.perf_counter() - begun)
            assert response.status_code == 200
        steps, payload = len(response.json()["steps"]), len(response.content)
        resumes = []
        for _ in range(max(3, args.repeats // 3)):
            begun = time.perf_counter()
            client.resume(thread_id)
            resumes.append(time.perf_counter() - begun - 0.5)  # the client waits 0.5 s before leaving
        database, files = (after - before for after, before in zip(history_bytes(home), empty, strict=True))
        megabytes_per_1000 = 1000 / args.answers / 1e6
        print(f"answers in the thread: {args.answers} ({steps} steps), asked in {asked:.1f} s")
        print(
            f"open a {args.answers}-answer thread (GET /project/thread): median {statistics.median(opens) * 1000:.0f} ms"
            f" ({payload / 1e6:.1f} MB of JSON: charts and CSVs inline)"
        )
        print(f"resume it over the socket: median {statistics.median(resumes) * 1000:.0f} ms")
        print(f"history size per 1,000 answers: {(database + files) * megabytes_per_1000:.1f} MB "
              f"(SQLite {database * megabytes_per_1000:.1f} MB, element files {files * megabytes_per_1000:.1f} MB)")  # fmt: skip
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
