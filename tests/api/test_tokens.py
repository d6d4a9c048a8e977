"""The token store with a real users file: a token acts as its user's current role, and stops
when the user is disabled; hashes only, 0600, expiry bounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.errors import CdmError
from guards.tokens import TokenStore
from guards.users import UserAccount, save_users


def test_tokens_follow_the_users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDM_HOME", str(tmp_path))
    save_users({"nora": UserAccount(name="nora", role="regional_manager", attributes={"region": "North"})})
    store = TokenStore()
    record, token = store.create("nora", days=3)
    assert store.path == tmp_path / "api_tokens.json" and token not in store.path.read_text()
    assert record.token_hash in store.path.read_text() and store.path.stat().st_mode & 0o777 == 0o600
    check = store.check(token)
    assert check.ok and check.principal is not None and check.principal.role == "regional_manager"
    assert dict(check.principal.attributes) == {"region": "North"}

    save_users({"nora": UserAccount(name="nora", role="analyst")})  # a changed role applies at once
    promoted = store.check(token).principal
    assert promoted is not None and promoted.role == "analyst" and dict(promoted.attributes) == {}
    save_users({"nora": UserAccount(name="nora", role="analyst", disabled=True)})
    assert store.check(token).state == "no_user"
    assert store.check(token + "x").state == store.check("not-ours").state == "unknown"


def test_token_creation_checks_its_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDM_HOME", str(tmp_path))
    store = TokenStore()
    for kwargs in ({"days": 0}, {"days": 3651}, {"rate_limit": 0}):
        with pytest.raises(CdmError):
            store.create("alice", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(CdmError, match="unknown user"):
        store.create("nobody")
    with pytest.raises(CdmError, match="no active token"):
        store.revoke("alice", "feedfeedfeed")
    store.path.write_text("{not json")
    with pytest.raises(CdmError, match="damaged"):
        store.check("cdm_anything")
