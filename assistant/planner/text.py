"""Normalising question text: tokens, light stemming and typo distance.

The planner matches tokens, not raw substrings, so that "Gold members" and "members in gold" read
alike, "customers" matches "customer", and "revnue" still finds "revenue". Chinese has no spaces,
so each run of CJK characters is kept as one token and matched by substring instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.planner.inflections import lemma

TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[\u4e00-\u9fff]+")
IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman", "analyses": "analysis"}
KEEP = {"status", "gmv", "aov", "csat", "clv", "vs", "this", "gas", "plus", "news", "analysis", "less", "across"}


@dataclass(frozen=True)
class Token:
    text: str
    stem: str
    start: int
    end: int

    @property
    def is_cjk(self) -> bool:
        return not self.text.isascii()


def normalize(text: str) -> str:
    """Lower case, with underscores, hyphens and full-width punctuation read as spaces."""
    lowered = text.lower().replace("_", " ").replace("-", " ")
    return re.sub(r"[，。？！、；：（）\u3000]", " ", lowered)


def stem(word: str) -> str:
    """A deliberately small English stemmer: plural endings, then verb endings (inflections.py)."""
    if not word.isascii() or word in KEEP:
        return word
    return lemma(word) if len(word) <= 3 else lemma(_singular(word))  # short: only abbreviations ("qty")


def _singular(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> tuple[Token, ...]:
    normalized = normalize(text)
    return tuple(Token(m.group(), stem(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(normalized))


def phrase_key(text: str) -> tuple[str, ...]:
    """The stems of a phrase, the key under which the lexicon stores it."""
    return tuple(token.stem for token in tokenize(text))


@lru_cache(maxsize=65536)
def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
        if min(previous) > limit:
            return limit + 1
    return previous[-1]


def typo_budget(word: str) -> int:
    """How many edits a word may carry and still match: none for short words."""
    if len(word) < 5 or not word.isascii() or word.isdigit():
        return 0
    return 1 if len(word) < 9 else 2
