"""The meaning-changing word lists (meaning_words.yml) as one typed, frozen model.

Unknown keys fail loading, so a misspelt list name cannot silently switch a check off.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

WORDS_FILE = Path(__file__).with_name("meaning_words.yml")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NegationWords(_Frozen):
    prefix: tuple[str, ...]
    suffix: tuple[str, ...]
    gap_words: tuple[str, ...]


class TimeWords(_Frozen):
    english: tuple[str, ...]
    chinese: tuple[str, ...]
    ordinal_pattern: str


class PolarityWords(_Frozen):
    good: tuple[str, ...]
    bad: tuple[str, ...]


class DurationWords(_Frozen):
    fast: tuple[str, ...]  # the lowest of a metric measured in time
    slow: tuple[str, ...]  # the highest
    formats: tuple[str, ...]  # catalog formats that are units of time


class ChangeParticles(_Frozen):
    words: tuple[str, ...]  # "up", "down"
    after: tuple[str, ...]  # verbs a change particle follows: "gone down", "is up"
    not_before: tuple[str, ...]  # "up to last month" is until


class UnitQuestionWords(_Frozen):
    chinese_cues: tuple[str, ...]  # 哪个月: a question word before the unit
    chinese_units: dict[str, str]  # 月份 -> month


class MeaningWords(_Frozen):
    negation: NegationWords
    share: tuple[str, ...]
    share_of_total: tuple[str, ...]
    comparison: tuple[str, ...]
    comparison_adjectives: tuple[str, ...]
    change_question: tuple[str, ...]  # "up or down", 涨跌: a comparison of two periods is asked
    change_particles: ChangeParticles  # "is revenue up this month": a bare up / down asks for a change
    baseline_cues: tuple[str, ...]  # "vs last quarter": the one period named is the baseline
    time: TimeWords
    per_group: tuple[str, ...]
    unit_question: UnitQuestionWords  # 订单最多的月份: one period of the unit, ranked
    polarity: PolarityWords
    duration: DurationWords
    harmless: tuple[str, ...]
    pronoun_one: str  # "which one is worst?": "one" stands for a row, it is not a number
    chinese_filler: tuple[str, ...]


@cache
def meaning_words() -> MeaningWords:
    with WORDS_FILE.open(encoding="utf-8") as handle:
        return MeaningWords.model_validate(yaml.safe_load(handle))
