"""The ordered period rules, and the one pass that finds the periods of a question with them.

Order matters: "year to date" before "this year", 2025年3月 before 3月, Chinese before English, ranges
("jan thru mar") before their single months. Where matches overlap, the earlier rule wins.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from assistant.planner import time_chinese_rules as chinese
from assistant.planner import time_english_rules as english
from assistant.planner.periods import DateRange
from assistant.planner.time_english_rules import Rule
from assistant.planner.time_periods import to_date
from assistant.planner.time_vocabulary import alternation
from assistant.planner.time_words import time_phrases

Span = tuple[int, int]
FoundPeriod = tuple[Span, DateRange]


def _to_date_rules() -> list[tuple[str, Rule]]:
    """ "ytd", "so far this month", 本月至今: from the start of the unit to the as-of date."""
    return [(f"(?:{alternation(words)})", _to_date(unit)) for unit, words in time_phrases()["to_date"].items()]


def _to_date(unit: str) -> Rule:
    return lambda m, d: to_date(unit, d)


@cache
def period_rules() -> tuple[tuple[re.Pattern[str], Rule], ...]:
    rules = (
        _to_date_rules()
        + chinese.year_rules()
        + chinese.range_rules()
        + chinese.relative_rules()
        + english.range_rules()
        + english.english_rules()
    )
    return tuple((re.compile(pattern), rule) for pattern, rule in rules)


def _free(spans: list[Span], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in spans)


def find_periods(text: str, as_of: date, taken: tuple[Span, ...]) -> tuple[FoundPeriod, ...]:
    """Periods in order of appearance, outside the spans already taken; earlier rules win overlaps."""
    used = list(taken)
    found: list[FoundPeriod] = []
    for pattern, rule in period_rules():
        for match in pattern.finditer(text):
            if _free(used, match.start(), match.end()):
                try:
                    period = rule(match, as_of)
                except ValueError:  # "feb 30", "13月": not a date; left unread, the meaning check refuses it
                    continue
                used.append(match.span())
                found.append((match.span(), period))
    return tuple(sorted(found, key=lambda item: item[0]))
