"""The page's signed-in state without failing requests.

Chainlit's page learns that nobody is signed in by asking `GET /user` and getting a 401, and a
wrong password in the form is a 401 of `POST /login`: both are failed requests and console errors
on a page where nothing went wrong. This ASGI middleware keeps a readable marker cookie
(`cdm_signed_in=1`, no secret in it) next to Chainlit's httpOnly session cookie: set whenever the
session cookie is set (password, OIDC, header sign-in), cleared when it is cleared (sign-out) or
found stale (`/user` answered 401). The page's own script (`public/cdm.js`) answers the probe
itself when the marker is absent, and marks its sign-in form's requests, whose wrong password is
then answered `200 {"success": false}` (the form shows its own message); other clients of
`/login` still get the 401.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

MARKER = "cdm_signed_in"
FORM_HEADER = b"x-cdm-sign-in-form"
WRONG_PASSWORD = json.dumps({"success": False, "detail": "credentialssignin"}).encode()


def _auth_cookie_settings() -> tuple[str, bool, str, int]:
    import chainlit.auth.cookie as cookie
    from chainlit.config import config

    name = str(cookie._auth_cookie_name)  # type: ignore[attr-defined]
    secure = bool(cookie._cookie_secure)  # type: ignore[attr-defined]
    samesite = str(cookie._cookie_samesite)  # type: ignore[attr-defined]
    return name, secure, samesite, int(config.project.user_session_timeout)


def marker_header(signed_in: bool) -> tuple[bytes, bytes]:
    """The Set-Cookie header that sets (for the session's lifetime) or clears the marker."""
    _, secure, samesite, lifetime = _auth_cookie_settings()
    jar: SimpleCookie = SimpleCookie()
    jar[MARKER] = "1" if signed_in else ""
    morsel = jar[MARKER]
    morsel["path"], morsel["samesite"], morsel["max-age"] = "/", samesite, lifetime if signed_in else 0
    if secure:
        morsel["secure"] = True
    return b"set-cookie", morsel.OutputString().encode("latin-1")


def session_change(headers: list[tuple[bytes, bytes]]) -> bool | None:
    """True when the response sets the session cookie, False when it only clears it, else None."""
    name = _auth_cookie_settings()[0]
    found: list[bool] = []
    for key, value in headers:
        if key.lower() != b"set-cookie":
            continue
        text = value.decode("latin-1")
        cookie_name, _, rest = text.partition("=")
        if cookie_name == name or cookie_name.startswith(f"{name}_"):
            cleared = rest.startswith(";") or "max-age=0" in rest.lower().replace(" ", "")
            found.append(not cleared)
    return (True in found) if found else None


def _header(scope: MutableMapping[str, Any], name: bytes) -> bytes | None:
    return next((value for key, value in scope.get("headers", []) if key.lower() == name), None)


class SignInState:
    """Keeps the marker cookie in step with the session cookie; see the module docstring."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = str(scope.get("path", "")).rstrip("/"), scope.get("method", "")
        probe = method == "GET" and path.endswith("/user")
        form = method == "POST" and path.endswith("/login") and _header(scope, FORM_HEADER) is not None
        rewriting = False

        async def sending(message: Message) -> None:
            nonlocal rewriting
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                change = session_change(headers)
                if change is not None:
                    headers.append(marker_header(change))
                elif probe and message["status"] == 401:
                    headers.append(marker_header(False))
                if form and message["status"] == 401:
                    rewriting = True
                    headers = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
                    headers += [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"%d" % len(WRONG_PASSWORD)),
                    ]
                    message = {**message, "status": 200}
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and rewriting:
                if message.get("more_body", False):
                    return
                message = {**message, "body": WRONG_PASSWORD}
            await send(message)

        await self.app(scope, receive, sending)


def install() -> None:
    """Adds the middleware to Chainlit's app (before it serves its first request)."""
    from chainlit.server import app

    if not any(middleware.cls is SignInState for middleware in app.user_middleware):
        app.add_middleware(SignInState)  # type: ignore[arg-type]
