"""Policies, principals and demo users: the data the guard decides with (account management: tests/accounts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import guards
from data.errors import CdmError
from guards.accounts import write_demo_users
from guards.policy import column_action, load_policies, policy_fingerprint
from guards.principal import Principal
from guards.principal_resolution import resolve_principal
from guards.service import row_filter_sql
from guards.users import authenticate, load_users

DEMO_PASSWORDS = {
    "admin": "admin-demo-pw",
    "alice": "analyst-demo-pw",
    "erin": "east-demo-pw",
    "sam": "south-demo-pw",
    "mia": "marketing-demo-pw",
    "victor": "viewer-demo-pw",
}


def test_required_roles_and_their_limits() -> None:
    roles = load_policies().roles
    assert {"admin", "analyst", "regional_manager", "marketing", "viewer"} <= set(roles)
    assert roles["viewer"].aggregate_only and roles["viewer"].min_group_size == 10 and not roles["viewer"].free_sql
    assert roles["marketing"].aggregate_only and roles["marketing"].min_group_size == 10
    assert roles["analyst"].free_sql and not roles["analyst"].aggregate_only
    assert roles["regional_manager"].required_attributes == ("region",)


def test_column_actions() -> None:
    analyst, viewer = Principal(None, "analyst", {}), Principal(None, "viewer", {})
    assert column_action(analyst, "customers", "phone").function == "phone"
    assert column_action(analyst, "customers", "full_name").kind == "mask"
    assert column_action(analyst, "customers", "id_number").kind == "deny"
    assert column_action(analyst, "customers", "birth_date").kind == "deny"
    assert column_action(analyst, "customer_profile", "age_band").kind == "allow"
    assert column_action(viewer, "customers", "email").kind == "deny"
    assert column_action(viewer, "reviews", "review_text").kind == "deny"
    assert column_action(Principal(None, "admin", {}), "customers", "id_number").kind == "allow"


def test_row_filters_propagate_along_foreign_keys() -> None:
    east = Principal(None, "regional_manager", {"region": "East"})
    assert row_filter_sql(east, "customers") == "region = 'East'"
    assert (
        row_filter_sql(east, "reviews")
        == "customer_id IN (SELECT customer_id FROM main.customers WHERE region = 'East')"
    )
    assert "main.orders" in (row_filter_sql(east, "order_items") or "")
    assert row_filter_sql(east, "stores") == "region = 'East'"
    assert row_filter_sql(east, "products") is None
    assert row_filter_sql(Principal(None, "analyst", {}), "orders") is None
    assert "marketing_consent = TRUE" in (row_filter_sql(Principal(None, "marketing", {}), "support_tickets") or "")


def test_attribute_values_become_literals() -> None:
    sneaky = Principal(None, "regional_manager", {"region": "East' OR '1'='1"})
    assert row_filter_sql(sneaky, "customers") == "region = 'East'' OR ''1''=''1'"


def test_resolve_principal() -> None:
    assert resolve_principal().role == "viewer"
    erin = resolve_principal(user="erin")
    assert (erin.role, dict(erin.attributes)) == ("regional_manager", {"region": "East"})
    assert resolve_principal(role="regional_manager", attrs={"region": "South"}).attributes["region"] == "South"
    for kwargs in (
        {"role": "superuser"},
        {"user": "nobody"},
        {"role": "regional_manager"},
        {"role": "regional_manager", "attrs": {"region": "Atlantis"}},
        {"user": "erin", "attrs": {"region": "South"}},
        {"user": "erin", "role": "admin"},
    ):
        with pytest.raises(CdmError):
            resolve_principal(**kwargs)  # type: ignore[arg-type]


@pytest.fixture
def demo_users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A users file holding the demo users, outside the package (as `make run` writes it)."""
    path = tmp_path / "users.yml"
    monkeypatch.setenv("CDM_USERS", str(path))
    assert write_demo_users(only_if_missing=True)
    return path


def test_demo_users_cover_every_role_with_hashed_passwords(demo_users_file: Path) -> None:
    users = load_users()
    assert {u.role for u in users.values()} >= set(load_policies().roles)
    managers = {u.attributes.get("region") for u in users.values() if u.role == "regional_manager"}
    assert {"East", "South"} <= managers
    text = demo_users_file.read_text(encoding="utf-8")
    assert not any(password in text for password in DEMO_PASSWORDS.values())
    assert all(
        re.fullmatch(r"\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[^$]+\$[^$]+", u.password_hash) for u in users.values()
    )
    assert len({u.password_hash.split("$")[4] for u in users.values()}) == len(users)  # distinct salts
    assert all(u.demo for u in users.values())
    assert demo_users_file.stat().st_mode & 0o777 == 0o600
    assert not (Path(guards.__file__).parent / "users.yml").exists()  # no accounts inside the package


def test_authenticate(demo_users_file: Path) -> None:
    for name, password in DEMO_PASSWORDS.items():
        principal = authenticate(name, password)
        assert principal is not None and principal.user == name
    assert authenticate("alice", "wrong") is None
    assert authenticate("nobody", "analyst-demo-pw") is None
    assert authenticate("sam", "south-demo-pw") == Principal("sam", "regional_manager", {"region": "South"})


def test_without_a_users_file_nobody_signs_in_but_the_cli_knows_the_demo_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDM_USERS", str(tmp_path / "absent.yml"))
    assert load_users() == {}
    assert all(authenticate(name, password) is None for name, password in DEMO_PASSWORDS.items())
    assert resolve_principal(user="erin").attributes["region"] == "East"  # `cdm ask --user erin`
    with pytest.raises(CdmError):
        resolve_principal(user="erin", accounts=load_users())  # what the chat resolves against


def test_policy_fingerprint_is_stable() -> None:
    assert policy_fingerprint() == policy_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{16}", policy_fingerprint())
