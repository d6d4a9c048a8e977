"""A throw-away PostgreSQL cluster on loopback for the history tests: Debian's initdb/pg_ctl in a
temporary folder, run as an unprivileged user (`postgres`, or ourselves when not root), trust
authentication on 127.0.0.1 only, stopped (by its own pg_ctl) when the session ends."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENSURE_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "ensure_postgres.sh"


class PostgresUnavailable(Exception):
    """Why no cluster could be started (the tests skip with this reason)."""


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runner = shutil.which("runuser") or shutil.which("su")
    if runner is None:
        raise PostgresUnavailable("running as root without runuser/su to start PostgreSQL as a normal user")
    return (
        [runner, "-u", "postgres", "--", *command]
        if runner.endswith("runuser")
        else [runner, "postgres", "-c", " ".join(command)]
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(command: list[str]) -> None:
    result = subprocess.run(_as_user(command), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise PostgresUnavailable(f"{Path(command[0]).name} failed: {(result.stderr or result.stdout).strip()[-400:]}")


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yields a SQLAlchemy URL (postgresql+asyncpg) of a fresh database `cdm` on loopback; the
    cluster lives in its own folder directly under the temp dir (the `postgres` user must reach it)."""
    if _bin_dir() is None:
        subprocess.run(["bash", str(ENSURE_SCRIPT)], timeout=900, check=False)
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable(
            "Debian's postgresql is not installed and scripts/ensure_postgres.sh could not install it"
        )
    folder = Path(tempfile.mkdtemp(prefix="cdm-pg-"))
    data, port = folder / "pgdata", _free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    _run([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "cdm", "--no-sync", "-E", "UTF8"])
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off"
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "start"])
    try:
        _run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "cdm", "cdm"])
        yield f"postgresql+asyncpg://cdm@127.0.0.1:{port}/cdm"
    finally:
        _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)
