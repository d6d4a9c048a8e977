"""全年 (the whole year) and 去年本月 / 去年同季度 (the same month or quarter last year) are read whole,
never as "年" left unread or the whole of last year."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.planner.time_expressions import read_time

AS_OF = date(2026, 9, 30)


@pytest.mark.parametrize(
    ("question", "periods"),
    [
        ("2025全年订单数", [(date(2025, 1, 1), date(2025, 12, 31))]),
        ("去年全年的GMV", [(date(2025, 1, 1), date(2025, 12, 31))]),
        ("本月销售额同比去年本月", [(date(2026, 9, 1), date(2026, 9, 30)), (date(2025, 9, 1), date(2025, 9, 30))]),
        ("本季度收入对比去年同季度", [(date(2026, 7, 1), date(2026, 9, 30)), (date(2025, 7, 1), date(2025, 9, 30))]),
    ],
)
def test_whole_and_same_periods(question: str, periods: list[tuple[date, date]]) -> None:
    reading = read_time(question, AS_OF)
    assert [(r.start, r.end) for r in reading.ranges] == periods
