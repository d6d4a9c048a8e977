"""English period patterns, in the order they are tried (an earlier rule wins where matches overlap).

Each rule is a pattern and a function from its match and the as-of date to a period. The grammar
(from/to/since/between/of) is written here; month names, numbers, ordinals, halves and relative
years come from time_phrases.yml through `grammar()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from assistant.planner.periods import DateRange
from assistant.planner.time_periods import (
    clip,
    first_units,
    half,
    month_range,
    quarter_range,
    relative_period,
    rolling,
    year_range,
)
from assistant.planner.time_spans import (
    day_in,
    day_range,
    days_of_month,
    month_span,
    quarter_span,
    since_last,
    single_day,
)
from assistant.planner.time_vocabulary import (
    DAY_RE,
    ISO_RE,
    YEAR_RE,
    grammar,
    inner,
    month_number,
    number,
    ordinal,
    relative_year,
    unit_alternation,
    unit_of,
)
from assistant.planner.time_words import time_phrases

Rule = Callable[[re.Match[str], date], DateRange]
TO = r"\s*(?:to|through|thru|until|till|and|-)\s*"


def _month_year(month: str, year: str | None, as_of: date) -> DateRange:
    return month_range(month_number(month), int(year) if year else None, as_of)


def _iso(token: str) -> date:
    return date.fromisoformat(token)


def range_rules() -> list[tuple[str, Rule]]:
    """Ranges and half-years: "from 3 March to 9 April", "since last October", "H1", "second half of last year"."""
    g = grammar()
    month, rel = g.month, rf"{g.relative_year}\s+(?:year|yr)"
    span_year = rf"(?:(?P<y{{n}}>{inner(YEAR_RE)})|(?P<r{{n}}>{inner(g.relative_year)})\s+(?:year|yr))"
    return [
        (rf"\b(?:from\s+|between\s+)?{DAY_RE}\s+{month}{TO}{DAY_RE}\s+{month}\b",
         lambda m, d: day_range(m[2], m[1], m[4], m[3], d)),
        (rf"\b(?:from\s+|between\s+)?{month}\s+{DAY_RE}{TO}{month}\s+{DAY_RE}\b",
         lambda m, d: day_range(m[1], m[2], m[3], m[4], d)),
        (rf"\b(?:from\s+|between\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th){TO}(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)\b",
         lambda m, d: days_of_month(m[1], m[2], d)),
        (rf"\bsince\s+last\s+{month}\b", lambda m, d: since_last(m[1], d)),
        (rf"\bsince\s+{month}\s+{DAY_RE}\b",
         lambda m, d: clip(day_in(month_number(m[1]), int(m[2]), None, d), d, d, f"since {m[1].title()} {m[2]}")),
        (rf"\bbefore\s+{YEAR_RE}\b",
         lambda m, d: DateRange(date(2000, 1, 1), date(int(m[1]) - 1, 12, 31), f"before {m[1]}")),
        (rf"\b(?:the\s+)?{g.half}\s*(?:of\s+)?(?:{YEAR_RE}|{rel})",
         lambda m, d: half(m[1], int(m[2]) if m[2] else relative_year(m[3], d), d)),
        (rf"\b(?:the\s+)?{g.half}\b", lambda m, d: half(m[1], None, d)),
        (rf"\b(?:(?P<between>between)\s+|from\s+)?(?P<m1>{inner(month)})(?:\s+{span_year.format(n=1)})?"
         rf"\s*(?P<joiner>to|through|thru|until|till|-|and)\s*(?P<m2>{inner(month)})\b"
         rf"(?:,?\s+{span_year.format(n=2)})?",
         month_span),
        (rf"\b{g.full_month}\s+{rel}\b", lambda m, d: month_range(month_number(m[1]), relative_year(m[2], d), d)),
        (rf"\b{month}\s+{DAY_RE}(?:,?\s+{YEAR_RE})?\b(?!\s*(?:{unit_alternation()})\b)",
         lambda m, d: single_day(m[1], m[2], m[3], d)),
        (rf"(?<!top )(?<!bottom )(?<!first )(?<!last )(?<!past )\b(?:the\s+)?{DAY_RE}\s+(?:of\s+)?{month}(?:,?\s+{YEAR_RE})?\b",
         lambda m, d: single_day(m[2], m[1], m[3], d)),
    ]  # fmt: skip


def english_rules() -> list[tuple[str, Rule]]:
    """Quarters, rolling windows, relative periods, months and years: "q3 2025", "last 8 weeks", "fy2025"."""
    g = grammar()
    unit, month, rel = rf"({unit_alternation()})", g.month, rf"{g.relative_year}\s+(?:year|yr)"
    relative = "|".join(time_phrases()["relative"]["last"] + time_phrases()["relative"]["this"])
    return [
        (rf"(?:between|from)\s+{ISO_RE}\s+(?:and|to|through|until)\s+{ISO_RE}",
         lambda m, d: clip(_iso(m[1]), _iso(m[2]), d)),
        (rf"since\s+{ISO_RE}", lambda m, d: clip(_iso(m[1]), d, d, f"since {m[1]}")),
        (rf"\b(?:(?P<between>between)\s+|from\s+)?q(?P<q1>[1-4])\s*(?P<joiner>to|through|thru|until|-|and)\s*q(?P<q2>[1-4])\b"
         rf"(?:\s+(?:of\s+)?(?:(?P<year>{inner(YEAR_RE)})|(?P<rel>{inner(g.relative_year)})\s+(?:year|yr)))?",
         quarter_span),
        (rf"\b(?:the\s+)?first\s+{g.number}\s+(months?|mnths?|mths?|quarters?|qtrs?)\s+(?:of\s+)?(?:{YEAR_RE}|{rel})",
         lambda m, d: first_units(number(m[1]), unit_of(m[2]), int(m[3]) if m[3] else relative_year(m[4], d) or 0, d)),
        (r"\b(?:the\s+)?(?:last|past|previous|prior|trailing)\s+fortnight\b", lambda m, d: rolling(2, "week", d)),
        (rf"since\s+{month}(?:\s+{YEAR_RE})?",
         lambda m, d: clip(_month_year(m[1], m[2], d).start, d, d, f"since {m[1].title()}")),
        (rf"since\s+{YEAR_RE}", lambda m, d: clip(date(int(m[1]), 1, 1), d, d, f"since {m[1]}")),
        (r"since\s+last\s+year", lambda m, d: clip(date(d.year - 1, 1, 1), d, d, "since last year")),
        (rf"\bq([1-4])\s*(?:of\s+)?{YEAR_RE}", lambda m, d: quarter_range(int(m[1]), int(m[2]), d)),
        (rf"{YEAR_RE}\s*-?\s*q([1-4])\b", lambda m, d: quarter_range(int(m[2]), int(m[1]), d)),
        (rf"\bq([1-4])\s+(?:of\s+)?{g.relative_year}\s+(?:year|yr)\b",
         lambda m, d: quarter_range(int(m[1]), relative_year(m[2], d), d)),
        (rf"\b{g.ordinal}\s+quarter\s+(?:of\s+)?{YEAR_RE}", lambda m, d: quarter_range(ordinal(m[1]), int(m[2]), d)),
        (rf"\b{g.ordinal}\s+quarter\s+(?:of\s+)?{rel}\b",
         lambda m, d: quarter_range(ordinal(m[1]), relative_year(m[2], d), d)),
        (rf"\b{g.ordinal}\s+quarter\b", lambda m, d: quarter_range(ordinal(m[1]), None, d)),
        (r"\bq([1-4])\b", lambda m, d: quarter_range(int(m[1]), None, d)),
        (rf"\b(?:last|past|previous|trailing|recent)\s+{g.number}\s+{unit}\b",
         lambda m, d: rolling(number(m[1]), unit_of(m[2]), d)),
        (r"\byesterday\b|\btoday\b", lambda m, d: clip(d, d, d)),
        (r"\b(?:the\s+)?year\s+before\s+last\b", lambda m, d: relative_period("year", "before_last", d)),
        (rf"\b({relative})\s+{unit}\b",
         lambda m, d: relative_period(unit_of(m[2]), "this" if m[1] in ("this", "current") else "last", d)),
        (rf"\b{month}\s+{YEAR_RE}\b", lambda m, d: _month_year(m[1], m[2], d)),
        (rf"\b(?:in|during|for|of)\s+{month}\b", lambda m, d: _month_year(m[1], None, d)),
        (rf"\b{g.full_month}\b", lambda m, d: _month_year(m[1], None, d)),
        (rf"\b{ISO_RE}\b", lambda m, d: clip(_iso(m[1]), _iso(m[1]), d)),
        (rf"\b(?:fy\s?)?{YEAR_RE}\b", lambda m, d: year_range(int(m[1]), d)),
    ]  # fmt: skip
