"""The signed-in marker next to Chainlit's session cookie (cdm/ui/sign_in_state.py), over HTTP
against the live chat server: set at sign-in, cleared at sign-out or when the session is stale,
and a wrong password in the page's own form answered without a failed request."""

from __future__ import annotations

import httpx

from tests.ui.conftest import PASSWORDS

FORM = {"X-CDM-Sign-In-Form": "1"}


def marker(response: httpx.Response) -> str | None:
    """The marker's Set-Cookie header in this response, if any."""
    return next((h for h in response.headers.get_list("set-cookie") if h.startswith("cdm_signed_in=")), None)


def test_sign_in_sets_the_marker_and_sign_out_clears_it(ui_server: str) -> None:
    with httpx.Client(base_url=ui_server, timeout=30) as client:
        signed_in = client.post("/login", data={"username": "alice", "password": PASSWORDS["alice"]})
        assert signed_in.status_code == 200 and "access_token" in signed_in.cookies
        set_marker = marker(signed_in)
        assert set_marker is not None and set_marker.startswith("cdm_signed_in=1;") and "HttpOnly" not in set_marker
        assert client.get("/user").json()["identifier"] == "alice"
        signed_out = client.post("/logout")
        cleared = marker(signed_out)
        assert signed_out.status_code == 200 and cleared is not None and "Max-Age=0" in cleared


def test_a_stale_session_clears_the_marker(ui_server: str) -> None:
    probe = httpx.get(f"{ui_server}/user", cookies={"cdm_signed_in": "1", "access_token": "expired"}, timeout=30)
    cleared = marker(probe)
    assert probe.status_code == 401 and cleared is not None and "Max-Age=0" in cleared


def test_a_wrong_password_is_a_401_except_for_the_pages_own_form(ui_server: str) -> None:
    wrong = {"username": "alice", "password": "not-her-password"}
    script = httpx.post(f"{ui_server}/login", data=wrong, timeout=30)
    assert script.status_code == 401 and script.json() == {"detail": "credentialssignin"}
    form = httpx.post(f"{ui_server}/login", data=wrong, headers=FORM, timeout=30)
    assert form.status_code == 200 and form.json() == {"success": False, "detail": "credentialssignin"}
    assert "access_token" not in form.cookies and marker(form) is None
    right = httpx.post(f"{ui_server}/login", data={**wrong, "password": PASSWORDS["alice"]}, headers=FORM, timeout=30)
    assert right.status_code == 200 and right.json()["success"] is True and marker(right) is not None
