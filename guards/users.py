"""Demo users for the CLI `--user` option and the chat UI login; passwords only as salted hashes.

Hashes are PBKDF2-HMAC-SHA256 from the standard library, stored as
`pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from guards.principal import FrozenAttributes, Principal

USERS_FILE = Path(__file__).with_name("users.yml")
ITERATIONS = 120_000


@dataclass(frozen=True)
class UserAccount:
    name: str
    role: str
    attributes: Mapping[str, str]
    password_hash: str
    display_name: str


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, expected = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(digest.hex(), expected)


@cache
def load_users(path: Path = USERS_FILE) -> Mapping[str, UserAccount]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["users"]
    return {
        name: UserAccount(
            name=name,
            role=str(entry["role"]),
            attributes=FrozenAttributes({k: str(v) for k, v in (entry.get("attributes") or {}).items()}),
            password_hash=str(entry["password_hash"]),
            display_name=str(entry.get("display_name", name)),
        )
        for name, entry in raw.items()
    }


def authenticate(username: str, password: str) -> Principal | None:
    """The user's principal if the password matches, else None (same answer for unknown users)."""
    account = load_users().get(username)
    if account is None:
        verify_password(password, hash_password("timing-equaliser"))
        return None
    if not verify_password(password, account.password_hash):
        return None
    return Principal(user=account.name, role=account.role, attributes=account.attributes)
