"""Chinese period patterns, in the order they are tried: 2025年第三季度, 3月3日到4月9日, 去年下半年,
今年前8个月, 9月上旬, 最近3个月, 上个月. Word lists come from time_phrases.yml through `grammar()`."""

from __future__ import annotations

import re
from datetime import date

from assistant.planner.time_english_rules import Rule
from assistant.planner.time_periods import (
    clip,
    first_units,
    half,
    latest_started,
    month_range,
    quarter_range,
    relative_period,
    rolling,
    year_range,
)
from assistant.planner.time_spans import TEN_DAY_STARTS, day_range, single_day, ten_days
from assistant.planner.time_vocabulary import (
    grammar,
    month_name,
    number,
    relative_year,
    unit_alternation,
    unit_of,
    year_word,
)
from assistant.planner.time_words import time_phrases

TO = r"\s*(?:到|至|-|~)\s*"


def _this_or_last(word: str, as_of: date) -> str:
    return "this" if relative_year(word, as_of) == as_of.year else "last"


def _year_or_relative(year: str | None, relative: str | None, as_of: date) -> int | None:
    return int(year) if year else relative_year(relative, as_of)


def year_rules() -> list[tuple[str, Rule]]:
    """A quarter or a month of a written year, tried before the ranges: 2025年第三季度, 2025年3月."""
    return [
        (r"(\d{4})年第?([1-4一二三四])季度", lambda m, d: quarter_range(number(m[2]), int(m[1]), d)),
        (r"(\d{4})年(\d{1,2})月(?!份?[上中下]旬)", lambda m, d: month_range(int(m[2]), int(m[1]), d)),
    ]


def range_rules() -> list[tuple[str, Rule]]:
    """3月3日到4月9日, 5月到7月, 9月10号到20号, 去年10月以来, 去年下半年, 今年一季度, 7月."""
    g = grammar()
    rel, parts = f"{g.chinese_relative_year}?", "|".join(TEN_DAY_STARTS)
    return [
        (r"去年(?:本月|同月|当月|这个月)", lambda m, d: month_range(d.month, d.year - 1, d)),  # 同比去年本月
        (r"去年(?:本季度|同季度|当季|这个季度)", lambda m, d: quarter_range((d.month - 1) // 3 + 1, d.year - 1, d)),
        (r"(\d{4})\s*(?:年)?全年", lambda m, d: year_range(int(m[1]), d)),
        (rf"{g.chinese_relative_year}全年", lambda m, d: relative_period("year", _this_or_last(m[1], d), d)),
        (rf"(?:(\d{{4}})年|{rel})(\d{{1,2}})月份?({parts})",
         lambda m, d: ten_days(int(m[3]), m[4], _year_or_relative(m[1], m[2], d), d)),
        (rf"(?:(\d{{4}})年|{g.chinese_relative_year})(?:的)?前{g.chinese_number}个?(月|季度)",
         lambda m, d: first_units(number(m[3]), unit_of(m[4]), _year_or_relative(m[1], m[2], d) or 0, d)),
        (rf"(\d{{1,2}})月(\d{{1,2}})[日号]?{TO}(\d{{1,2}})月(\d{{1,2}})[日号]?",
         lambda m, d: day_range(month_name(int(m[1])), m[2], month_name(int(m[3])), m[4], d)),
        (rf"(\d{{1,2}})月(\d{{1,2}})[日号]{TO}(\d{{1,2}})[日号]",
         lambda m, d: day_range(month_name(int(m[1])), m[2], month_name(int(m[1])), m[3], d)),
        (rf"{rel}(\d{{1,2}})(?:月份?)?{TO}(\d{{1,2}})月份?",
         lambda m, d: clip(month_range(int(m[2]), relative_year(m[1], d), d).start,
                           month_range(int(m[3]), relative_year(m[1], d), d).end, d)),
        (rf"(?:(\d{{4}})年|{rel})(\d{{1,2}})月(\d{{1,2}})[日号](?!\s*(?:到|至|-|~|以来|至今))",
         lambda m, d: single_day(month_name(int(m[3])), m[4], m[1] or year_word(m[2], d), d)),
        (rf"{rel}(\d{{1,2}})月份?(?:以来|至今)",
         lambda m, d: clip(date(relative_year(m[1], d) or latest_started(int(m[2]), d), int(m[2]), 1), d, d)),
        (rf"(?:(\d{{4}})年|{rel}){g.chinese_half}", lambda m, d: half(m[3], _year_or_relative(m[1], m[2], d), d)),
        (g.chinese_half, lambda m, d: half(m[1], d.year if m[1] == "上半年" else None, d)),
        (rf"{rel}第?([1-4一二三四])季度", lambda m, d: quarter_range(number(m[2]), relative_year(m[1], d), d)),
        (rf"{rel}(\d{{1,2}})月份?(?!\d)", lambda m, d: month_range(int(m[2]), relative_year(m[1], d), d)),
    ]  # fmt: skip


def relative_rules() -> list[tuple[str, Rule]]:
    """A written year, a rolling window (最近3个月, 前两周) and the relative periods (上个月, 本季度)."""
    unit, count = unit_alternation("zh"), grammar().chinese_number
    rules: list[tuple[str, Rule]] = [
        (r"(\d{4})年", lambda m, d: year_range(int(m[1]), d)),
        (
            rf"(?:最近|近|过去|(?<!再)前(?![一1]个?(?:{unit}))){count}({unit})",
            lambda m, d: rolling(number(m[1]), unit_of(m[2]), d),
        ),
    ]
    for phrase, (period_unit, which) in time_phrases()["chinese_relative"].items():
        rules.append((re.escape(phrase), _relative(period_unit, which)))
    return rules


def _relative(unit: str, which: str) -> Rule:
    return lambda m, d: relative_period(unit, which, d)
