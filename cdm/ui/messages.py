"""The chat's own wording (greetings, friendly errors, hints), declared in messages.yml."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yml")


@cache
def _messages() -> Mapping[str, str]:
    raw = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in raw.items()}


def text(key: str, **values: object) -> str:
    """One message, with its `{placeholders}` filled; a missing key is a bug and raises KeyError."""
    return _messages()[key].format(**values)
