"""Periods that begin before the data are incomplete too: a change against one is never shown
("revenue 2024 vs 2023" when the orders begin in October 2023 is not "up 300%")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.periods import covered, withhold_partial_growth
from assistant.resources import Resources
from assistant.service import ask
from guards.principal_resolution import resolve_principal
from semantic_layer.query import TimeRange

AS_OF = date(2026, 9, 30)
COLUMNS = ("metric_time__year", "revenue", "revenue_previous", "revenue_change_pct")


def test_a_growth_against_a_baseline_begun_before_the_data_is_withheld() -> None:
    rows = (("2024-01-01", 5.9, 1.4, 3.0), ("2025-01-01", 6.6, 5.9, 0.12))
    kept, withheld = withhold_partial_growth(COLUMNS, rows, None, AS_OF, date(2023, 10, 1), "previous_period")
    assert kept[0] == ("2024-01-01", 5.9, 1.4, None) and kept[1] == rows[1]
    assert withheld == ("2024-01-01",)
    whole, none = withhold_partial_growth(COLUMNS, rows, None, AS_OF, date(2023, 1, 1), "previous_period")
    assert whole == rows and none == ()


def test_year_over_year_months_look_a_year_back() -> None:
    columns = ("metric_time__month", "orders", "orders_previous", "orders_change_pct")
    rows = (("2024-10-01", 10, 8, 0.25), ("2024-09-01", 9, None, None))
    kept, withheld = withhold_partial_growth(columns, rows, None, AS_OF, date(2023, 10, 15), "year_over_year")
    assert kept[0][3] is None and withheld == ("2024-10-01",)  # Oct 2023 is covered from the 15th only
    assert kept[1] == rows[1]  # already empty: not reported as withheld


def test_the_asked_range_starts_no_earlier_than_the_data() -> None:
    assert covered(None, date(2023, 10, 1)) == TimeRange(start=date(2023, 10, 1))
    asked = TimeRange(start=date(2023, 1, 1), end=date(2023, 12, 31), days_of_week=(6, 7))
    assert covered(asked, date(2023, 10, 1)) == TimeRange(
        start=date(2023, 10, 1), end=date(2023, 12, 31), days_of_week=(6, 7)
    )
    later = TimeRange(start=date(2024, 1, 1))
    assert covered(later, date(2023, 10, 1)) is later and covered(later, None) is later


@pytest.fixture(scope="module")
def data_start(resources: Resources) -> date:
    start = resources.data_start(["revenue"])
    assert start is not None and date(2023, 1, 1) < start < date(2024, 1, 1)  # the tiny warehouse begins inside 2023
    return start


@pytest.mark.parametrize(
    ("question", "unlike"),
    [("revenue 2024 vs 2023", "not compared"), ("2024年和2023年的销售额对比", "未作比较")],
)
def test_a_comparison_with_a_year_the_data_covers_in_part_gives_no_change(
    question: str, unlike: str, data_start: date, tiny_warehouse: Path
) -> None:
    answer = ask(question, resolve_principal(role="analyst"), warehouse=tiny_warehouse)
    (row,) = answer.rows
    values = dict(zip(answer.columns, row, strict=True))
    assert values["revenue"] > 0 and values["revenue_previous"] > 0
    assert values["revenue_change"] is None and values["revenue_change_pct"] is None
    assert unlike in answer.summary and "%" not in answer.summary
    assert any(n.code == "partial_period_growth" for n in answer.notices)


def test_whole_years_are_still_compared(data_start: date, tiny_warehouse: Path) -> None:
    answer = ask("revenue 2025 vs 2024", resolve_principal(role="analyst"), warehouse=tiny_warehouse)
    values = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert values["revenue_change_pct"] == pytest.approx(
        (values["revenue"] - values["revenue_previous"]) / values["revenue_previous"]
    )
    assert "%" in answer.summary and not any(n.code == "partial_period_growth" for n in answer.notices)


def test_the_first_year_of_a_series_is_marked_partial(data_start: date, tiny_warehouse: Path) -> None:
    answer = ask("revenue by year", resolve_principal(role="analyst"), warehouse=tiny_warehouse)
    marked = {p.value: p.marker for p in answer.partial_periods}
    first = str(answer.rows[0][0])[:10]
    assert first == f"{data_start.year}-01-01" and marked.get(first) == "partial"
