"""The user directory: accounts in a YAML file outside the package (CDM_USERS, default
$CDM_HOME/users.yml), passwords only as argon2id hashes (argon2-cffi).

Reading is cached per file version, so `cdm users passwd` or `disable` takes effect at the next
sign-in without a restart. Writing is atomic and leaves the file readable by its owner only.
While no users file exists, the CLI's `--user` resolves against the demo users
(`cli_directory`); sign-in never does (`authenticate` reads the users file only).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from data.settings import cdm_home, setting
from guards.principal import FrozenAttributes, Principal

DEMO_USERS_FILE = Path(__file__).with_name("demo_users.yml")
_HASHER = PasswordHasher()
_EQUALISER = _HASHER.hash("timing-equaliser")


@dataclass(frozen=True)
class UserAccount:
    name: str
    role: str
    attributes: Mapping[str, str] = field(default_factory=FrozenAttributes)
    password_hash: str = ""
    display_name: str = ""
    disabled: bool = False
    demo: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.attributes, FrozenAttributes):
            object.__setattr__(self, "attributes", FrozenAttributes(self.attributes))
        if not self.display_name:
            object.__setattr__(self, "display_name", self.name)


def users_path() -> Path:
    explicit = setting("CDM_USERS")
    return Path(explicit).expanduser() if explicit else cdm_home() / "users.yml"


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password: str, stored: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _account(name: str, entry: Mapping[str, object]) -> UserAccount:
    raw_attributes = entry.get("attributes") or {}
    assert isinstance(raw_attributes, Mapping)
    return UserAccount(
        name=name,
        role=str(entry["role"]),
        attributes=FrozenAttributes({str(k): str(v) for k, v in raw_attributes.items()}),
        password_hash=str(entry.get("password_hash") or ""),
        display_name=str(entry.get("display_name") or name),
        disabled=bool(entry.get("disabled", False)),
        demo=bool(entry.get("demo", False)),
    )


@cache
def _read(path: Path, _version: tuple[int, int]) -> Mapping[str, UserAccount]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(name): _account(str(name), entry) for name, entry in (raw.get("users") or {}).items()}


def load_users(path: Path | None = None) -> Mapping[str, UserAccount]:
    """The accounts in the users file; empty when there is no users file."""
    path = path or users_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    return _read(path, (stat.st_mtime_ns, stat.st_size))


def save_users(accounts: Mapping[str, UserAccount], path: Path | None = None) -> Path:
    """Writes the users file atomically with 0600 permissions."""
    path = path or users_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"users": {name: _entry(account) for name, account in sorted(accounts.items())}}
    text = "# Managed by `cdm users`; passwords are argon2id hashes.\n" + yaml.safe_dump(document, sort_keys=False)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".users-", suffix=".yml")
    with os.fdopen(handle, "w", encoding="utf-8") as output:
        output.write(text)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
    return path


def _entry(account: UserAccount) -> dict[str, object]:
    entry: dict[str, object] = {"role": account.role, "display_name": account.display_name}
    if account.attributes:
        entry["attributes"] = dict(account.attributes)
    entry["password_hash"] = account.password_hash
    if account.disabled:
        entry["disabled"] = True
    if account.demo:
        entry["demo"] = True
    return entry


@cache
def demo_definitions() -> Mapping[str, Mapping[str, object]]:
    """The demo users with their public passwords, as written in demo_users.yml."""
    raw = yaml.safe_load(DEMO_USERS_FILE.read_text(encoding="utf-8"))["users"]
    return {str(name): dict(entry) for name, entry in raw.items()}


def demo_accounts(*, with_hashes: bool = True) -> dict[str, UserAccount]:
    """The demo users as accounts marked `demo` (hashing costs ~50 ms each; skip it to resolve names)."""
    accounts = {}
    for name, entry in demo_definitions().items():
        password_hash = hash_password(str(entry["password"])) if with_hashes else ""
        accounts[name] = _account(name, {**entry, "password_hash": password_hash, "demo": True})
    return accounts


def cli_directory() -> Mapping[str, UserAccount]:
    """Who `--user` may name: the users file, or the demo users while no users file exists."""
    if users_path().exists():
        return load_users()
    return demo_accounts(with_hashes=False)


def authenticate(username: str, password: str) -> Principal | None:
    """The user's principal if the password matches an enabled account of the users file, else
    None (the same answer, and about the same time, for unknown and disabled users)."""
    account = load_users().get(username)
    if account is None or account.disabled or not account.password_hash:
        verify_password(password, _EQUALISER)
        return None
    if not verify_password(password, account.password_hash):
        return None
    return Principal(user=account.name, role=account.role, attributes=account.attributes)
