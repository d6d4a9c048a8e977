"""The one place `messages.yml` is read: error and summary texts of the API and the MCP server."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Template
from typing import Any

import yaml

MESSAGES = Path(__file__).with_name("messages.yml")


@cache
def _messages() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))
    return loaded


def message(key: str, **values: object) -> str:
    """The message at a dotted key ("unauthenticated.revoked") with its $fields filled in."""
    entry: Any = _messages()
    for part in key.split("."):
        entry = entry[part]
    return Template(str(entry)).safe_substitute({k: str(v) for k, v in values.items()})
