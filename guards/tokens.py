"""API tokens: bearer secrets bound to a user, stored only as SHA-256 hashes under CDM_HOME.

A token is shown once, when it is created; the store (`CDM_HOME/api_tokens.json`, mode 0600)
keeps its hash, the user it acts as, its expiry, an optional per-token rate limit and whether it was
revoked. A token carries no role: every request resolves the user's current role and attributes
through the user store, so a changed role applies at once and a removed user's tokens stop working.
Tokens are 256 random bits, so a plain SHA-256 is enough (no password-style slow hash needed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

from data.errors import CdmError
from data.file_lock import exclusive_lock
from data.settings import cdm_home
from guards.principal import Principal
from guards.principal_resolution import resolve_principal

TOKEN_PREFIX = "cdm_"
DEFAULT_DAYS = 90
MAX_DAYS = 3650
TokenState = Literal["ok", "unknown", "revoked", "expired", "no_user"]


@dataclass(frozen=True)
class TokenRecord:
    """What the store keeps about one token (never the token itself)."""

    token_id: str
    user: str
    token_hash: str
    created_at: str
    expires_at: str
    revoked_at: str | None = None
    rate_limit: int | None = None  # requests per minute; None means the server's default

    @property
    def expired(self) -> bool:
        return dt.datetime.fromisoformat(self.expires_at) <= _now()

    def as_json(self) -> dict[str, object]:
        """For listings: everything except the hash."""
        shown = asdict(self)
        shown.pop("token_hash")
        shown["state"] = "revoked" if self.revoked_at else "expired" if self.expired else "active"
        return shown


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of presenting a token: who it acts as, or why it is refused."""

    state: TokenState
    record: TokenRecord | None = None
    principal: Principal | None = None

    @property
    def ok(self) -> bool:
        return self.state == "ok"

    @property
    def user(self) -> str | None:
        return self.record.user if self.record else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def principal_for_user(user: str) -> Principal:
    """The user's current role and attributes from the user store (CdmError for an unknown user)."""
    return resolve_principal(user=user)


class TokenStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cdm_home() / "api_tokens.json"

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with exclusive_lock(self.path):
            yield

    def _read(self) -> list[TokenRecord]:
        if not self.path.exists():
            return []
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return [TokenRecord(**entry) for entry in raw["tokens"]]
        except (ValueError, KeyError, TypeError) as error:
            raise CdmError(
                f"the token store {self.path} is damaged ({type(error).__name__}); fix or remove it"
            ) from error

    def _write(self, records: list[TokenRecord]) -> None:
        """Atomically, readable by the owner only."""
        temporary = self.path.with_name(self.path.name + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump({"tokens": [asdict(r) for r in records]}, handle, indent=2)
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)

    def create(self, user: str, *, days: int = DEFAULT_DAYS, rate_limit: int | None = None) -> tuple[TokenRecord, str]:
        """A new token for an existing user; returns the record and the secret (shown once)."""
        if not 1 <= days <= MAX_DAYS:
            raise CdmError(f"--days must be between 1 and {MAX_DAYS}, not {days}")
        if rate_limit is not None and rate_limit < 1:
            raise CdmError(f"--rate-limit must be at least 1 request per minute, not {rate_limit}")
        principal_for_user(user)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        digest, now = hash_token(secret), _now()
        record = TokenRecord(
            token_id=digest[:12], user=user, token_hash=digest, created_at=now.isoformat(timespec="seconds"),
            expires_at=(now + dt.timedelta(days=days)).isoformat(timespec="seconds"), rate_limit=rate_limit,
        )  # fmt: skip
        with self._locked():
            self._write([*self._read(), record])
        return record, secret

    def revoke(self, user: str, token_id: str | None = None) -> list[TokenRecord]:
        """Revokes the user's active tokens (or the one with `token_id`); returns those revoked."""
        stamp = _now().isoformat(timespec="seconds")
        with self._locked():
            records = self._read()
            chosen = [r for r in records if r.user == user and not r.revoked_at and token_id in (None, r.token_id)]
            if token_id is not None and not chosen:
                raise CdmError(f"user {user} has no active token {token_id}; see `cdm users token list {user}`")
            revoked = {r.token_id: replace(r, revoked_at=stamp) for r in chosen}
            self._write([revoked.get(r.token_id, r) for r in records])
        return list(revoked.values())

    def list(self, user: str) -> list[TokenRecord]:
        return [r for r in self._read() if r.user == user]

    def check(self, token: str) -> TokenCheck:
        """Who a presented token acts as now, or why it is refused."""
        if not token.startswith(TOKEN_PREFIX):
            return TokenCheck("unknown")
        digest = hash_token(token)
        record = next((r for r in self._read() if secrets.compare_digest(r.token_hash, digest)), None)
        if record is None:
            return TokenCheck("unknown")
        if record.revoked_at:
            return TokenCheck("revoked", record)
        if record.expired:
            return TokenCheck("expired", record)
        try:
            return TokenCheck("ok", record, principal_for_user(record.user))
        except CdmError:
            return TokenCheck("no_user", record)
