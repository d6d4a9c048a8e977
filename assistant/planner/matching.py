"""Finds catalog phrases in a question: longest exact matches first, then small typos, then Chinese.

Each match keeps every catalog entry its words could mean, so the planner can see ambiguity
("sales" could be revenue, item_revenue or units_sold) instead of silently picking one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from assistant.planner.lexicon import Entry, Lexicon, planner_words
from assistant.planner.text import Token, edit_distance, normalize, tokenize, typo_budget


@dataclass(frozen=True)
class Match:
    entries: tuple[Entry, ...]
    start: int
    end: int
    text: str
    exact: bool = True

    @property
    def kinds(self) -> set[str]:
        return {entry.kind for entry in self.entries}

    def of_kind(self, kind: str) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.kind == kind)


@dataclass(frozen=True)
class MatchResult:
    matches: tuple[Match, ...]
    unknown_words: tuple[str, ...]
    text: str


class _Mask:
    """Which characters of the normalised question are already explained."""

    def __init__(self, length: int, spans: Sequence[tuple[int, int]]) -> None:
        self.used = [False] * length
        for start, end in spans:
            self.take(start, end)

    def free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def take(self, start: int, end: int) -> None:
        for index in range(max(start, 0), min(end, len(self.used))):
            self.used[index] = True


def find_matches(question: str, lexicon: Lexicon, explained: Sequence[tuple[int, int]] = ()) -> MatchResult:
    text = normalize(question)
    tokens = [t for t in tokenize(question) if not t.is_cjk]
    mask = _Mask(len(text), [*explained, *_verb_uses(text)])
    matches = _latin(tokens, lexicon, mask) + _chinese(text, lexicon, mask)
    matches.sort(key=lambda m: m.start)
    return MatchResult(tuple(matches), _unknown(tokens, mask, text), text)


def _verb_uses(text: str) -> list[tuple[int, int]]:
    """ "buyers who shop in more than one channel": "shop" is a verb here, not the store dimension."""
    return [m.span("verb") for pattern in planner_words().verb_uses for m in re.finditer(pattern, text)]


def _latin(tokens: list[Token], lexicon: Lexicon, mask: _Mask) -> list[Match]:
    """Longest phrases first; at each length exact stems, then small typos ("avrage order value")."""
    found: list[Match] = []
    stopwords = set(planner_words().stopwords)
    for length in range(min(lexicon.longest, len(tokens)), 0, -1):
        for fuzzy in (False, True):
            for i in range(len(tokens) - length + 1):
                window = tokens[i : i + length]
                start, end = window[0].start, window[-1].end
                if not mask.free(start, end) or (fuzzy and not _may_hold_typo(window, lexicon, stopwords)):
                    continue
                entries = (
                    _closest(window, lexicon, length) if fuzzy else lexicon.by_key.get(tuple(t.stem for t in window))
                )
                if entries:
                    mask.take(start, end)
                    found.append(Match(tuple(entries), start, end, " ".join(t.text for t in window), exact=not fuzzy))
    return found


def _may_hold_typo(window: list[Token], lexicon: Lexicon, stopwords: set[str]) -> bool:
    """A typo makes a word unknown: windows of known words only are not worth a fuzzy search."""
    return any(t.stem not in lexicon.vocabulary and t.text not in stopwords and not t.text.isdigit() for t in window)


def _lookup(window: list[Token], lexicon: Lexicon, fuzzy: bool) -> tuple[Entry, ...] | None:
    if fuzzy:
        return _closest(window, lexicon, len(window))
    return lexicon.by_key.get(tuple(t.stem for t in window))


def _closest(window: list[Token], lexicon: Lexicon, length: int) -> tuple[Entry, ...]:
    best_distance, best = 99, []
    for key, entries in lexicon.entries_of_length(length):
        distance = 0
        for token, word in zip(window, key, strict=True):
            d = 0 if token.stem == word else _typo_distance(token, word)
            if d > typo_budget(word):
                break
            distance += d
        else:
            if 0 < distance < best_distance:
                best_distance, best = distance, list(entries)
            elif distance == best_distance:
                best += [e for e in entries if e not in best]
    return tuple(best)


def _typo_distance(token: Token, word: str) -> int:
    """Edits between a word and the catalog word it may misspell; over budget when it is no plausible typo:
    a common English word ("stack" is not "snack"), an abbreviation ("avg"), or another first letter."""
    budget = typo_budget(word)
    if token.text in _never_typos() or token.stem in _never_typos() or token.stem[:1] != word[:1]:
        return budget + 1
    return edit_distance(token.stem, word, budget)


@cache
def _never_typos() -> frozenset[str]:
    fuzzy = planner_words().fuzzy
    return frozenset(fuzzy.common_words) | frozenset(planner_words().inflections.irregular)


def _chinese(text: str, lexicon: Lexicon, mask: _Mask) -> list[Match]:
    found: list[Match] = []
    if text.isascii():
        return found
    for phrase in sorted(lexicon.cjk, key=len, reverse=True):
        start = text.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            if mask.free(start, end):
                mask.take(start, end)
                found.append(Match(lexicon.cjk[phrase], start, end, phrase))
            start = text.find(phrase, end)
    return found


def _unknown(tokens: list[Token], mask: _Mask, text: str) -> tuple[str, ...]:
    """Content words nothing explained: evidence that the question asks for something we lack."""
    stopwords = set(planner_words().stopwords)
    return tuple(
        t.text
        for t in tokens
        if mask.free(t.start, t.end) and t.text not in stopwords and t.stem not in stopwords and not t.text.isdigit()
    )
