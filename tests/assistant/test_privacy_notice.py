"""The differential-privacy notice carries its figures as data (Notice.privacy) and is worded from
the templates in the reply language; clients read the margins from the data, never the words."""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.notice_words import budget
from assistant.service import ask
from guards.principal_resolution import resolve_principal
from guards.privacy.answer import margins_of

VIEWER = resolve_principal(role="viewer")


def approximate(answer):  # type: ignore[no-untyped-def]
    return next(n for n in answer.notices if n.code == "approximate")


def test_margins_are_data_and_the_english_words_come_from_them(tiny_warehouse: Path) -> None:
    answer = ask("revenue by region", VIEWER, warehouse=tiny_warehouse)
    notice = approximate(answer)
    margin = margins_of(answer.notices)["revenue"]
    assert notice.privacy is not None and notice.privacy.margin_of("revenue") == margin and margin > 1_000
    shown = re.search(r"Revenue ± about ([\d,]+)", notice.message)
    assert shown is not None and abs(float(shown.group(1).replace(",", "")) - margin) <= 0.05 * margin
    left = f"{budget(notice.privacy.budget_left)} of {budget(notice.privacy.budget_total)}"
    assert f"privacy budget left this day: {left}" in notice.message
    payload = json.loads(json.dumps(answer.to_json_dict()))
    released = next(n for n in payload["notices"] if n["code"] == "approximate")["privacy"]
    assert released["margins"] == [{"column": "revenue", "plus_minus": margin}] and released["confidence"] == 0.95


def test_a_chinese_question_gets_the_notice_in_chinese_with_the_same_figures(tiny_warehouse: Path) -> None:
    english = ask("revenue by region", VIEWER, warehouse=tiny_warehouse)
    chinese = ask("各地区的销售额", VIEWER, warehouse=tiny_warehouse)
    notice = approximate(chinese)
    assert "销售额 ± 约" in notice.message and "本日剩余隐私预算" in notice.message
    assert not re.search(r"[A-Za-z]{3,}", notice.message), notice.message  # no English words left
    assert margins_of(chinese.notices)["revenue"] == margins_of(english.notices)["revenue"]  # same release shape


def test_a_ratio_is_marked_approximate_without_a_figure(tiny_warehouse: Path) -> None:
    answer = ask("各渠道的客单价", VIEWER, warehouse=tiny_warehouse)
    notice = approximate(answer)
    assert notice.privacy is not None and notice.privacy.as_dict() == {"aov": None}
    assert "客单价为近似值" in notice.message and "aov" not in margins_of(answer.notices)
