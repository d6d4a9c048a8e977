"""Guard and semantic-layer notices in the reply language. The guards word their notices in English;
for another language the known ones (small groups hidden, row limit, masks, a
governed substitution) are re-worded from templates, with their numbers read from the English text.
Unknown notices stay as they are (a notice is never dropped). The differential-privacy notice
("revenue ± about 75,000") stays as the guards word it: its text is read by clients
(guards.privacy.answer.margins_in), so it is a contract, not just wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.labels import Labels
from assistant.templates import phrase
from engines.notices import Notice

FEWER_THAN = re.compile(r"fewer than (\d+)")
FIRST_ROWS = re.compile(r"first (\d+) rows")
SWAPPED = re.compile(r"I used (\w+) instead of (\w+)")


def _small_groups(notice: Notice, labels: Labels) -> str | None:
    found = FEWER_THAN.search(notice.message)
    return phrase(labels.language, "notice_small_groups_suppressed", n=found.group(1)) if found else None


def _row_limit(notice: Notice, labels: Labels) -> str | None:
    found = FIRST_ROWS.search(notice.message)
    return phrase(labels.language, "notice_row_limit", n=found.group(1)) if found else None


def _column(notice: Notice, labels: Labels) -> str | None:
    if not notice.column:
        return None
    return phrase(labels.language, f"notice_{notice.code}", column=labels.column(notice.column))


def _substitution(notice: Notice, labels: Labels) -> str | None:
    found = SWAPPED.search(notice.message)
    if found is None:
        return None
    new, old = (labels.column(name) for name in found.groups())
    return phrase(labels.language, "notice_substitution", old=old, new=new)


WORDING: dict[str, Callable[[Notice, Labels], str | None]] = {
    "small_groups_suppressed": _small_groups,
    "row_limit": _row_limit,
    "masked": _column,
    "generalized": _column,
    "substitution": _substitution,
}


def in_language(notices: tuple[Notice, ...], labels: Labels) -> tuple[Notice, ...]:
    if labels.language == "en":
        return notices
    worded = []
    for notice in notices:
        reword = WORDING.get(notice.code)
        text = reword(notice, labels) if reword else None
        worded.append(replace(notice, message=text) if text else notice)
    return tuple(worded)
