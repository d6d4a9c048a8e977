"""Login for the chat: demo users from guards/users.yml, checked against their salted hashes.

The signed session cookie only names the user; the role and attributes that drive every guard
decision are looked up again from users.yml when a chat starts, so a stale or edited cookie
cannot widen what a user may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from guards.principal import Principal, resolve_principal
from guards.users import authenticate, load_users


@dataclass(frozen=True)
class SignedInUser:
    """What the page shows about the user; `principal` is what the guards use."""

    principal: Principal
    display_name: str

    @property
    def badge(self) -> str:
        """'Erin East · regional_manager · region East': the header badge text."""
        parts = [self.display_name, self.principal.role]
        parts += [f"{key} {value}" for key, value in self.principal.attributes.items()]
        return " · ".join(parts)

    @property
    def attributes_text(self) -> str:
        pairs = ", ".join(f"{k} {v}" for k, v in self.principal.attributes.items())
        return f", {pairs}" if pairs else ""


def check_login(username: str, password: str) -> SignedInUser | None:
    """The user if the password matches, else None (the same answer for unknown users)."""
    principal = authenticate(username.strip(), password)
    if principal is None or principal.user is None:
        return None
    return signed_in(principal.user)


def signed_in(username: str) -> SignedInUser:
    """The user's current role and attributes from users.yml; CdmError for an unknown user."""
    principal = resolve_principal(user=username)
    account = load_users()[username]
    return SignedInUser(principal=principal, display_name=account.display_name)
