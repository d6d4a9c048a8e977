"""The chat's own wording (greetings, friendly errors, hints, step titles), declared in
messages.yml (English) and messages.zh.yml (Chinese; a missing key falls back to English)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yml")
TRANSLATIONS = {"zh": Path(__file__).with_name("messages.zh.yml")}


@cache
def _messages(language: str = "en") -> Mapping[str, str]:
    path = TRANSLATIONS.get(language, MESSAGES_FILE)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in raw.items()}


def text(key: str, language: str = "en", **values: object) -> str:
    """One message, with its `{placeholders}` filled; a key missing in English is a bug (KeyError)."""
    template = _messages(language).get(key) if language != "en" else None
    return (template if template is not None else _messages()[key]).format(**values)
