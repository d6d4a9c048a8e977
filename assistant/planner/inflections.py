"""English inflections folded onto one key: "rated", "rating" and "ratings" read alike, as do
"joined"/"join", "trended"/"trend", "churning"/"churn", "bought"/"buy".

The rules are general (verb endings -ed and -ing, a doubled final consonant, a silent final e), so
a synonym written in one form in the catalog matches every form a person types. The irregular forms
and the words the rules must leave alone are lists in words.yml (`inflections`).
"""

from __future__ import annotations

from functools import cache

from assistant.planner.word_file import words_file

VOWELS = set("aeiou")


@cache
def _lists() -> tuple[dict[str, str], frozenset[str]]:
    section = words_file().inflections
    return dict(section.irregular), frozenset(section.keep)


def _strip_verb_ending(word: str) -> str:
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("eed"):
        return word
    if word.endswith("ed") and len(word) > 4:
        return _undouble(word[:-2])
    if word.endswith("ing") and len(word) > 5:
        return _undouble(word[:-3])
    return word


def _undouble(base: str) -> str:
    """ "shopp" -> "shop", "stopp" -> "stop"; "sell" and "miss" keep their pair."""
    if len(base) > 2 and base[-1] == base[-2] and base[-1] not in VOWELS and base[-1] not in "lsz":
        return base[:-1]
    return base


def lemma(word: str) -> str:
    """The folded form of an English word that has already lost its plural ending."""
    irregular, keep = _lists()
    if word in keep:
        return word
    base = irregular.get(word) or _strip_verb_ending(word)
    return base[:-1] if base.endswith("e") and len(base) > 3 and not base.endswith("ee") else base
