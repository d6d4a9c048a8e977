"""The calendar words of the period patterns (month names, numbers, ordinals, halves, relative years),
read from time_phrases.yml into a typed model, and the regular-expression pieces built from them.

The patterns' grammar (from/to/since/between, "of", digits) stays in the rule modules; every word a
user might spell differently lives in the YAML file, so adding a spelling needs no code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from pydantic import BaseModel, ConfigDict

from assistant.planner.time_words import time_phrases

YEAR_RE = r"((?:19|20)\d\d)"
ISO_RE = r"(\d{4}-\d{2}-\d{2})"
DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MonthWords(_Strict):
    alone: tuple[str, ...]
    with_context: tuple[str, ...]


class ByLanguage(_Strict):
    english: dict[str, int]
    chinese: dict[str, int]


class Halves(_Strict):
    first: tuple[str, ...]
    second: tuple[str, ...]


class WordsByLanguage(_Strict):
    english: tuple[str, ...]
    chinese: tuple[str, ...]


class TimeVocabulary(_Strict):
    """The calendar sections of time_phrases.yml; an unknown or missing key fails at load."""

    months: tuple[MonthWords, ...]
    number_words: ByLanguage
    ordinals: dict[str, int]
    halves: Halves
    relative_years: ByLanguage
    explicit_comparison: WordsByLanguage
    followup_endings: tuple[str, ...]
    event_verbs: tuple[str, ...]
    trend_words: tuple[str, ...]


@cache
def vocabulary() -> TimeVocabulary:
    raw = time_phrases()
    return TimeVocabulary.model_validate({name: raw[name] for name in TimeVocabulary.model_fields})


def alternation(words: Iterable[str]) -> str:
    """Longest first, so "sept" wins over "sep"; a space in a phrase matches any run of spaces."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


@dataclass(frozen=True)
class TimeGrammar:
    """Pattern pieces, each one capturing group: `month` any month word, `full_month` one read alone."""

    month: str
    full_month: str
    number: str
    chinese_number: str
    ordinal: str
    half: str
    chinese_half: str
    relative_year: str
    chinese_relative_year: str
    explicit_comparison: str


@cache
def grammar() -> TimeGrammar:
    words = vocabulary()
    english_comparison = alternation(words.explicit_comparison.english)
    return TimeGrammar(
        month=f"({alternation(w for m in words.months for w in (*m.alone, *m.with_context))})",
        full_month=f"({alternation(w for m in words.months for w in m.alone)})",
        number=rf"(\d+|{alternation(words.number_words.english)})",
        chinese_number=rf"(\d+|{alternation(words.number_words.chinese)})",
        ordinal=f"({alternation(words.ordinals)})",
        half=f"({alternation(w for w in (*words.halves.first, *words.halves.second) if w.isascii())})",
        chinese_half=f"({alternation(w for w in (*words.halves.first, *words.halves.second) if not w.isascii())})",
        relative_year=f"({alternation(words.relative_years.english)})",
        chinese_relative_year=f"({alternation(words.relative_years.chinese)})",
        explicit_comparison=rf"\b(?:{english_comparison})\b|{alternation(words.explicit_comparison.chinese)}",
    )


def inner(group: str) -> str:
    """A capturing piece without its parentheses, to name the group: (?P<m1>...)."""
    return group[1:-1]


def month_number(word: str) -> int:
    return next(index + 1 for index, m in enumerate(vocabulary().months) if word in (*m.alone, *m.with_context))


def month_name(number: int) -> str:
    """The month's first word ("march"), to resolve Chinese month numbers through the same functions;
    13月 or 0月 names no month (a ValueError: the phrase stays unread and is refused)."""
    if not 1 <= number <= len(vocabulary().months):
        raise ValueError(f"no month {number}")
    month = vocabulary().months[number - 1]
    return (month.alone or month.with_context)[0]


def number(token: str) -> int:
    words = vocabulary().number_words
    return int(token) if token.isdigit() else {**words.english, **words.chinese}[token]


def ordinal(word: str) -> int:
    return vocabulary().ordinals[word]


def is_second_half(phrase: str) -> bool:
    return " ".join(phrase.split()) in vocabulary().halves.second


def relative_year(word: str | None, as_of: date) -> int | None:
    words = vocabulary().relative_years
    offset = {**words.english, **words.chinese}.get(word or "")
    return None if offset is None else as_of.year + offset


def year_word(word: str | None, as_of: date) -> str | None:
    year = relative_year(word, as_of)
    return None if year is None else str(year)


def unit_alternation(language: str = "en") -> str:
    english = language == "en"
    units = time_phrases()["unit_words"].values()
    return alternation(w for ws in units for w in ws if w.isascii() == english)


def unit_of(word: str) -> str:
    for unit, words in time_phrases()["unit_words"].items():
        if word in words:
            return str(unit)
    raise KeyError(word)
