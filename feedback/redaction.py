"""PII redaction applied to every feedback text before it is embedded, stored, materialized or shown.

Patterns live in `redaction_patterns.yml`; validators (GB 11643 check digit, Luhn) keep near-misses
such as order numbers and prices intact, so redaction does not destroy the facts a reader needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

PATTERNS_FILE = Path(__file__).with_name("redaction_patterns.yml")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


@dataclass(frozen=True)
class RedactionResult:
    text: str
    counts: Mapping[str, int]


@dataclass(frozen=True)
class PiiPattern:
    name: str
    placeholder: str
    regex: re.Pattern[str]
    check: Callable[[str], bool]


def gb11643_valid(candidate: str) -> bool:
    """True when the 18th character is the GB 11643 check digit of the first 17."""
    digits = candidate.upper()
    total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11] == digits[17]


def luhn_valid(candidate: str) -> bool:
    """True when the digits (separators ignored) pass the Luhn checksum used by bank cards."""
    digits = [int(c) for c in candidate if c.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if position % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


_CHECKS: dict[str, Callable[[str], bool]] = {
    "none": lambda _: True,
    "gb11643": gb11643_valid,
    "luhn": luhn_valid,
}


@cache
def load_patterns() -> tuple[PiiPattern, ...]:
    raw = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))["patterns"]
    return tuple(PiiPattern(p["name"], p["placeholder"], re.compile(p["regex"]), _CHECKS[p["check"]]) for p in raw)


def _apply(pattern: PiiPattern, text: str) -> tuple[str, int]:
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if not pattern.check(match.group(0)):
            return match.group(0)
        count += 1
        return pattern.placeholder

    return pattern.regex.sub(replace, text), count


def redact(text: str) -> RedactionResult:
    """Replace phones, emails, ID numbers and bank cards with typed placeholders."""
    counts: dict[str, int] = {}
    for pattern in load_patterns():
        text, count = _apply(pattern, text)
        if count:
            counts[pattern.name] = count
    return RedactionResult(text, MappingProxyType(counts))
