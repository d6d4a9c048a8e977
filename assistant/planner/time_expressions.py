"""Reads time out of a question: periods, a grouping grain and a comparison, against the as-of date.

Conventions (documented in the README): the as-of date is "today" with complete data through its
end. "this quarter" is the quarter holding the as-of date (to date); "last quarter" is the latest
whole quarter ending on or before it; "last 6 months" is six calendar months up to the as-of date;
"past 30 days" is the thirty days ending on it. A bare month or quarter means the latest one that
has started by the as-of date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from assistant.planner.periods import (
    DateRange,
    label_for,
    last_complete_period,
    period_containing,
    previous_period,
    same_period_last_year,
    shift,
)
from assistant.planner.relative_baseline import find_named_baseline, find_period_before, fits
from assistant.planner.time_words import change_grain, find_comparison, find_phrase, time_phrases
from assistant.planner.weekdays import read_days

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTH_ABBREVIATIONS = {name[:3]: index + 1 for index, name in enumerate(MONTHS)} | {"sept": 9}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "一": 1, "两": 2, "二": 2, "三": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十二": 12,
}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
ORDINAL_RE = r"(first|second|third|fourth|1st|2nd|3rd|4th)"
HALF_RE = r"(h1|h2|(?:first|1st|front|second|2nd|back|latter)\s+half)"
SECOND_HALF_WORDS = ("h2", "second", "2nd", "back", "latter", "下半年")
MONTH_RE = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
YEAR_RE = r"((?:19|20)\d\d)"
ISO_RE = r"(\d{4}-\d{2}-\d{2})"
NUMBER_RE = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


class UnreadPeriod(ValueError):
    """A phrase shaped like a date that names none ("feb 30"): it stays unread, so it is refused."""


@dataclass(frozen=True)
class TimeReading:
    """What the question says about time; `spans` are the character ranges it used."""

    ranges: tuple[DateRange, ...] = ()
    grain: str | None = None
    comparison: str | None = None
    spans: tuple[tuple[int, int], ...] = ()
    days_of_week: tuple[int, ...] = ()  # ISO days to keep: weekends (6, 7), workdays (1..5)
    by_day_of_week: bool = False  # "revenue by day of week", 按星期几

    def comparison_ranges(self, default: DateRange | None = None) -> tuple[DateRange, DateRange] | None:
        """(current, baseline) when the question compares two periods."""
        if len(self.ranges) >= 2 and self.ranges[1] == self.ranges[0]:  # "this month vs last month" on a month's
            return self.ranges[0], previous_period(self.ranges[0])  # last day: both read September; the one before
        if len(self.ranges) >= 2:
            return self.ranges[0], _same_length_year_before(self.ranges[0], self.ranges[1])
        current = self.ranges[0] if self.ranges else default
        if self.comparison is None or current is None:
            return None
        if self.comparison == "previous_year":
            return current, same_period_last_year(current)
        return current, previous_period(current)


def _same_length_year_before(current: DateRange, baseline: DateRange) -> DateRange:
    """ "this year vs last year": 2026 to date against the same dates of 2025, not all of 2025."""
    year_before = same_period_last_year(current)
    same_start = baseline.start == year_before.start
    return year_before if same_start and baseline.end > year_before.end else baseline


def _phrases() -> dict[str, Any]:
    return time_phrases()


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def _month_number(token: str) -> int:
    return MONTH_ABBREVIATIONS[token[:4] if token.startswith("sept") else token[:3]]


def _latest_started(month: int, as_of: date) -> int:
    """The year of the latest occurrence of `month` that has started by the as-of date."""
    return as_of.year if month <= as_of.month else as_of.year - 1


def _clip(start: date, end: date, as_of: date, label: str | None = None) -> DateRange:
    end = min(end, as_of)
    return DateRange(start, end, label or label_for(start, end))


def _month_range(month: int, year: int | None, as_of: date) -> DateRange:
    start, end = period_containing(date(year or _latest_started(month, as_of), month, 1), "month")
    return _clip(start, end, as_of, _latest_note(start, end, year, as_of))


def _quarter_range(quarter: int, year: int | None, as_of: date) -> DateRange:
    first_month = 3 * (quarter - 1) + 1
    start, end = period_containing(date(year or _latest_started(first_month, as_of), first_month, 1), "quarter")
    return _clip(start, end, as_of, _latest_note(start, end, year, as_of))


def _latest_note(start: date, end: date, year: int | None, as_of: date) -> str | None:
    """ "October" asked in September 2026 is October 2025: the label says it is the most recent one."""
    if year is not None or start.year == as_of.year:
        return None
    label = label_for(start, end)
    name = label.rsplit(" ", 1)[0]
    return f"{label}, the most recent {name} ({name} {as_of.year} has not started yet)"


def _relative_period(unit: str, which: str, as_of: date) -> DateRange:
    if which == "this":
        start, end = period_containing(as_of, unit)
        full_label = label_for(start, end)
        return _clip(start, end, as_of, full_label if end <= as_of else f"{full_label} to date")
    start, end = last_complete_period(as_of, unit) if unit != "day" else (as_of, as_of)
    if which == "before_last":
        start, end = shift(start, unit, -1), start - timedelta(days=1)
    return _clip(start, end, as_of)


def _rolling(count: int, unit: str, as_of: date) -> DateRange:
    """The last `count` units up to the as-of date; months and longer align to calendar months."""
    if unit in ("day", "week"):
        start = as_of - timedelta(days=count * (7 if unit == "week" else 1) - 1)
    else:
        months = count * {"month": 1, "quarter": 3, "year": 12}[unit]
        start = shift(period_containing(as_of, "month")[0], "month", 1 - months)
    return DateRange(start, as_of, f"the last {count} {unit}{'s' if count > 1 else ''}")


Rule = Callable[[re.Match[str], date], DateRange | tuple[DateRange, DateRange]]


def _unit_alternation(language: str = "en") -> str:
    english = language == "en"
    words = [w for ws in _phrases()["unit_words"].values() for w in ws if w.isascii() == english]
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _unit_of(word: str) -> str:
    for unit, words in _phrases()["unit_words"].items():
        if word in words:
            return str(unit)
    raise KeyError(word)


def _date_of(token: str) -> date:
    return date.fromisoformat(token)


def _month_year(month: str, year: str | None, as_of: date) -> DateRange:
    return _month_range(_month_number(month), int(year) if year else None, as_of)


def _month_span(m: re.Match[str], as_of: date) -> DateRange:
    """ "jan thru mar 2025", "from March to May last year": a year written once at the end is shared."""
    if m["joiner"] == "and" and not m["between"]:
        raise ValueError("two months joined by 'and' are two periods")  # left to _combine
    first_month, last_month = _month_number(m["m1"]), _month_number(m["m2"])
    last_year = int(m["y2"]) if m["y2"] else _relative_year(m["r2"], as_of)
    first_year = int(m["y1"]) if m["y1"] else _relative_year(m["r1"], as_of)
    if first_year is None and last_year is not None:
        first_year = last_year - (first_month > last_month)
    first = _month_range(first_month, first_year, as_of)
    if last_year is None:
        last_year = first.start.year + (last_month < first.start.month)
    return _clip(first.start, _month_range(last_month, last_year, as_of).end, as_of)


def _quarter_span(m: re.Match[str], as_of: date) -> DateRange:
    """ "Q2-Q3 2025", "between q1 and q3": both quarters and the ones between, in one year."""
    if m["joiner"] == "and" and not m["between"]:
        raise ValueError("two quarters joined by 'and' are two periods")  # left to _combine
    first, last = int(m["q1"]), int(m["q2"])
    if last < first:
        raise ValueError("a quarter range must run forwards")
    year = int(m["year"]) if m["year"] else _relative_year(m["rel"], as_of)
    start = _quarter_range(first, year, as_of).start
    return _clip(start, _quarter_range(last, start.year, as_of).end, as_of)


def _first_units(count: int, unit: str, year: int, as_of: date) -> DateRange:
    """ "the first 6 months of 2025", 今年前8个月: from 1 January for `count` units, inside that year."""
    months = count * {"month": 1, "quarter": 3}[unit]
    if not 1 <= months <= 12:
        raise ValueError("more than a year")
    start = date(year, 1, 1)
    end = shift(start, "month", months) - timedelta(days=1)
    label = f"the first {count} {unit}{'s' if count > 1 else ''} of {year}"
    return _clip(start, end, as_of, label if end <= as_of else f"{label} (to date)")


def _ten_days(month: int, part: str, year: int | None, as_of: date) -> DateRange:
    """9月上旬 / 中旬 / 下旬: days 1-10, 11-20, 21 to the month's end."""
    month_start, month_end = period_containing(date(year or _latest_started(month, as_of), month, 1), "month")
    first_day = {"上旬": 1, "中旬": 11, "下旬": 21}[part]
    end = month_start.replace(day=first_day + 9) if part != "下旬" else month_end
    return _clip(month_start.replace(day=first_day), end, as_of)


DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
FULL_MONTH_RE = r"(january|february|march|april|june|july|august|september|sept|october|november|december)"


def _day_in(month: int, day: int, year: int | None, as_of: date) -> date:
    return date(year or _latest_started(month, as_of), month, day)


def _day_range(m1: str, d1: str, m2: str, d2: str, as_of: date) -> DateRange:
    """ "3 March to 9 April": the first day in its latest started year, the second after it."""
    first_month, last_month = _month_number(m1), _month_number(m2)
    start = _day_in(first_month, int(d1), None, as_of)
    end = date(start.year + (last_month < first_month), last_month, int(d2))
    return _clip(start, end, as_of)


def _single_day(month: str, day: str, year: str | None, as_of: date) -> DateRange:
    """ "sept 15", "15 September 2025": that one day; without a year, the latest one that has started."""
    number = _month_number(month)
    try:
        start = date(int(year), number, int(day)) if year else _day_in(number, int(day), None, as_of)
    except ValueError as error:  # "feb 30": no such day; the period stays unread and is refused
        raise UnreadPeriod(f"{month} {day}") from error
    if not year and start > as_of:
        start = start.replace(year=start.year - 1)
    return DateRange(start, start, label_for(start, start))


def _previous_occurrence(month: int, as_of: date) -> int:
    """ "last October": the latest October before the as-of month."""
    return as_of.year if month < as_of.month else as_of.year - 1


def _days_of_month(d1: str, d2: str, as_of: date) -> DateRange:
    """ "the 10th through the 20th": in the as-of month, or the month before when not yet reached."""
    month_start = period_containing(as_of, "month")[0]
    if int(d2) > as_of.day:
        month_start = shift(month_start, "month", -1)
    return _clip(month_start.replace(day=int(d1)), month_start.replace(day=int(d2)), as_of)


def _half(which: str, year: int | None, as_of: date) -> DateRange:
    second = which.split()[0] in SECOND_HALF_WORDS
    if year is None:
        year = as_of.year if not second or as_of.month >= 7 else as_of.year - 1
    start = date(year, 7 if second else 1, 1)
    end = date(year, 12, 31) if second else date(year, 6, 30)
    return _clip(start, end, as_of, f"{'H2' if second else 'H1'} {year}")


def _relative_year(word: str | None, as_of: date) -> int | None:
    return {
        "this": as_of.year,
        "last": as_of.year - 1,
        "今年": as_of.year,
        "本年": as_of.year,
        "去年": as_of.year - 1,
    }.get(word or "")


def _year_word(word: str | None, as_of: date) -> str | None:
    year = _relative_year(word, as_of)
    return None if year is None else str(year)


def _range_rules() -> list[tuple[str, Rule]]:
    """Ranges and half-years: "from 3 March to 9 April", "since last October", "H1", "second half of last year"."""
    to = r"\s*(?:to|through|thru|until|till|and|-)\s*"
    return [
        (rf"\b(?:from\s+|between\s+)?{DAY_RE}\s+{MONTH_RE}{to}{DAY_RE}\s+{MONTH_RE}\b",
         lambda m, d: _day_range(m[2], m[1], m[4], m[3], d)),
        (rf"\b(?:from\s+|between\s+)?{MONTH_RE}\s+{DAY_RE}{to}{MONTH_RE}\s+{DAY_RE}\b",
         lambda m, d: _day_range(m[1], m[2], m[3], m[4], d)),
        (rf"\b(?:from\s+|between\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th){to}(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)\b",
         lambda m, d: _days_of_month(m[1], m[2], d)),
        (rf"\bsince\s+last\s+{MONTH_RE}\b",
         lambda m, d: _clip(date(_previous_occurrence(_month_number(m[1]), d), _month_number(m[1]), 1), d, d,
                            f"since {m[1].title()} {_previous_occurrence(_month_number(m[1]), d)}")),
        (rf"\bsince\s+{MONTH_RE}\s+{DAY_RE}\b",
         lambda m, d: _clip(_day_in(_month_number(m[1]), int(m[2]), None, d), d, d, f"since {m[1].title()} {m[2]}")),
        (rf"\bbefore\s+{YEAR_RE}\b",
         lambda m, d: DateRange(date(2000, 1, 1), date(int(m[1]) - 1, 12, 31), f"before {m[1]}")),
        (rf"\b(?:the\s+)?{HALF_RE}\s*(?:of\s+)?(?:{YEAR_RE}|(this|last)\s+(?:year|yr))",
         lambda m, d: _half(m[1], int(m[2]) if m[2] else _relative_year(m[3], d), d)),
        (rf"\b(?:the\s+)?{HALF_RE}\b", lambda m, d: _half(m[1], None, d)),
        (rf"\b(?:(?P<between>between)\s+|from\s+)?(?P<m1>{MONTH_RE[1:-1]})(?:\s+(?:(?P<y1>{YEAR_RE[1:-1]})|(?P<r1>this|last)\s+(?:year|yr)))?"
         rf"\s*(?P<joiner>to|through|thru|until|till|-|and)\s*(?P<m2>{MONTH_RE[1:-1]})\b"
         rf"(?:,?\s+(?:(?P<y2>{YEAR_RE[1:-1]})|(?P<r2>this|last)\s+(?:year|yr)))?",
         _month_span),
        (rf"\b{FULL_MONTH_RE}\s+(this|last)\s+(?:year|yr)\b",
         lambda m, d: _month_range(_month_number(m[1]), _relative_year(m[2], d), d)),
        (rf"\b{MONTH_RE}\s+{DAY_RE}(?:,?\s+{YEAR_RE})?\b(?!\s*(?:{_unit_alternation()})\b)",
         lambda m, d: _single_day(m[1], m[2], m[3], d)),
        (rf"(?<!top )(?<!bottom )(?<!first )(?<!last )(?<!past )\b(?:the\s+)?{DAY_RE}\s+(?:of\s+)?{MONTH_RE}(?:,?\s+{YEAR_RE})?\b",
         lambda m, d: _single_day(m[2], m[1], m[3], d)),
    ]  # fmt: skip


def _chinese_range_rules() -> list[tuple[str, Rule]]:
    """3月3日到4月9日, 5月到7月, 9月10号到20号, 去年10月以来, 去年下半年, 今年一季度, 7月."""
    to = r"\s*(?:到|至|-|~)\s*"
    rel = r"(今年|去年|本年)?"
    cn_count = r"(\d+|十二|[一两二三四五六七八九十])"
    return [
        (r"去年(?:本月|同月|当月|这个月)", lambda m, d: _month_range(d.month, d.year - 1, d)),  # 同比去年本月
        (r"去年(?:本季度|同季度|当季|这个季度)", lambda m, d: _quarter_range((d.month - 1) // 3 + 1, d.year - 1, d)),
        (r"(\d{4})\s*(?:年)?全年", lambda m, d: _clip(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), d)),
        (r"(今年|去年)全年", lambda m, d: _relative_period("year", "this" if m[1] == "今年" else "last", d)),
        (rf"(?:(\d{{4}})年|{rel})(\d{{1,2}})月份?(上旬|中旬|下旬)",
         lambda m, d: _ten_days(int(m[3]), m[4], int(m[1]) if m[1] else _relative_year(m[2], d), d)),
        (rf"(?:(\d{{4}})年|(今年|去年|本年))(?:的)?前{cn_count}个?(月|季度)",
         lambda m, d: _first_units(_number(m[3]), _unit_of(m[4]), int(m[1]) if m[1] else _relative_year(m[2], d) or 0, d)),
        (rf"(\d{{1,2}})月(\d{{1,2}})[日号]?{to}(\d{{1,2}})月(\d{{1,2}})[日号]?",
         lambda m, d: _day_range(MONTHS[int(m[1]) - 1], m[2], MONTHS[int(m[3]) - 1], m[4], d)),
        (rf"(\d{{1,2}})月(\d{{1,2}})[日号]{to}(\d{{1,2}})[日号]",
         lambda m, d: _day_range(MONTHS[int(m[1]) - 1], m[2], MONTHS[int(m[1]) - 1], m[3], d)),
        (rf"{rel}(\d{{1,2}})(?:月份?)?{to}(\d{{1,2}})月份?",
         lambda m, d: _clip(_month_range(int(m[2]), _relative_year(m[1], d), d).start,
                            _month_range(int(m[3]), _relative_year(m[1], d), d).end, d)),
        (rf"(?:(\d{{4}})年|{rel})(\d{{1,2}})月(\d{{1,2}})[日号](?!\s*(?:到|至|-|~|以来|至今))",
         lambda m, d: _single_day(MONTHS[int(m[3]) - 1], m[4], m[1] or _year_word(m[2], d), d)),
        (r"(去年|今年)?(\d{1,2})月份?(?:以来|至今)",
         lambda m, d: _clip(date(_relative_year(m[1], d) or _latest_started(int(m[2]), d), int(m[2]), 1), d, d)),
        (rf"(?:(\d{{4}})年|{rel})(上半年|下半年)",
         lambda m, d: _half(m[3], int(m[1]) if m[1] else _relative_year(m[2], d), d)),
        (r"(上半年|下半年)", lambda m, d: _half(m[1], d.year if m[1] == "上半年" else None, d)),
        (rf"{rel}第?([1-4一二三四])季度",
         lambda m, d: _quarter_range(int(m[2]) if m[2].isdigit() else _number(m[2]), _relative_year(m[1], d), d)),
        (rf"{rel}(\d{{1,2}})月份?(?!\d)", lambda m, d: _month_range(int(m[2]), _relative_year(m[1], d), d)),
    ]  # fmt: skip


def _english_rules() -> list[tuple[str, Rule]]:
    unit = rf"({_unit_alternation()})"
    relative = "|".join(_phrases()["relative"]["last"] + _phrases()["relative"]["this"])
    return [
        (rf"(?:between|from)\s+{ISO_RE}\s+(?:and|to|through|until)\s+{ISO_RE}",
         lambda m, d: _clip(_date_of(m[1]), _date_of(m[2]), d)),
        (rf"since\s+{ISO_RE}", lambda m, d: _clip(_date_of(m[1]), d, d, f"since {m[1]}")),
        (rf"\b(?:(?P<between>between)\s+|from\s+)?q(?P<q1>[1-4])\s*(?P<joiner>to|through|thru|until|-|and)\s*q(?P<q2>[1-4])\b"
         rf"(?:\s+(?:of\s+)?(?:(?P<year>{YEAR_RE[1:-1]})|(?P<rel>this|last)\s+(?:year|yr)))?",
         _quarter_span),
        (rf"\b(?:the\s+)?first\s+{NUMBER_RE}\s+(months?|mnths?|mths?|quarters?|qtrs?)\s+(?:of\s+)?(?:{YEAR_RE}|(this|last)\s+(?:year|yr))",
         lambda m, d: _first_units(_number(m[1]), _unit_of(m[2]), int(m[3]) if m[3] else _relative_year(m[4], d) or 0, d)),
        (r"\b(?:the\s+)?(?:last|past|previous|prior|trailing)\s+fortnight\b", lambda m, d: _rolling(2, "week", d)),
        (rf"since\s+{MONTH_RE}(?:\s+{YEAR_RE})?",
         lambda m, d: _clip(_month_year(m[1], m[2], d).start, d, d, f"since {m[1].title()}")),
        (rf"since\s+{YEAR_RE}", lambda m, d: _clip(date(int(m[1]), 1, 1), d, d, f"since {m[1]}")),
        (r"since\s+last\s+year", lambda m, d: _clip(date(d.year - 1, 1, 1), d, d, "since last year")),
        (rf"\bq([1-4])\s*(?:of\s+)?{YEAR_RE}", lambda m, d: _quarter_range(int(m[1]), int(m[2]), d)),
        (rf"{YEAR_RE}\s*-?\s*q([1-4])\b", lambda m, d: _quarter_range(int(m[2]), int(m[1]), d)),
        (r"\bq([1-4])\s+(?:of\s+)?last\s+year\b", lambda m, d: _quarter_range(int(m[1]), d.year - 1, d)),
        (r"\bq([1-4])\s+(?:of\s+)?this\s+year\b", lambda m, d: _quarter_range(int(m[1]), d.year, d)),
        (rf"\b{ORDINAL_RE}\s+quarter\s+(?:of\s+)?{YEAR_RE}",
         lambda m, d: _quarter_range(ORDINALS[m[1]], int(m[2]), d)),
        (rf"\b{ORDINAL_RE}\s+quarter\s+(?:of\s+)?(this|last)\s+(?:year|yr)\b",
         lambda m, d: _quarter_range(ORDINALS[m[1]], _relative_year(m[2], d), d)),
        (rf"\b{ORDINAL_RE}\s+quarter\b", lambda m, d: _quarter_range(ORDINALS[m[1]], None, d)),
        (r"\bq([1-4])\b", lambda m, d: _quarter_range(int(m[1]), None, d)),
        (rf"\b(?:h1|first half)\s*(?:of\s+)?{YEAR_RE}",
         lambda m, d: _clip(date(int(m[1]), 1, 1), date(int(m[1]), 6, 30), d)),
        (rf"\b(?:h2|second half)\s*(?:of\s+)?{YEAR_RE}",
         lambda m, d: _clip(date(int(m[1]), 7, 1), date(int(m[1]), 12, 31), d)),
        (rf"\b(?:last|past|previous|trailing|recent)\s+{NUMBER_RE}\s+{unit}\b",
         lambda m, d: _rolling(_number(m[1]), _unit_of(m[2]), d)),
        (r"\byesterday\b|\btoday\b", lambda m, d: _clip(d, d, d)),
        (r"\b(?:the\s+)?year\s+before\s+last\b", lambda m, d: _relative_period("year", "before_last", d)),
        (rf"\b({relative})\s+{unit}\b",
         lambda m, d: _relative_period(_unit_of(m[2]), "this" if m[1] in ("this", "current") else "last", d)),
        (rf"\b{MONTH_RE}\s+{YEAR_RE}\b", lambda m, d: _month_year(m[1], m[2], d)),
        (rf"\b(?:in|during|for|of)\s+{MONTH_RE}\b", lambda m, d: _month_year(m[1], None, d)),
        (rf"\b{FULL_MONTH_RE}\b", lambda m, d: _month_year(m[1], None, d)),
        (rf"\b{ISO_RE}\b", lambda m, d: _clip(_date_of(m[1]), _date_of(m[1]), d)),
        (rf"\b(?:fy\s?)?{YEAR_RE}\b", lambda m, d: _clip(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), d)),
    ]  # fmt: skip


def _to_date_rules() -> list[tuple[str, Rule]]:
    rules: list[tuple[str, Rule]] = []
    for unit, words in _phrases()["to_date"].items():
        pattern = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        rules.append((rf"(?:{pattern})", _to_date(unit)))
    return rules


def _to_date(unit: str) -> Rule:
    return lambda m, d: _clip(period_containing(d, unit)[0], d, d, f"{unit} to date")


def _chinese_rules() -> list[tuple[str, Rule]]:
    cn_unit = rf"({_unit_alternation('zh')})"
    cn_number = r"(\d+|十二|[一两二三四五六七八九十])"
    rules: list[tuple[str, Rule]] = [
        (
            r"(\d{4})年第?([1-4一二三四])季度",
            lambda m, d: _quarter_range(_number(m[2]) if not m[2].isdigit() else int(m[2]), int(m[1]), d),
        ),
        (r"(\d{4})年(\d{1,2})月(?!份?[上中下]旬)", lambda m, d: _month_range(int(m[2]), int(m[1]), d)),
        (r"(\d{4})年", lambda m, d: _clip(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), d)),
        (
            rf"(?:最近|近|过去|(?<!再)前(?![一1]个?(?:{cn_unit[1:-1]}))){cn_number}{cn_unit}",
            lambda m, d: _rolling(_number(m[1]), _unit_of(m[2]), d),
        ),
    ]
    for phrase, (unit, which) in _phrases()["chinese_relative"].items():
        rules.append((re.escape(phrase), _chinese_relative(unit, which)))
    return rules


def _chinese_relative(unit: str, which: str) -> Rule:
    return lambda m, d: _relative_period(unit, which, d)


@cache
def _compiled_rules() -> tuple[tuple[re.Pattern[str], Rule], ...]:
    chinese = _chinese_rules()
    rules = _to_date_rules() + chinese[:2] + _chinese_range_rules() + chinese[2:] + _range_rules() + _english_rules()
    return tuple((re.compile(pattern), rule) for pattern, rule in rules)


def _free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in spans)


def _find_ranges(text: str, as_of: date, taken: list[tuple[int, int]]) -> Iterator[tuple[tuple[int, int], DateRange]]:
    """Periods in order of appearance; earlier rules win where matches overlap."""
    found: list[tuple[tuple[int, int], DateRange]] = []
    for pattern, rule in _compiled_rules():
        for match in pattern.finditer(text):
            if _free(taken, match.start(), match.end()):
                try:
                    result = rule(match, as_of)
                except ValueError:  # "feb 30", "13月": not a date; left unread, the meaning check refuses it
                    continue
                taken.append(match.span())
                found.append((match.span(), result if isinstance(result, DateRange) else result[0]))
    yield from sorted(found, key=lambda item: item[0])


def _combine(ranges: tuple[DateRange, ...]) -> DateRange | None:
    """Several periods named without a comparison: "2025 ... in march 2025" is the one inside the others.
    Separate periods ("march and april", "this year and last year") may mean each, both together or a
    comparison: not one period, so they stay unread and are refused."""
    inner = max(ranges, key=lambda r: r.start)
    if all(r.start <= inner.start and inner.end <= r.end for r in ranges) and min(r.end for r in ranges) == inner.end:
        return inner
    return None


def _bind_bare_month(
    found: list[tuple[tuple[int, int], DateRange]], text: str, as_of: date
) -> list[tuple[tuple[int, int], DateRange]]:
    """ "revenue in 2025 in march", "2025 march", "last year in march": the month of the one year named."""
    if len(found) != 2:
        return found
    years = [item for item in found if _is_whole_year(item[1])]
    months = [item for item in found if _is_bare_month(text[item[0][0] : item[0][1]], item[1])]
    if len(years) != 1 or len(months) != 1 or years[0] is months[0]:
        return found
    year, (span, month) = years[0][1].start.year, months[0]
    bound = _month_range(month.start.month, year, as_of)
    return sorted([years[0], (span, bound)], key=lambda item: item[0])


def _clear_comparison(found: list[tuple[tuple[int, int], DateRange]], text: str) -> bool:
    """Two periods compared, and a bare month is not set against a period whose year is written."""
    if len(found) != 2:
        return False
    bare = [_is_bare_month(text[s:e], r) for (s, e), r in found]
    return all(bare) or not any(bare)


def _is_whole_year(period: DateRange) -> bool:
    return period.start == date(period.start.year, 1, 1) and period.end.year == period.start.year and (
        period.end.month, period.end.day) == (12, 31)  # fmt: skip


def _is_bare_month(phrase: str, period: DateRange) -> bool:
    """A month named without any year ("march", "in march", "3月")."""
    if re.search(r"\d{4}|year|yr|年", phrase) or not re.search(rf"\b{MONTH_RE}\b|\d月", phrase):
        return False
    return period.start.day == 1 and (period.start.year, period.start.month) == (period.end.year, period.end.month)


PreviousPeriod = tuple[date | None, date | None] | None  # the period of the question before (a follow-up)


def period_before(question: str, previous: PreviousPeriod) -> tuple[DateRange, tuple[int, int]] | None:
    """A follow-up "what about the quarter before that?": the period before the one just asked, when the
    previous question asked one whole (or to-date) period of that unit; otherwise None (left unread)."""
    if previous is None or previous[0] is None or previous[1] is None:
        return None
    baseline = find_period_before(question.lower())
    asked = DateRange(previous[0], previous[1], label_for(previous[0], previous[1]))
    if baseline is None or not fits(asked, baseline.unit):
        return None
    return previous_period(asked), baseline.span


def read_time(question: str, as_of: date, previous: PreviousPeriod = None) -> TimeReading:
    """Everything the question says about time, resolved against the as-of date; `previous` is the
    period of the question before, for a follow-up naming the period before it."""
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", question.lower())  # month-by-month; dates keep hyphens
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("～", "~")  # "Q2–Q3": one character each
    baseline = find_named_baseline(text, [])  # "vs the previous quarter" before "compared with the previous"
    comparison, comparison_spans = find_comparison(text, (baseline.span,) if baseline else ())
    taken = list(comparison_spans) + ([baseline.span] if baseline else [])
    days = read_days(text, taken)
    taken += list(days.spans)
    found = list(_find_ranges(text, as_of, taken))
    grain, grain_span = find_phrase(text, "grains", taken)
    if len(found) >= 2 and re.search(r"\b(vs\.?|versus|compared?|comparing|against|than)\b|对比|相比|比", text):
        comparison = "explicit"
    spans = [span for span, _ in found] + ([grain_span] if grain_span else []) + list(comparison_spans + days.spans)
    if baseline is not None and len(found) == 1 and fits(found[0][1], baseline.unit):
        comparison, spans = "previous_period", [*spans, baseline.span]  # "last month vs the month before"
    if comparison != "explicit":
        found = _bind_bare_month(found, text, as_of)
    elif not _clear_comparison(found, text):  # "2025 march vs april", "march vs april 2025": which year?
        unread = {span for span, _ in found}
        spans, found, comparison = [span for span in spans if span not in unread], [], None
    ranges = tuple(r for _, r in found)
    if comparison != "explicit" and len(ranges) >= 2:
        combined = _combine(ranges)
        if combined is None:  # "H2 last yr" read as H2 2026 and 2025: neither is answered, both stay unread
            unread = {span for span, _ in found}
            spans = [span for span in spans if span not in unread]
        ranges = (combined,) if combined is not None else ()
    named = change_grain(text, comparison_spans) if grain is None and comparison != "explicit" else None
    if named and not ranges:  # "revenue mom": the latest whole month against the one before
        ranges = (_relative_period(named, "last", as_of),)
    elif named and len(ranges) == 1 and not fits(ranges[0], named):  # "aov month over month this year"
        grain = named
    before = period_before(question, previous) if not ranges and comparison is None else None
    if before is not None:  # "and the month before?" after "orders last month"
        ranges, spans = (before[0],), [*spans, before[1]]
    return TimeReading(
        ranges=ranges, grain=grain, comparison=comparison, spans=tuple(sorted(spans)),
        days_of_week=days.days, by_day_of_week=days.group_by,
    )  # fmt: skip
