"""`cdm users ...` as a person or a script runs it: a real subprocess on a temporary users file.

Passwords go in through stdin (`--password-stdin`) and never come out; without a terminal and
without that flag the command refuses instead of reading a password it could echo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guards.users import authenticate, load_users

CDM = [sys.executable, "-m", "cdm.cli"]


@pytest.fixture
def users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "accounts" / "users.yml"
    monkeypatch.setenv("CDM_USERS", str(path))
    return path


def cdm(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CDM, *args], input=stdin, capture_output=True, text=True, timeout=60, env=os.environ.copy())


def test_add_list_passwd_disable_and_set_role(users_file: Path) -> None:
    added = cdm("users", "add", "dana", "--role", "regional_manager", "--attr", "region=East",
                "--display-name", "Dana D", "--password-stdin", stdin="first-password-1\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "first-password-1" not in added.stdout + added.stderr
    text = users_file.read_text(encoding="utf-8")
    assert "first-password-1" not in text and "$argon2id$" in text
    assert users_file.stat().st_mode & 0o777 == 0o600
    assert authenticate("dana", "first-password-1") is not None

    listed = json.loads(cdm("users", "list", "--json").stdout)
    assert listed == [{"name": "dana", "role": "regional_manager", "attributes": {"region": "East"},
                       "display_name": "Dana D", "disabled": False, "demo": False}]  # fmt: skip

    assert cdm("users", "passwd", "dana", "--password-stdin", stdin="second-password-2\n").returncode == 0
    assert authenticate("dana", "first-password-1") is None and authenticate("dana", "second-password-2") is not None

    assert cdm("users", "set-role", "dana", "analyst", "--attr", "region=South").returncode == 0
    assert (load_users()["dana"].role, dict(load_users()["dana"].attributes)) == ("analyst", {"region": "South"})

    assert cdm("users", "disable", "dana").returncode == 0
    assert authenticate("dana", "second-password-2") is None and load_users()["dana"].disabled
    assert cdm("users", "enable", "dana").returncode == 0
    assert authenticate("dana", "second-password-2") is not None


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ("users", "add", "eve", "--role", "superuser", "--password-stdin"),
            "long-enough-pw\n",
            "unknown role superuser",
        ),
        (
            ("users", "add", "eve", "--role", "regional_manager", "--password-stdin"),
            "long-enough-pw\n",
            "needs the attribute region",
        ),
        (
            ("users", "add", "Eve Smith", "--role", "viewer", "--password-stdin"),
            "long-enough-pw\n",
            "invalid user name",
        ),
        (("users", "add", "eve", "--role", "viewer", "--password-stdin"), "short\n", "at least 10 characters"),
        (("users", "add", "eve", "--role", "viewer"), "", "pipe it with --password-stdin"),
        (("users", "passwd", "nobody", "--password-stdin"), "long-enough-pw\n", "unknown user nobody"),
        (("users", "set-role", "nobody", "viewer"), "", "unknown user nobody"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    users_file: Path, args: tuple[str, ...], stdin: str, message: str
) -> None:
    result = cdm(*args, stdin=stdin)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not users_file.exists()


def test_demo_users_are_written_only_when_asked_or_missing(users_file: Path) -> None:
    assert cdm("users", "add", "ops", "--role", "admin", "--password-stdin", stdin="ops-password-1\n").returncode == 0
    assert "exists; demo users not written" in cdm("users", "demo", "--if-missing").stdout
    assert set(load_users()) == {"ops"}
    assert cdm("users", "demo").returncode == 0
    accounts = load_users()
    assert set(accounts) == {"ops", "admin", "alice", "erin", "sam", "mia", "victor"}
    assert accounts["erin"].demo and not accounts["ops"].demo
    assert authenticate("erin", "east-demo-pw") is not None
    assert cdm("users", "passwd", "erin", "--password-stdin", stdin="a-real-password\n").returncode == 0
    assert not load_users()["erin"].demo  # a changed password is no longer a public demo password


def test_the_cli_user_option_still_names_demo_users_without_a_users_file(users_file: Path) -> None:
    result = cdm("guard", "SELECT region FROM customers", "--user", "erin", "--json")
    assert result.returncode == 0, result.stderr
    assert "East" in result.stdout
