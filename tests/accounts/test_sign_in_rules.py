"""Who gets in: identity-provider claims mapped to roles by the policy file (no match, no access),
failed password sign-ins audited and throttled, the trusted proxy's header only with its secret,
and the installation's session secret kept private."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdm.ui.auth import check_login, header_sign_in
from cdm.ui.installation import SECRET_FILE, allowed_origins, installation_secret
from cdm.ui.sign_in_guard import THROTTLE, SignInThrottle
from guards.accounts import write_demo_users
from guards.audit import AuditLog
from guards.identity_mapping import load_identity_mapping, principal_for_claims

MAPPING = """
user_claim: preferred_username
groups_claim: groups
rules:
  - {group: cdm-admins, role: admin}
  - {group: sales-east, role: regional_manager, attributes: {region: East}}
  - {claims: {department: marketing}, role: marketing}
  - {group: sales-managers, role: regional_manager, attributes_from_claims: {region: sales_region}}
"""


@pytest.fixture
def mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "identity_mapping.yml"
    path.write_text(MAPPING, encoding="utf-8")
    monkeypatch.setenv("CDM_IDENTITY_MAPPING", str(path))
    return path


@pytest.fixture
def demo_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "users.yml"
    monkeypatch.setenv("CDM_USERS", str(path))
    write_demo_users(path)
    THROTTLE.succeeded("alice")
    return path


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"preferred_username": "ada", "groups": ["staff", "cdm-admins"]}, ("oidc:ada", "admin", {})),
        ({"preferred_username": "eve", "groups": "sales-east"}, ("oidc:eve", "regional_manager", {"region": "East"})),
        ({"preferred_username": "max", "department": "marketing"}, ("oidc:max", "marketing", {})),
        ({"preferred_username": "sue", "groups": ["sales-managers"], "sales_region": "South"},
         ("oidc:sue", "regional_manager", {"region": "South"})),
    ],
)  # fmt: skip
def test_claims_and_groups_map_to_roles(mapping: Path, claims: dict[str, object], expected: tuple[object, ...]) -> None:
    principal = principal_for_claims(claims, load_identity_mapping())
    assert principal is not None
    assert (principal.user, principal.role, dict(principal.attributes)) == expected


@pytest.mark.parametrize(
    "claims",
    [
        {"preferred_username": "bob", "groups": ["staff"]},  # no rule matches: not viewer by default
        {"groups": ["cdm-admins"]},  # no user name claim
        {"preferred_username": "sue", "groups": ["sales-managers"], "sales_region": "Atlantis"},  # invalid region
        {"preferred_username": "sue", "groups": ["sales-managers"]},  # the required attribute is missing
    ],
)
def test_unknown_or_unmapped_identities_get_no_access(mapping: Path, claims: dict[str, object]) -> None:
    assert principal_for_claims(claims, load_identity_mapping()) is None


def test_without_a_mapping_file_nobody_is_mapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDM_IDENTITY_MAPPING", str(tmp_path / "absent.yml"))
    assert (
        principal_for_claims({"preferred_username": "ada", "groups": ["cdm-admins"]}, load_identity_mapping()) is None
    )


def test_failed_sign_ins_are_audited_and_then_refused_unchecked(demo_users: Path) -> None:
    for _ in range(5):
        assert check_login("alice", "guess") is None
    assert check_login("alice", "analyst-demo-pw") is None  # locked: even the right password waits
    entries = [e for e in AuditLog().tail(6) if e.origin == "sign_in"]
    assert len(entries) == 6 and all(e.decision == "blocked" and e.user == "alice" for e in entries)
    assert "too many failed attempts" in (entries[-1].question or "")
    assert all("guess" not in (e.question or "") for e in entries)  # the typed password is never logged
    THROTTLE.succeeded("alice")
    assert check_login("alice", "analyst-demo-pw") is not None


def test_the_throttle_forgets_old_failures() -> None:
    throttle = SignInThrottle(max_failures=2, window=10, lockout=10)
    throttle.failed("x", now=0)
    throttle.failed("x", now=1)
    assert throttle.is_locked("x", now=2) and not throttle.is_locked("y", now=2)
    assert not throttle.is_locked("x", now=30)


def test_header_sign_in_needs_the_proxy_secret_and_an_enabled_account(
    demo_users: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert header_sign_in({"X-Forwarded-User": "alice"}) is None  # off unless configured
    monkeypatch.setenv("CDM_AUTH_HEADER", "X-Forwarded-User")
    monkeypatch.setenv("CDM_PROXY_SECRET", "proxy-secret-123")
    assert header_sign_in({"X-Forwarded-User": "alice"}) is None  # not through the proxy
    assert header_sign_in({"X-Forwarded-User": "alice", "X-CDM-Proxy-Secret": "wrong"}) is None
    assert header_sign_in({"X-Forwarded-User": "mallory", "X-CDM-Proxy-Secret": "proxy-secret-123"}) is None
    user = header_sign_in({"x-forwarded-user": "erin", "x-cdm-proxy-secret": "proxy-secret-123"})
    assert user is not None and user.principal.attributes["region"] == "East" and user.provider == "header"


def test_the_session_secret_is_made_once_and_private(tmp_path: Path) -> None:
    first = installation_secret(tmp_path)
    assert len(first) >= 48 and installation_secret(tmp_path) == first
    assert (tmp_path / SECRET_FILE).stat().st_mode & 0o777 == 0o600


def test_only_the_public_origin_is_allowed() -> None:
    assert allowed_origins("http://127.0.0.1:8000") == ["http://127.0.0.1:8000", "http://localhost:8000"]
    assert allowed_origins("https://cdm.example.com") == ["https://cdm.example.com"]


def test_https_public_url_makes_the_session_cookies_secure(monkeypatch: pytest.MonkeyPatch) -> None:
    import chainlit.auth.cookie as cookie
    from chainlit.config import config

    from cdm.ui.installation import apply_web_security

    monkeypatch.setattr(cookie, "_cookie_secure", False)
    monkeypatch.setattr(config.project, "allow_origins", ["*"])
    monkeypatch.setenv("CDM_PUBLIC_URL", "https://cdm.example.com/")
    apply_web_security()
    assert cookie._cookie_secure is True  # type: ignore[attr-defined]
    assert config.project.allow_origins == ["https://cdm.example.com"]


def test_demo_accounts_are_marked_in_the_chat_badge(demo_users: Path) -> None:
    from guards.accounts import add_user

    erin = check_login("erin", "east-demo-pw")
    assert erin is not None and erin.badge.startswith("Demo account: Erin East")
    add_user("ops", "admin", "ops-password-1", display_name="Ops")
    ops = check_login("ops", "ops-password-1")
    assert ops is not None and ops.badge == "Ops · admin"
