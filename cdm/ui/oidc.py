"""Company sign-in through a generic OpenID Connect issuer, as a Chainlit OAuth provider.

Configured by CDM_OIDC_ISSUER, CDM_OIDC_CLIENT_ID, CDM_OIDC_CLIENT_SECRET (and CDM_OIDC_SCOPES).
The issuer's discovery document names the endpoints. After the authorization-code exchange the ID
token's signature (the issuer's JWKS), issuer, audience and expiry are checked with joserfc
(Authlib's JOSE library); the userinfo endpoint's claims are merged in when its subject matches.
Roles come from guards.identity_mapping; an identity no rule maps is refused and audited.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

import chainlit.oauth_providers as providers
import httpx
from chainlit.oauth_providers import OAuthProvider
from chainlit.user import User
from fastapi import HTTPException
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from cdm.ui.auth import OIDC, SignedInUser
from cdm.ui.sign_in_guard import audit_failed_sign_in
from data.settings import setting
from guards.identity_mapping import load_identity_mapping, principal_for_claims

PROVIDER_ID = "oidc"
TIMEOUT_SECONDS = 10.0
LEEWAY_SECONDS = 60
log = logging.getLogger(__name__)


class OidcProvider(OAuthProvider):
    id = PROVIDER_ID
    env = ["CDM_OIDC_ISSUER", "CDM_OIDC_CLIENT_ID", "CDM_OIDC_CLIENT_SECRET"]  # noqa: RUF012 (Chainlit's shape)

    def __init__(self, discovery: Mapping[str, Any], jwks: Mapping[str, Any]) -> None:
        self.issuer = str(discovery["issuer"])
        self.client_id = setting("CDM_OIDC_CLIENT_ID")
        self.client_secret = setting("CDM_OIDC_CLIENT_SECRET")
        self.authorize_url = str(discovery["authorization_endpoint"])
        self.token_url = str(discovery["token_endpoint"])
        self.userinfo_url = str(discovery.get("userinfo_endpoint") or "")
        self.keys = KeySet.import_key_set(dict(jwks))  # type: ignore[arg-type]
        self.authorize_params = {"scope": setting("CDM_OIDC_SCOPES"), "response_type": "code"}
        self._id_tokens: dict[str, str] = {}

    async def get_raw_token_response(self, code: str, url: str) -> dict[str, Any]:
        payload = {"grant_type": "authorization_code", "code": code, "redirect_uri": url}
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
            response = await client.post(self.token_url, data=payload, auth=(self.client_id, self.client_secret))
            response.raise_for_status()
            return dict(response.json())

    async def get_token(self, code: str, url: str) -> str:
        tokens = await self.get_raw_token_response(code, url)
        access_token, id_token = str(tokens.get("access_token") or ""), str(tokens.get("id_token") or "")
        if not access_token or not id_token:
            raise HTTPException(status_code=400, detail="the issuer sent no access token or ID token")
        self._id_tokens[access_token] = id_token
        return access_token

    def verified_claims(self, id_token: str) -> dict[str, Any]:
        """The ID token's claims once its signature, issuer, audience and expiry are checked."""
        token = jwt.decode(id_token, self.keys)
        registry = jwt.JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS, iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.client_id}, exp={"essential": True}, sub={"essential": True},
        )  # fmt: skip
        registry.validate(token.claims)
        return dict(token.claims)

    async def get_user_info(self, token: str) -> tuple[dict[str, Any], User]:
        id_token = self._id_tokens.pop(token, "")
        try:
            claims = self.verified_claims(id_token)
        except (JoseError, ValueError) as error:
            raise HTTPException(status_code=401, detail=f"invalid ID token: {type(error).__name__}") from None
        if self.userinfo_url:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
                response = await client.get(self.userinfo_url, headers={"Authorization": f"Bearer {token}"})
                response.raise_for_status()
                info = dict(response.json())
            if info.get("sub") == claims["sub"]:
                claims = {**info, **claims}
        return claims, User(identifier=str(claims["sub"]), metadata={"provider": OIDC})


def oidc_configured() -> bool:
    return all(os.environ.get(name) for name in OidcProvider.env)


def install_oidc() -> bool:
    """Adds the provider to Chainlit's list when configured and the issuer answers; else False."""
    if not oidc_configured():
        return False
    issuer = setting("CDM_OIDC_ISSUER").rstrip("/")
    try:
        discovery = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=TIMEOUT_SECONDS).json()
        jwks = httpx.get(str(discovery["jwks_uri"]), timeout=TIMEOUT_SECONDS).json()
    except (httpx.HTTPError, KeyError, ValueError) as error:
        log.error("OIDC sign-in is off: the issuer %s did not answer its discovery (%s)", issuer, error)
        return False
    providers.providers = [p for p in providers.providers if p.id != PROVIDER_ID] + [OidcProvider(discovery, jwks)]
    return True


def oidc_user(claims: Mapping[str, Any]) -> SignedInUser | None:
    """The signed-in user the identity mapping gives these claims, or None (audited)."""
    mapping = load_identity_mapping()
    principal = principal_for_claims(claims, mapping)
    if principal is None or principal.user is None:
        name = str(claims.get(mapping.user_claim) or claims.get("sub") or "")
        audit_failed_sign_in(name, OIDC, "no role is mapped for this identity")
        return None
    display = str(claims.get("name") or principal.user)
    return SignedInUser(principal=principal, display_name=display, provider=OIDC)
