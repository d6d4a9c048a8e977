"""The planner's reasons in the question's language.

The planner words each refusal and clarification in English (meaning.py, planner.py). For a Chinese
question, the reason is recognised by its pattern (reasons.yml) and worded with the Chinese template
`planner_<key>` (assistant/templates/zh.yml), so "我不知道“复购周期”在这里是什么意思" replaces the generic
"我没能在…中找到可以回答的指标" whenever the English path had a specific reason.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from assistant.templates import phrase

REASONS_FILE = Path(__file__).with_name("reasons.yml")


@cache
def reason_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    with REASONS_FILE.open(encoding="utf-8") as handle:
        loaded: dict[str, str] = yaml.safe_load(handle)
    return tuple((key, re.compile(pattern)) for key, pattern in loaded.items())


def reason_key(message: str) -> tuple[str, dict[str, str]] | None:
    """Which reason an English planner message gives, and its named parts."""
    for key, pattern in reason_patterns():
        found = pattern.search(message)
        if found is not None:
            return key, {name: value or "" for name, value in found.groupdict().items()}
    return None


def reason_in(language: str, message: str) -> str | None:
    """The reason worded in `language` (None for English or a message no pattern recognises)."""
    if language == "en":
        return None
    found = reason_key(message)
    return None if found is None else phrase(language, f"planner_{found[0]}", **found[1])
