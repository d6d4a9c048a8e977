"""Cue words around catalog matches: grouping ("by", "按"), ranking ("top 5"), follow-ups, feedback.

Cue lists live in words.yml; this module only reads positions in the normalised question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.planner.lexicon import planner_words
from assistant.planner.matching import Match
from assistant.planner.meaning_words import meaning_words
from assistant.planner.time_words import time_phrases

CJK_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
LINKERS = {"and", "or", "the", "each", "every", "their", "its", "then", ",", "&", "和", "与", "及", "、"}


@dataclass(frozen=True)
class Ranking:
    descending: bool
    limit: int | None
    start: int
    end: int
    polar: str | None = None  # "good" / "bad": the metric's polarity; "fast" / "slow": a metric measured in time
    word: str = ""


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _words_before(text: str, position: int, count: int = 3) -> list[str]:
    return re.findall(r"[a-z0-9']+|[\u4e00-\u9fff]|,", text[:position])[-count:]


def is_grouping(text: str, match: Match, grouped_ends: list[int]) -> bool:
    """A dimension is grouped when a cue, "which", or a ranking sits just before it, or it chains
    after another grouped dimension ("by region and channel")."""
    words = planner_words()
    cues = set(words.grouping_cues) | set(words.ranking.singular_cues)
    cues |= set(words.ranking.descending) | set(words.ranking.ascending) | {"many"}
    cues |= set(meaning_words().polarity.good) | set(meaning_words().polarity.bad)
    cues |= set(meaning_words().duration.fast) | set(meaning_words().duration.slow)  # "fastest support channel"
    skipped = {"the", "of", "their", "its", "our", *words.grouping_skip_words}
    before = [w for w in _words_before(text, match.start, 5) if w not in skipped]
    if _chinese_cue_before(text, match.start, cues):
        return True
    if before and (before[-1] in cues or before[-1].isdigit() or before[-1] in WORD_NUMBERS):
        return True
    if len(before) >= 2 and before[-2] in cues and before[-1] in ("top", "bottom"):
        return True
    if len(before) >= 3 and before[-3] in cues and before[-2] in _grain_units() and before[-1] in ("and", ","):
        return True  # "by month and region": the grain is grouped first
    between = text[grouped_ends[-1] : match.start] if grouped_ends else ""
    return bool(grouped_ends) and set(re.findall(r"[a-z]+|[,&和与及、]", between)) <= LINKERS


@lru_cache(maxsize=1)
def _grain_units() -> frozenset[str]:
    return frozenset(w for words in time_phrases()["unit_words"].values() for w in words if w.isascii())


def _chinese_cue_before(text: str, position: int, cues: set[str]) -> bool:
    """按地区, 各渠道, 哪个城市, 前3个城市: a cue, maybe a number and a measure word, then the dimension."""
    chinese = _alternation([cue for cue in cues if not cue.isascii()] + ["前"])
    window = text[max(0, position - 8) : position]
    pattern = rf"(?:{chinese})的?\s*(?:\d+|[一二两三四五六七八九十]+)?\s*[个名家]?\s*的?\s*$"
    return re.search(pattern, window) is not None


def find_ranking(text: str) -> Ranking | None:
    """The first ranking word ("top 5", "lowest", "最高", "前3"), with its number when one follows."""
    ranking = planner_words().ranking
    polarity, duration = meaning_words().polarity, meaning_words().duration
    words = [*ranking.descending, *ranking.ascending, *polarity.good, *polarity.bad, *duration.fast, *duration.slow]
    english = _alternation([w for w in words if w.isascii()])
    chinese = _alternation([w for w in words if not w.isascii()])
    number = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|[一二两三四五六七八九十])"
    pattern = (
        rf"(?:\b{number}\s+)?\b({english})\b(?:\s*{number}\b)?|({chinese})(?:的?\s*{number}\s*[个名家])?"
        rf"|(前|后)\s*{number}(?!\s*个?(?:月|季度|周|星期|年|天|日))"  # 前8个月 is a period, not a top 8
    )
    match = re.search(pattern, text)
    if match is None:
        return None
    word = match.group(2) or match.group(4) or match.group(6)
    count = match.group(1) or match.group(3) or match.group(5) or match.group(7)
    polar = {**dict.fromkeys(polarity.good, "good"), **dict.fromkeys(polarity.bad, "bad")}.get(word)
    polar = polar or {**dict.fromkeys(duration.fast, "fast"), **dict.fromkeys(duration.slow, "slow")}.get(word)
    descending = word in ranking.descending or word == "前" or polar == "good"
    return Ranking(descending, _number(count) if count else None, match.start(), match.end(), polar, word)


def _number(token: str) -> int:
    if token.isdigit():
        return int(token)
    return WORD_NUMBERS.get(token) or CJK_NUMBERS[token]


def asks_for_one(text: str, ranking: Ranking) -> bool:
    """ "which channel has the highest AOV" asks for one row; "top cities" for several."""
    singular = planner_words().ranking.singular_cues
    head = text[: ranking.start]
    chinese_superlative = not ranking.word.isascii() and ranking.word not in ("前", "后")  # 订单数最多的门店城市
    singular_cue = any(re.search(rf"(^|\b){re.escape(cue)}", head) for cue in singular)
    return ranking.limit is None and (singular_cue or chinese_superlative)


def has_phrase(text: str, phrases: Sequence[str]) -> str | None:
    """The longest phrase of the list present in the text (word-bounded for English)."""
    match = _phrase_pattern(tuple(phrases)).search(text)
    return match.group(1) if match else None


@lru_cache(maxsize=64)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    parts = [rf"\b{re.escape(p)}\b" if p.isascii() else re.escape(p) for p in sorted(phrases, key=len, reverse=True)]
    return re.compile(f"({'|'.join(parts)})" if parts else "(?!x)x")


def is_followup(text: str) -> bool:
    starters = planner_words().followup.starters
    stripped = text.strip()
    return any(re.match(rf"{re.escape(s)}(\b|$)" if s.isascii() else re.escape(s), stripped) for s in starters)


def is_additive(text: str) -> bool:
    return has_phrase(text, planner_words().followup.additive) is not None
