"""Per-installation web settings: the session-signing secret kept in CDM_HOME, the one origin
the chat answers (CDM_PUBLIC_URL), and secure cookies when that URL is HTTPS."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from data.errors import CdmError
from data.settings import cdm_home, setting

SECRET_FILE = "chainlit_auth_secret"
LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def installation_secret(home: Path | None = None) -> str:
    """The JWT secret of this installation: generated once (0600, never committed: CDM_HOME is
    git-ignored) so sessions survive a restart; CHAINLIT_AUTH_SECRET in the environment wins."""
    path = (home or cdm_home()) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as output:
        output.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def public_url() -> str:
    url = setting("CDM_PUBLIC_URL").rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CdmError(f"CDM_PUBLIC_URL must be an http(s) URL, not {url!r}")
    return url


def allowed_origins(url: str | None = None) -> list[str]:
    """The public URL's origin; on loopback both 127.0.0.1 and localhost (the same machine)."""
    parts = urlsplit(url or public_url())
    port = f":{parts.port}" if parts.port else ""
    hosts = LOOPBACK_NAMES if parts.hostname in LOOPBACK_NAMES else (parts.hostname or "",)
    return [f"{parts.scheme}://{host}{port}" for host in hosts]


def apply_web_security() -> None:
    """Restricts Chainlit's CORS origins (before its middleware is built), marks the session
    cookies Secure when the public URL is HTTPS and keeps the page's signed-in marker
    (cdm/ui/sign_in_state.py)."""
    import chainlit.auth.cookie as cookie
    from chainlit.config import config

    from cdm.ui import sign_in_state

    config.project.allow_origins[:] = allowed_origins()
    if urlsplit(public_url()).scheme == "https":
        cookie._cookie_secure = True  # type: ignore[attr-defined]
    sign_in_state.install()
