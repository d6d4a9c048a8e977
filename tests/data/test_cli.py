"""`cdm data` as a user runs it: one-line errors, non-zero exits, an existing warehouse never destroyed."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CDM = str(Path(sys.executable).parent / "cdm")


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CDM_HOME": str(home)}
    return subprocess.run([CDM, *args], capture_output=True, text=True, env=env, timeout=120, check=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture(scope="module")
def existing(tmp_path_factory: pytest.TempPathFactory, tiny_warehouse: Path) -> Path:
    """A private copy of a built warehouse that the failing commands must leave untouched."""
    path = tmp_path_factory.mktemp("cli") / "warehouse.duckdb"
    path.write_bytes(tiny_warehouse.read_bytes())
    return path


def test_unknown_scale(tmp_path):
    result = run("data", "build", "--scale", "huge", "--path", str(tmp_path / "w.duckdb"), home=tmp_path)
    assert_one_line_error(result, "unknown scale 'huge'")
    assert not (tmp_path / "w.duckdb").exists()


def test_unwritable_path(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    result = run("data", "build", "--scale", "tiny", "--path", str(blocker / "sub" / "w.duckdb"), home=tmp_path)
    assert_one_line_error(result, "cannot create folder")


def test_existing_file_without_force_is_untouched(existing, tmp_path):
    before = digest(existing)
    result = run("data", "build", "--scale", "tiny", "--path", str(existing), home=tmp_path)
    assert_one_line_error(result, "already exists; pass --force")
    assert digest(existing) == before


def test_interrupted_build_keeps_the_existing_warehouse(existing, tmp_path):
    before = digest(existing)
    env = {**os.environ, "CDM_HOME": str(tmp_path)}
    args = [CDM, "data", "build", "--scale", "default", "--force", "--path", str(existing)]
    # a shell running the tests in the background ignores SIGINT, and children inherit that: give
    # the build the default disposition a terminal's Ctrl-C meets
    process = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(existing.parent.glob(".*.building")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    for _ in range(30):  # Ctrl-C, again each second if the first one was not seen, as a user would
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=1)
            break
        except subprocess.TimeoutExpired:
            continue
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0 and "Traceback" not in stderr
    assert digest(existing) == before
    assert not list(existing.parent.glob(".*.building*"))


def test_summary_without_a_warehouse(tmp_path):
    result = run("data", "summary", home=tmp_path)
    assert_one_line_error(result, "no warehouse at")
    assert "run `cdm data build`" in result.stderr


def test_build_then_summary(tmp_path):
    target = tmp_path / "fresh.duckdb"
    built = run("data", "build", "--scale", "tiny", "--seed", "7", "--path", str(target), home=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "orders" in built.stdout and target.exists()
    summary = json.loads(run("data", "summary", "--json", "--path", str(target), home=tmp_path).stdout)
    assert summary["seed"] == "7" and summary["as_of_date"] == "2026-09-30"
    assert {m["name"] for m in summary["channel_mix"]} == {
        "web",
        "app",
        "mini_program",
        "marketplace",
        "live_stream",
        "store",
    }
    text = run("data", "summary", "--path", str(target), home=tmp_path)
    assert text.returncode == 0 and "Channel mix" in text.stdout and "truth_review_theme" not in text.stdout
    forced = run("data", "build", "--scale", "tiny", "--force", "--path", str(target), home=tmp_path)
    assert forced.returncode == 0, forced.stderr
