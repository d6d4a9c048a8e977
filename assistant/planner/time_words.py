"""The one loader of time_phrases.yml: the words the planner reads as time."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PHRASES_FILE = Path(__file__).with_name("time_phrases.yml")


@cache
def time_phrases() -> dict[str, Any]:
    with PHRASES_FILE.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


Span = tuple[int, int]


def _free(taken: list[Span], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in taken)


@cache
def _phrase_patterns(table_name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns = []
    for key, words in time_phrases()[table_name].items():
        for word in sorted(words, key=len, reverse=True):
            boundary = r"\b" if word.isascii() else ""
            patterns.append((str(key), re.compile(rf"{boundary}{re.escape(word)}{boundary}")))
    return tuple(patterns)


def find_phrase(text: str, table_name: str, taken: list[Span]) -> tuple[str | None, Span | None]:
    """The earliest phrase of the table outside the spans already taken."""
    best: tuple[str | None, Span | None] = (None, None)
    for key, pattern in _phrase_patterns(table_name):
        for match in pattern.finditer(text):
            if _free(taken, *match.span()) and (best[1] is None or match.start() < best[1][0]):
                best = (key, match.span())
    return best


def find_comparison(text: str, taken: tuple[Span, ...] = ()) -> tuple[str | None, tuple[Span, ...]]:
    """Every comparison phrase ("growth", "环比增长", "year over year"): a year-earlier phrase wins
    over the generic change words ("revenue growth year over year" is against a year earlier)."""
    kinds: list[str | None] = []
    spans: list[Span] = []
    while True:
        kind, span = find_phrase(text, "comparison", [*taken, *spans])
        if span is None:
            break
        kinds.append(kind)
        spans.append(span)
    if not kinds:
        return None, ()
    return ("previous_year" if "previous_year" in kinds else kinds[0]), tuple(sorted(spans))


def change_grain(text: str, spans: tuple[Span, ...]) -> str | None:
    """The grain a change phrase names ("month over month", qoq, 月环比), if one of the spans is one."""
    said = {text[start:end] for start, end in spans}
    return next((str(g) for g, words in time_phrases()["change_grains"].items() if said & set(words)), None)
