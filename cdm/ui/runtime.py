"""Process settings the chat needs before Chainlit reads its environment: the session-signing
secret (this installation's, kept in CDM_HOME: cdm/ui/installation.py) and telemetry off for
every library."""

from __future__ import annotations

import os

from cdm.ui.installation import installation_secret

TELEMETRY_OFF = {
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}


def prepare_environment() -> None:
    """CHAINLIT_AUTH_SECRET from the environment wins; else the installation's own secret."""
    if not os.environ.get("CHAINLIT_AUTH_SECRET"):
        os.environ["CHAINLIT_AUTH_SECRET"] = installation_secret()
    for name, value in TELEMETRY_OFF.items():
        os.environ.setdefault(name, value)
