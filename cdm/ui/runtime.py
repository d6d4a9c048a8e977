"""Process settings the chat needs before Chainlit reads its environment: a session-signing
secret (generated per process when unset, never stored) and telemetry off for every library."""

from __future__ import annotations

import os
import secrets

TELEMETRY_OFF = {
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}


def prepare_environment() -> None:
    """A restart with a generated secret signs everyone out, which is what we want locally;
    deployments that need stable sessions set CHAINLIT_AUTH_SECRET themselves."""
    if not os.environ.get("CHAINLIT_AUTH_SECRET"):
        os.environ["CHAINLIT_AUTH_SECRET"] = secrets.token_urlsafe(48)
    for name, value in TELEMETRY_OFF.items():
        os.environ.setdefault(name, value)
