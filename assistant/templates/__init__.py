"""The assistant's wording in each language, from `<language>.yml` next to this file.

`language_of` picks the reply language from the question (any Chinese character means Chinese);
`phrase` returns one template. A key missing in Chinese falls back to English; a key missing in
English is a bug and raises KeyError.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent
LANGUAGES = ("en", "zh")
DEFAULT = "en"
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def language_of(text: str) -> str:
    return "zh" if CHINESE.search(text or "") else DEFAULT


@cache
def _templates(language: str) -> Mapping[str, str]:
    raw = yaml.safe_load((FOLDER / f"{language}.yml").read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in raw.items()}


def phrase(language: str, key: str, **values: object) -> str:
    """One template in `language` (English when it has none), with its placeholders filled."""
    chosen = language if language in LANGUAGES else DEFAULT
    template = _templates(chosen).get(key)
    if template is None:
        template = _templates(DEFAULT)[key]
    return template.format(**values) if values else template
