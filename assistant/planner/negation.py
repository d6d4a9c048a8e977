"""Negation and exclusion: "excluding marketplace", "non-Platinum", "除了华东以外", "不含直播".

A negation cue negates the value right after it (or, for 以外/之外, right before it), with only
linking words between; the value's whole dimension becomes a `!=` / `not in` filter. Cues that
negate no value are returned unused, so the planner can refuse instead of dropping them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.planner.matching import MatchResult
from assistant.planner.meaning_words import meaning_words
from assistant.planner.reachability import is_reachable
from semantic_layer.catalog import Catalog

Span = tuple[int, int]


@dataclass(frozen=True)
class ValueSpan:
    dimension: str
    start: int
    end: int


@dataclass(frozen=True)
class NegationReading:
    negated: frozenset[str]  # dimensions whose filter keeps everything but the values named
    used: tuple[Span, ...]  # cue spans that negated a value
    unused: tuple[tuple[str, Span], ...]  # cues that negated nothing the planner read


def _cue_pattern(cues: Sequence[str]) -> re.Pattern[str]:
    parts = [rf"\b{re.escape(c)}\b" if c.isascii() else re.escape(c) for c in sorted(cues, key=len, reverse=True)]
    return re.compile("|".join(parts))


def _gap_ok(gap: str) -> bool:
    words = meaning_words().negation.gap_words
    tokens = re.findall(r"[a-z']+|[\u4e00-\u9fff]", gap)
    cjk = [t for t in tokens if not t.isascii()]
    latin = [t for t in tokens if t.isascii()]
    return len(cjk) <= 2 and len(latin) <= 3 and all(t in words for t in latin) and not re.search(r"\d", gap)


def _after(cue_end: int, values: Sequence[ValueSpan], text: str) -> ValueSpan | None:
    following = [v for v in values if v.start >= cue_end]
    first = min(following, key=lambda v: v.start, default=None)
    return first if first is not None and _gap_ok(text[cue_end : first.start]) else None


def _before(cue_start: int, values: Sequence[ValueSpan], text: str) -> ValueSpan | None:
    preceding = [v for v in values if v.end <= cue_start]
    last = max(preceding, key=lambda v: v.end, default=None)
    return last if last is not None and len(text[last.end : cue_start].strip()) <= 2 else None


def read_negation(text: str, values: Sequence[ValueSpan], taken: Sequence[Span] = ()) -> NegationReading:
    """Which dimensions the question excludes values of, and which cues stayed unexplained."""
    words = meaning_words().negation
    negated: set[str] = set()
    used: list[Span] = []
    unused: list[tuple[str, Span]] = []
    for pattern, look in ((_cue_pattern(words.prefix), _after), (_cue_pattern(words.suffix), _before)):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in (*taken, *used)):
                continue
            anchor = match.end() if look is _after else match.start()
            value = look(anchor, values, text)
            if value is None:
                unused.append((match.group(), match.span()))
            else:
                negated.add(value.dimension)
                # the cue and the linking words up to the value ("not paid in cash") are explained
                used.append((match.start(), value.start) if look is _after else (value.end, match.end()))
    unused = [(cue, span) for cue, span in unused if not any(s <= span[0] < e for s, e in used)]
    return NegationReading(frozenset(negated), tuple(used), tuple(unused))


def values_after_negation(result: MatchResult, catalog: Catalog) -> MatchResult:
    """ "tickets other than refund ones": words that name a value and a metric read as the value right
    after a negation cue (what is left out is a kind of row, not a measure), when the question's
    other metrics can be filtered by that value's dimension ("revenue excluding refunds" stays as it is)."""
    pattern = _cue_pattern(meaning_words().negation.prefix)
    cue_ends = [m.end() for m in pattern.finditer(result.text)]
    matches = []
    for match in result.matches:
        after_cue = any(end <= match.start and _gap_ok(result.text[end : match.start]) for end in cue_ends)
        others = [e.target for m in result.matches if m is not match for e in m.of_kind("metric")]
        fits = bool(others) and all(is_reachable(e.target, others, catalog) for e in match.of_kind("value"))
        if after_cue and fits and match.of_kind("value") and match.of_kind("metric"):
            match = replace(match, entries=match.of_kind("value"))
        matches.append(match)
    return replace(result, matches=tuple(matches))


def phrase_cue_spans(text: str) -> list[Span]:
    """Spans of multi-word negation cues ("other than", "apart from"), explained before matching so that
    "other" is never read as the ticket category "other"."""
    phrases = [c for c in meaning_words().negation.prefix if " " in c]
    return [m.span() for m in _cue_pattern(phrases).finditer(text)] if phrases else []
