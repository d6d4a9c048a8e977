"""Changes to the users file: add, change a password, disable, change a role, write the demo users.

Each function reads the file, changes one account, checks the role and attributes against the
policies, and writes the file back atomically (guards.users.save_users). Errors are CdmError with a
one-line message for the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from data.errors import CdmError
from guards.principal_resolution import check_attributes
from guards.users import UserAccount, demo_accounts, hash_password, load_users, save_users, users_path

USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
MIN_PASSWORD_LENGTH = 10


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CdmError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    return hash_password(password)


def _existing(name: str) -> tuple[dict[str, UserAccount], UserAccount]:
    accounts = dict(load_users())
    if name not in accounts:
        raise CdmError(f"unknown user {name} in {users_path()}")
    return accounts, accounts[name]


def add_user(
    name: str, role: str, password: str, *, attributes: Mapping[str, str] | None = None, display_name: str = ""
) -> UserAccount:
    if not USER_NAME.match(name):
        raise CdmError(f"invalid user name {name!r}: lower-case letters, digits and . _ @ - (at most 64)")
    accounts = dict(load_users())
    if name in accounts:
        raise CdmError(f"user {name} already exists (use `cdm users passwd` or `set-role`)")
    check_attributes(role, attributes or {})
    account = UserAccount(name, role, attributes or {}, _checked_password(password), display_name or name)
    accounts[name] = account
    save_users(accounts)
    return account


def set_password(name: str, password: str) -> UserAccount:
    accounts, account = _existing(name)
    accounts[name] = replace(account, password_hash=_checked_password(password), demo=False)
    save_users(accounts)
    return accounts[name]


def set_disabled(name: str, disabled: bool = True) -> UserAccount:
    accounts, account = _existing(name)
    accounts[name] = replace(account, disabled=disabled)
    save_users(accounts)
    return accounts[name]


def set_role(name: str, role: str, attributes: Mapping[str, str] | None = None) -> UserAccount:
    accounts, account = _existing(name)
    new_attributes = dict(account.attributes) if attributes is None else dict(attributes)
    check_attributes(role, new_attributes)
    accounts[name] = replace(account, role=role, attributes=new_attributes)
    save_users(accounts)
    return accounts[name]


def write_demo_users(path: Path | None = None, *, only_if_missing: bool = False) -> bool:
    """Adds the demo users (marked demo) to the users file; True if the file was written.

    With `only_if_missing`, an existing users file is left alone (what `make run` does)."""
    target = path or users_path()
    if only_if_missing and target.exists():
        return False
    accounts = dict(load_users(target))
    accounts.update({name: account for name, account in demo_accounts().items() if name not in accounts})
    save_users(accounts, target)
    return True
