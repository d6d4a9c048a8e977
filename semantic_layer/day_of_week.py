"""The day of the week of each metric's own time dimension: a governed key and a governed filter.

`group_by: [day_of_week]` groups by the ISO day (1 Monday .. 7 Sunday, so rows sort in week order;
the labels Monday..Sunday / 周一..周日 are in definitions/presentation/value_labels.yml), and
`time_range.days_of_week: [6, 7]` keeps weekends only. Both read the same time dimension as
`time_range` (revenue by order time, refunds by return time), never a column of another table.
"""

from __future__ import annotations

from sqlglot import exp

DAY_OF_WEEK = "day_of_week"
WEEKEND: tuple[int, ...] = (6, 7)
WORKDAYS: tuple[int, ...] = (1, 2, 3, 4, 5)


def day_of_week_expr(column: exp.Expr) -> exp.Expr:
    """ISODOW(t): 1 for Monday .. 7 for Sunday (the Spark renderer keeps the meaning)."""
    return exp.DayOfWeekIso(this=column)


def days_condition(column: exp.Expr, days: tuple[int, ...]) -> exp.Expr:
    return day_of_week_expr(column).isin(*(exp.Literal.number(day) for day in days))
