"""Sign-in for the chat: passwords against the users file (CDM_USERS), a trusted reverse proxy's
header, or the company's OpenID Connect issuer (cdm/ui/oidc.py).

The signed session cookie names the user and how they signed in. For password and header users
the role and attributes that drive every guard decision are looked up again in the users file
when a chat starts or resumes, so a stale cookie cannot widen what a user may see and a disabled
account stops working. OIDC users carry the principal their claims mapped to at sign-in (checked
against the policies again here); there is no local account to re-read.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cdm.ui.sign_in_guard import THROTTLE, audit_failed_sign_in
from data.errors import CdmError
from data.settings import setting
from guards.principal import FrozenAttributes, Principal
from guards.principal_resolution import check_attributes, resolve_principal
from guards.users import authenticate, load_users

PASSWORD, HEADER, OIDC = "password", "header", "oidc"
PROXY_SECRET_HEADER = "x-cdm-proxy-secret"


@dataclass(frozen=True)
class SignedInUser:
    """What the page shows about the user; `principal` is what the guards use."""

    principal: Principal
    display_name: str
    demo: bool = False
    provider: str = PASSWORD

    @property
    def badge(self) -> str:
        """'Erin East · regional_manager · region East': the header badge text ('Demo account: ...'
        for the demo users, whose passwords are public)."""
        parts = [self.display_name, self.principal.role]
        parts += [f"{key} {value}" for key, value in self.principal.attributes.items()]
        return ("Demo account: " if self.demo else "") + " · ".join(parts)

    @property
    def attributes_text(self) -> str:
        pairs = ", ".join(f"{k} {v}" for k, v in self.principal.attributes.items())
        return f", {pairs}" if pairs else ""

    def metadata(self) -> dict[str, Any]:
        """What the session cookie carries (Chainlit's User.metadata)."""
        principal = self.principal
        return {
            "role": principal.role, "attributes": dict(principal.attributes), "badge": self.badge,
            "provider": self.provider, "demo": self.demo,
        }  # fmt: skip


def check_login(username: str, password: str) -> SignedInUser | None:
    """The user if the password matches, else None (the same answer for unknown users).

    Every failure is audited; after too many recent failures the name is refused unchecked."""
    name = username.strip()
    if THROTTLE.is_locked(name):
        audit_failed_sign_in(name, PASSWORD, "too many failed attempts; try again in a few minutes")
        return None
    principal = authenticate(name, password)
    if principal is None or principal.user is None:
        THROTTLE.failed(name)
        audit_failed_sign_in(name, PASSWORD, "unknown user, disabled account or wrong password")
        return None
    THROTTLE.succeeded(name)
    return signed_in(principal.user)


def signed_in(username: str, provider: str = PASSWORD) -> SignedInUser:
    """The user's current role and attributes from the users file; CdmError for an unknown or
    disabled user (the demo users count only once they are in the users file)."""
    accounts = load_users()
    principal = resolve_principal(user=username, accounts=accounts)
    account = accounts[username]
    return SignedInUser(principal=principal, display_name=account.display_name, demo=account.demo, provider=provider)


def from_session(identifier: str, display_name: str | None, metadata: Mapping[str, Any] | None) -> SignedInUser:
    """The signed-in user of a chat, from Chainlit's session user; CdmError if no longer valid."""
    metadata = metadata or {}
    provider = str(metadata.get("provider") or PASSWORD)
    if provider != OIDC:
        return signed_in(identifier, provider if provider == HEADER else PASSWORD)
    role = str(metadata.get("role") or "")
    attributes = {str(k): str(v) for k, v in dict(metadata.get("attributes") or {}).items()}
    check_attributes(role, attributes)
    principal = Principal(user=identifier, role=role, attributes=FrozenAttributes(attributes))
    return SignedInUser(principal=principal, display_name=display_name or identifier, provider=OIDC)


def header_auth_configured() -> bool:
    return bool(setting("CDM_AUTH_HEADER") and setting("CDM_PROXY_SECRET"))


def header_sign_in(headers: Mapping[str, str]) -> SignedInUser | None:
    """The user a trusted reverse proxy vouches for: it must send the shared secret and the name
    of an enabled account of the users file; anything else is refused and audited."""
    if not header_auth_configured():
        return None
    header, secret = setting("CDM_AUTH_HEADER").lower(), setting("CDM_PROXY_SECRET")
    lowered = {key.lower(): value for key, value in headers.items()}
    name = lowered.get(header, "").strip()
    if not hmac.compare_digest(lowered.get(PROXY_SECRET_HEADER, "").encode(), secret.encode()):
        audit_failed_sign_in(name, HEADER, "the request did not come through the trusted proxy")
        return None
    try:
        return signed_in(name, HEADER)
    except (CdmError, KeyError):
        audit_failed_sign_in(name, HEADER, "no enabled account of that name in the users file")
        return None
