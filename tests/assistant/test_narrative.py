"""Narrative rules from the catalog: totals only for additive metrics, incomplete periods at every
grain, numbers and dates formatted by the metric's format and the grain, in English and Chinese."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.formatting import format_change, format_period, format_signed, format_value
from assistant.labels import labels_for, readable
from assistant.narrative import NarrativeInput, narrate
from assistant.periods import like_for_like, period_end, period_of
from semantic_layer.aggregation import AggregationKind, aggregation_kind, aggregation_kinds
from semantic_layer.catalog import load_catalog
from semantic_layer.query import TimeRange
from semantic_layer.value_labels import load_value_labels

CATALOG = load_catalog()
KINDS = aggregation_kinds(CATALOG)
AS_OF = date(2026, 9, 30)
FORMATS = {name: metric.format for name, metric in CATALOG.metrics.items()}
LABELS = {"revenue": "Revenue", "aov": "Average order value", "active_customers": "Active customers",
          "return_rate": "Return rate", "avg_rating": "Average rating", "channel": "Sales channel",
          "order_count": "Orders"}  # fmt: skip


@pytest.mark.parametrize(
    ("metric", "kind"),
    [
        ("revenue", AggregationKind.ADDITIVE),  # simple over a sum measure
        ("ticket_count", AggregationKind.ADDITIVE),  # simple over a count measure
        ("net_revenue", AggregationKind.ADDITIVE),  # derived from additive inputs
        ("order_count", AggregationKind.ADDITIVE),  # distinct orders, overridden in aggregation.yml
        ("active_customers", AggregationKind.DISTINCT_COUNT),
        ("avg_rating", AggregationKind.AVERAGE),
        ("aov", AggregationKind.RATIO),
        ("return_rate", AggregationKind.RATIO),
    ],
)
def test_each_metric_declares_how_it_aggregates(metric: str, kind: AggregationKind) -> None:
    assert aggregation_kind(CATALOG.metrics[metric], CATALOG) is kind


def test_every_metric_has_a_kind() -> None:
    assert set(KINDS) == set(CATALOG.metrics)


def _groups(metric: str, values: list[float], language: str = "en") -> str:
    rows = [(code, value) for code, value in zip(("app", "live_stream", "web"), values, strict=False)]
    data = NarrativeInput(("channel", metric), rows, [metric], LABELS, FORMATS, kinds=KINDS, language=language)
    return narrate(data)


def test_additive_metrics_get_a_total_across_groups() -> None:
    text = _groups("revenue", [1000.0, 2500.0, 500.0])
    assert "Total across the 3 groups shown: ¥4.00K" in text
    assert text.startswith("Live stream has the highest Revenue (¥2.50K); Web the lowest")


@pytest.mark.parametrize(
    ("metric", "values", "why"),
    [
        ("aov", [698.68, 617.73, 676.05], "rate of its own group"),
        ("avg_rating", [4.1, 3.9, 4.4], "average of its own group"),
        ("active_customers", [120, 300, 80], "more than one group"),
        ("return_rate", [0.05, 0.09, 0.07], "rate of its own group"),
    ],
)
def test_averages_ratios_and_distinct_counts_are_never_summed(metric: str, values: list[float], why: str) -> None:
    text = _groups(metric, values)
    assert "Total" not in text and "¥1.99K" not in text and why in text
    low, high = min(values), max(values)
    assert format_value(high, FORMATS[metric]) in text and format_value(low, FORMATS[metric]) in text


def test_a_metric_without_a_known_kind_gets_no_total() -> None:
    rows = [("app", 1.0), ("web", 2.0)]
    assert "Total" not in narrate(NarrativeInput(("channel", "revenue"), rows, ["revenue"], LABELS, FORMATS))


def test_chinese_question_gets_a_chinese_narrative_with_labels() -> None:
    labels = labels_for(CATALOG, LABELS, "zh").names
    rows = [("mini_program", 700.0), ("live_stream", 600.0)]
    data = NarrativeInput(("channel", "aov"), rows, ["aov"], labels, FORMATS, kinds=KINDS, language="zh")
    text = narrate(data)
    assert text.startswith("小程序的客单价最高（¥700.00）；直播最低") and "mini_program" not in text


@pytest.mark.parametrize(
    ("grain", "value", "as_of", "span", "partial"),
    [
        ("day", "2026-09-30", AS_OF, None, False),
        ("week", "2026-09-28", AS_OF, None, True),  # Mon 28 Sep: 3 of 7 days by the as-of date
        ("week", "2026-08-31", AS_OF, TimeRange(start=date(2026, 9, 1), end=AS_OF), True),  # cut at the start
        ("week", "2026-09-21", AS_OF, None, False),
        ("month", "2026-09-01", AS_OF, None, False),
        ("month", "2026-09-01", date(2026, 9, 15), None, True),
        ("quarter", "2026-07-01", AS_OF, None, False),
        ("quarter", "2026-07-01", date(2026, 8, 31), None, True),
        ("year", "2026-01-01", AS_OF, None, True),
        ("year", "2025-01-01", AS_OF, None, False),
        ("month", "2026-03-01", AS_OF, TimeRange(start=date(2026, 3, 10), end=date(2026, 6, 30)), True),
    ],
)
def test_incomplete_periods_at_every_grain(
    grain: str, value: str, as_of: date, span: TimeRange | None, partial: bool
) -> None:
    period = period_of(value, grain, as_of, span)
    assert period is not None and period.partial is partial


def test_period_ends_by_grain() -> None:
    start = date(2026, 11, 1)
    assert [period_end(start, g) for g in ("day", "week", "month", "quarter", "year")] == [
        start, date(2026, 11, 7), date(2026, 11, 30), date(2027, 1, 31), date(2027, 10, 31),
    ]  # fmt: skip


def test_like_for_like_needs_whole_periods_or_the_same_days() -> None:
    whole = period_of("2026-09-21", "week", AS_OF)
    partial = period_of("2026-09-28", "week", AS_OF)
    assert like_for_like(whole, whole) and not like_for_like(partial, whole)
    same_days = period_of("2026-09-21", "week", AS_OF, TimeRange(start=date(2026, 9, 21), end=date(2026, 9, 23)))
    assert like_for_like(partial, same_days)


def _series(grain: str, values: list[tuple[str, float]], as_of: date = AS_OF, language: str = "en") -> str:
    column = f"metric_time__{grain}"
    data = NarrativeInput(
        (column, "order_count"), values, ["order_count"], LABELS, FORMATS, kinds=KINDS, as_of=as_of,
        language=language,
    )  # fmt: skip
    return narrate(data)


def test_a_to_date_week_is_never_the_basis_of_the_headline() -> None:
    text = _series("week", [("2026-09-14", 195), ("2026-09-21", 217), ("2026-09-28", 123)])
    assert "down" not in text and "week of 28 Sep (to date)" in text
    assert "week of 21 Sep vs week of 14 Sep: up 11.3% (195 → 217)" in text


@pytest.mark.parametrize(
    ("grain", "values", "as_of", "marked"),
    [
        ("day", [("2026-09-29", 10), ("2026-09-30", 4)], AS_OF, None),
        ("month", [("2026-07-01", 100), ("2026-08-01", 110), ("2026-09-01", 40)], date(2026, 9, 10), "Sep 2026"),
        ("quarter", [("2026-01-01", 100), ("2026-04-01", 90), ("2026-07-01", 30)], date(2026, 8, 1), "Q3 2026"),
        ("year", [("2024-01-01", 900), ("2025-01-01", 1000), ("2026-01-01", 700)], AS_OF, "2026"),
    ],
)
def test_partial_last_period_at_each_grain(
    grain: str, values: list[tuple[str, float]], as_of: date, marked: str | None
) -> None:
    text = _series(grain, values, as_of)
    if marked is None:
        assert "Latest period vs the one before: down 60.0%" in text and "to date" not in text
    else:
        assert f"{marked} (to date)" in text and "vs the one before" not in text
        (_, before), (_, latest) = values[0], values[1]
        assert format_change(latest, before, "integer") in text


def test_series_headline_in_chinese() -> None:
    text = _series("month", [("2026-07-01", 100), ("2026-08-01", 110), ("2026-09-01", 40)], date(2026, 9, 10), "zh")
    assert "2026年9月（截至目前）" in text and "上升 10.0%" in text and "下降" not in text


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (-4_710_000, "currency", "-¥4.71M"),
        (1234.5, "currency", "¥1.23K"),
        (0.13303662, "percent", "13.3%"),
        (-0.05, "percent", "-5.0%"),
        (1234567, "integer", "1,234,567"),
        (12345.678, "number", "12.35K"),
        (2489, "number", "2,489"),
    ],
)
def test_numbers_follow_the_metric_format(value: float, kind: str, shown: str) -> None:
    assert format_value(value, kind) == shown


def test_signed_changes() -> None:
    assert format_signed(0.37, "percent") == "+37.0%" and format_signed(-1200.0, "currency") == "-¥1.20K"


@pytest.mark.parametrize(
    ("grain", "value", "en", "zh"),
    [
        ("day", "2026-09-28", "28 Sep 2026", "2026年9月28日"),
        ("week", "2026-09-28", "week of 28 Sep", "2026年9月28日当周"),
        ("month", "2026-09-01", "Sep 2026", "2026年9月"),
        ("quarter", "2026-07-01", "Q3 2026", "2026年第3季度"),
        ("year", "2026-01-01", "2026", "2026年"),
    ],
)
def test_dates_read_by_grain(grain: str, value: str, en: str, zh: str) -> None:
    assert format_period(value, grain) == en and format_period(value, grain, "zh") == zh


def test_value_labels_and_headers() -> None:
    values = load_value_labels()
    assert values.show("channel", "live_stream") == "Live stream" and values.show("region", "East", "zh") == "华东"
    assert values.show("preferred_channel", "mini_program", "zh") == "小程序"
    assert values.show("store_name", "Wuhan Standard 001") == "Wuhan Standard 001"
    assert readable("count_star()") == "Count" and readable("count(*)") == "Count"
    zh = labels_for(CATALOG, LABELS, "zh")
    assert zh.column("aov") == "客单价" and zh.column("metric_time__month") == "月份"
    assert zh.column("revenue_change_pct") == "销售额（变化 %）"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_empty_aggregate_says_nothing_matched_never_a_value(language: str) -> None:
    """SUM over no rows is NULL: "Refund amount was –" would read as a figure; nothing matched."""
    data = NarrativeInput(
        ("refund_amount",), ((None,),), ["refund_amount"], LABELS, FORMATS, kinds=KINDS, language=language
    )
    expected = NarrativeInput((), (), [], LABELS, FORMATS, kinds=KINDS, language=language)
    assert narrate(data) == narrate(expected) and "–" not in narrate(data)
    grouped = NarrativeInput(
        ("channel", "revenue"),
        (("app", None), ("store", 12.5)),
        ["revenue"],
        LABELS,
        FORMATS,
        kinds=KINDS,
        language=language,
    )
    assert narrate(grouped) != narrate(expected)  # one group with a value is an answer
