"""A small, real OpenID Connect provider on loopback for the sign-in tests (authorization-code
flow): discovery, JWKS, an HTML sign-in form, the token endpoint (client_secret_basic) and
userinfo. Tokens are signed RS256 with joserfc (Authlib's JOSE library); codes and access tokens
come from Authlib's token generator. It runs in a thread under uvicorn, like a separate server.

`forged_users` get an ID token signed with a key the JWKS does not publish, so a client that
checks signatures must refuse them.
"""

from __future__ import annotations

import base64
import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import uvicorn
from authlib.common.security import generate_token
from fastapi import FastAPI, Form, Header, HTTPException
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID, CLIENT_SECRET = "cdm-chat", "test-client-secret-0123"


@dataclass
class ProviderState:
    issuer: str
    users: dict[str, tuple[str, dict[str, Any]]]  # name -> (password, claims)
    forged_users: set[str] = field(default_factory=set)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True))
    rogue_key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True))
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (user, redirect_uri)
    access_tokens: dict[str, str] = field(default_factory=dict)


def _id_token(state: ProviderState, user: str) -> str:
    now = int(time.time())
    claims = {"iss": state.issuer, "aud": CLIENT_ID, "sub": f"sub-{user}", "iat": now, "exp": now + 300,
              **state.users[user][1]}  # fmt: skip
    key = state.rogue_key if user in state.forged_users else state.key
    return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)


def _check_client(authorization: str | None) -> None:
    expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    if authorization != expected:
        raise HTTPException(status_code=401, detail="invalid_client")


def build_app(provider: ProviderState) -> FastAPI:
    app = FastAPI()

    @app.get("/.well-known/openid-configuration")
    def discovery() -> dict[str, Any]:
        return {
            "issuer": provider.issuer, "authorization_endpoint": f"{provider.issuer}/authorize",
            "token_endpoint": f"{provider.issuer}/token", "userinfo_endpoint": f"{provider.issuer}/userinfo",
            "jwks_uri": f"{provider.issuer}/jwks", "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"], "subject_types_supported": ["public"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }  # fmt: skip

    @app.get("/jwks")
    def jwks() -> dict[str, Any]:
        return {"keys": [provider.key.as_dict(private=False)]}

    @app.get("/authorize", response_class=HTMLResponse)
    def authorize_form(client_id: str, redirect_uri: str, state: str = "") -> str:
        if client_id != CLIENT_ID:
            raise HTTPException(status_code=400, detail="unknown client")
        hidden = "".join(f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
                         for k, v in {"redirect_uri": redirect_uri, "state": state}.items())  # fmt: skip
        return (f'<form method="post" action="/authorize">{hidden}<input name="username" id="username">'
                '<input name="password" id="password" type="password"><button>Sign in</button></form>')  # fmt: skip

    @app.post("/authorize")
    def authorize(
        username: str = Form(...),
        password: str = Form(...),
        redirect_uri: str = Form(...),
        state_: str = Form("", alias="state"),
    ) -> RedirectResponse:
        if provider.users.get(username, ("", {}))[0] != password:
            return RedirectResponse(f"{redirect_uri}?{urlencode({'error': 'access_denied', 'state': state_})}", 302)
        code = generate_token(32)
        provider.codes[code] = (username, redirect_uri)
        return RedirectResponse(f"{redirect_uri}?{urlencode({'code': code, 'state': state_})}", 302)

    @app.post("/token")
    def token(
        grant_type: str = Form(...), code: str = Form(...), redirect_uri: str = Form(...),
        authorization: str | None = Header(None),
    ) -> JSONResponse:  # fmt: skip
        _check_client(authorization)
        user, expected_uri = provider.codes.pop(code, ("", ""))
        if grant_type != "authorization_code" or not user or redirect_uri != expected_uri:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        access = generate_token(40)
        provider.access_tokens[access] = user
        body = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": _id_token(provider, user),
        }
        return JSONResponse(body)

    @app.get("/userinfo")
    def userinfo(authorization: str | None = Header(None)) -> dict[str, Any]:
        user = provider.access_tokens.get((authorization or "").removeprefix("Bearer "), "")
        if not user:
            raise HTTPException(status_code=401, detail="invalid_token")
        return {"sub": f"sub-{user}", **provider.users[user][1]}

    return app


@contextmanager
def oidc_provider(port: int, users: dict[str, tuple[str, dict[str, Any]]], forged: set[str]) -> Iterator[ProviderState]:
    state = ProviderState(issuer=f"http://127.0.0.1:{port}", users=users, forged_users=forged)
    server = uvicorn.Server(uvicorn.Config(build_app(state), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="test-oidc-provider", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield state
    finally:
        server.should_exit = True
        thread.join(timeout=10)
