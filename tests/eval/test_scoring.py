"""The scorer on its own: tolerance, order, column matching by values, leaks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from eval.scoring import compare_results, leaked_cells, leaked_substrings, options_missing, phrases_missing

EXPECTED = [("East", 100.0, 3), ("North", 50.0, 2)]


def test_same_rows_in_another_order_and_column_order_pass() -> None:
    actual = [(2, "North", 50.0), (3, "East", 100.0)]
    match = compare_results(EXPECTED, actual)
    assert match.ok and match.mapping == (1, 2, 0)


def test_order_matters_only_when_asked() -> None:
    actual = [("North", 50.0, 2), ("East", 100.0, 3)]
    assert compare_results(EXPECTED, actual).ok
    assert not compare_results(EXPECTED, actual, ordered=True).ok
    assert compare_results(EXPECTED, list(reversed(actual)), ordered=True).ok


@pytest.mark.parametrize(("value", "ok"), [(100.0000001, True), (Decimal("100.00"), True), (100.01, False)])
def test_numeric_tolerance(value: object, ok: bool) -> None:
    assert compare_results([(100.0,)], [(value,)]).ok is ok


def test_a_custom_tolerance_accepts_rounding() -> None:
    assert compare_results([(33.3333,)], [(33.33,)], tolerance=1e-3).ok
    assert not compare_results([(33.3333,)], [(33.33,)]).ok


def test_rows_must_pair_values_the_same_way() -> None:
    swapped = [("East", 50.0, 3), ("North", 100.0, 2)]
    match = compare_results(EXPECTED, swapped)
    assert not match.ok and "pair" in match.reason


def test_wrong_row_count_missing_column_and_extra_columns() -> None:
    assert "rows" in compare_results(EXPECTED, EXPECTED[:1]).reason
    assert not compare_results(EXPECTED, [("East", 100.0), ("North", 50.0)]).ok
    wider = [("East", 100.0, 3, "x"), ("North", 50.0, 2, "y")]
    assert not compare_results(EXPECTED, wider).ok
    assert compare_results(EXPECTED, wider, extra_columns=True).ok


def test_identical_columns_are_disambiguated_by_rows() -> None:
    expected = [(1, 1, "a"), (2, 2, "b")]
    assert compare_results(expected, [("b", 2, 2), ("a", 1, 1)]).ok


def test_dates_timestamps_and_nulls_normalize() -> None:
    expected = [(dt.date(2026, 7, 1), None)]
    assert compare_results(expected, [("2026-07-01T00:00:00", None)]).ok
    assert compare_results(expected, [(dt.datetime(2026, 7, 1), None)]).ok
    assert not compare_results(expected, [("2026-07-01", 0)]).ok


def test_empty_results() -> None:
    assert compare_results([], []).ok
    assert not compare_results([], [(1,)]).ok


def test_leaks_phrases_and_options() -> None:
    assert leaked_substrings('{"rows": [["13800001234"]]}', {"13800001234", "x"}) == ["13800001234"]
    assert leaked_substrings("138****1234", {"13800001234"}) == []
    assert leaked_cells([("North", 1)], {"North", "South"}) == ["North"]
    assert leaked_cells([("Northeast", 1)], {"North"}) == []
    assert phrases_missing("Revenue by region, Q3 2026", ["revenue", "Q3", "channel"]) == ["channel"]
    assert options_missing(["revenue", "units_sold"], ["Revenue", "item_revenue"]) == ["units_sold"]
