"""The time part of a question's reading: periods, grain, comparison and days of the week, as one frozen value."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.planner.periods import DateRange, previous_period, same_period_last_year


@dataclass(frozen=True)
class TimeReading:
    """What the question says about time; `spans` are the character ranges it used."""

    ranges: tuple[DateRange, ...] = ()
    grain: str | None = None
    comparison: str | None = None
    spans: tuple[tuple[int, int], ...] = ()
    days_of_week: tuple[int, ...] = ()  # ISO days to keep: weekends (6, 7), workdays (1..5)
    by_day_of_week: bool = False  # "revenue by day of week", 按星期几

    def comparison_ranges(self, default: DateRange | None = None) -> tuple[DateRange, DateRange] | None:
        """(current, baseline) when the question compares two periods."""
        if len(self.ranges) >= 2 and self.ranges[1] == self.ranges[0]:  # "this month vs last month" on a month's
            return self.ranges[0], previous_period(self.ranges[0])  # last day: both read September; the one before
        if len(self.ranges) >= 2:
            return self.ranges[0], _same_length_year_before(self.ranges[0], self.ranges[1])
        current = self.ranges[0] if self.ranges else default
        if self.comparison is None or current is None:
            return None
        if self.comparison == "previous_year":
            return current, same_period_last_year(current)
        return current, previous_period(current)


def _same_length_year_before(current: DateRange, baseline: DateRange) -> DateRange:
    """ "this year vs last year": 2026 to date against the same dates of 2025, not all of 2025."""
    year_before = same_period_last_year(current)
    same_start = baseline.start == year_before.start
    return year_before if same_start and baseline.end > year_before.end else baseline
