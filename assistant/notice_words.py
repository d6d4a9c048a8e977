"""Guard and semantic-layer notices in the reply language. The guards word their notices in English;
for another language the known ones (small groups hidden, row limit, masks, a
governed substitution) are re-worded from templates, with their numbers read from the English text.
The differential-privacy notice ("Revenue ± about 75,000") carries its figures as data
(`Notice.privacy`, which clients read) and is rendered from the templates in every language.
Unknown notices stay as they are (a notice is never dropped).
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


def about(value: float) -> str:
    """A margin to two significant figures, with thousands separators: 75,000, 3.1, 0.42."""
    if value >= 99.5:
        return f"{round(value, 2 - len(str(int(value)))):,.0f}"
    return f"{value:.2g}"


def _approximate(notice: Notice, labels: Labels) -> str | None:
    release = notice.privacy
    if release is None:
        return None
    say = lambda key, **v: phrase(labels.language, key, **v)  # noqa: E731
    parts = [
        say("notice_margin", column=labels.column(m.column), about=about(m.plus_minus))
        if m.plus_minus is not None
        else say("notice_margin_unknown", column=labels.column(m.column))
        for m in release.margins
    ]
    close = say("notice_margins", margins=say("notice_margin_join").join(parts), confidence=f"{release.confidence:.0%}")
    budget = say(
        "notice_budget_left", period=say(f"budget_period_{release.budget_period}"),
        left=f"{release.budget_left:g}", total=f"{release.budget_total:g}",
    )  # fmt: skip
    return say("notice_approximate", margins=close if parts else "", budget=budget)


ALWAYS_WORDED = {"approximate": _approximate}  # notices whose words come from the templates in every language

WORDING: dict[str, Callable[[Notice, Labels], str | None]] = {
    **ALWAYS_WORDED,
    "small_groups_suppressed": _small_groups,
    "row_limit": _row_limit,
    "masked": _column,
    "generalized": _column,
    "substitution": _substitution,
}


def in_language(notices: tuple[Notice, ...], labels: Labels) -> tuple[Notice, ...]:
    worded = []
    for notice in notices:
        reword = WORDING.get(notice.code) if labels.language != "en" else ALWAYS_WORDED.get(notice.code)
        text = reword(notice, labels) if reword else None
        worded.append(replace(notice, message=text) if text else notice)
    return tuple(worded)
