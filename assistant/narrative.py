"""A short templated narrative with the actual numbers: the top item, the total or range, the change.

Offline and deterministic: every sentence is built from the result rows, so it can be checked
against the table shown beside it. The catalog decides what may be said: only additive metrics
get a total across groups (an average, a rate or a distinct count never is summed), and an
incomplete period ("to date") is never the basis of an up/down headline unless it is compared
with a period of the same number of days. Wording per language lives in assistant/templates/.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.formatting import format_change, format_period, format_value
from assistant.labels import Labels
from assistant.periods import Period, grain_of, like_for_like, period_of
from assistant.templates import phrase
from semantic_layer.aggregation import AggregationKind
from semantic_layer.query import TimeRange


@dataclass(frozen=True)
class NarrativeInput:
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    metrics: Sequence[str]
    labels: Mapping[str, str]
    formats: Mapping[str, str]
    period: str = ""
    baseline_period: str = ""
    kinds: Mapping[str, AggregationKind] = field(default_factory=dict)
    language: str = "en"
    as_of: date | None = None
    time_range: TimeRange | None = None
    ranked: bool = False
    overall: Mapping[str, Any] = field(default_factory=dict)  # metric -> value over every group (semantic layer)
    change_withheld: bool = False  # the periods are covered unequally by the data: no change is given

    @property
    def shown(self) -> Labels:
        return Labels(self.labels, self.language)

    def say(self, key: str, **values: object) -> str:
        return phrase(self.language, key, **values)


def _column(data: NarrativeInput, name: str) -> list[Any]:
    index = list(data.columns).index(name)
    return [row[index] for row in data.rows]


def _fmt(data: NarrativeInput, metric: str, value: Any) -> str:
    return format_value(value, data.formats.get(metric, "number"))


def _label(data: NarrativeInput, name: str) -> str:
    return data.shown.column(name)


def narrate(data: NarrativeInput) -> str:
    if not data.rows or _no_values(data):
        return data.say("no_data")
    keys = [c for c in data.columns if c not in data.metrics and not _is_derived(c, data.metrics)]
    if data.baseline_period:
        return _narrate_comparison(data, keys)
    if not keys:
        return _narrate_single(data)
    time_keys = [k for k in keys if grain_of(k)]
    if time_keys and len(keys) == 1:
        return _narrate_series(data, time_keys[0])
    return _narrate_groups(data, keys)


def _no_values(data: NarrativeInput) -> bool:
    """Every metric is empty in every row (a sum over no rows is NULL): nothing matched, not a value."""
    shown = [i for i, c in enumerate(data.columns) if c in data.metrics]
    return bool(shown) and all(row[i] is None for row in data.rows for i in shown)


def _is_derived(column: str, metrics: Sequence[str]) -> bool:
    return any(
        column.startswith(f"{m}_") and column[len(m) + 1 :] in ("previous", "change", "change_pct", "share")
        for m in metrics
    )


def _period_suffix(data: NarrativeInput) -> str:
    return data.say("period_suffix", period=data.period) if data.period else ""


def _end(data: NarrativeInput, text: str) -> str:
    return data.say("sentence_end", text=text, period=_period_suffix(data))


def _narrate_single(data: NarrativeInput) -> str:
    parts = [
        data.say("single", metric=_label(data, m), value=_fmt(data, m, _column(data, m)[0]))
        for m in data.metrics
        if m in data.columns
    ]
    return _end(data, data.say("single_join").join(parts))


def _narrate_series(data: NarrativeInput, time_key: str) -> str:
    metric, grain = data.metrics[0], grain_of(time_key)
    points = [(t, v) for t, v in zip(_column(data, time_key), _column(data, metric), strict=True) if v is not None]
    if not points:
        return data.say("series_none", metric=_label(data, metric))
    points.sort(key=lambda p: str(p[0]))
    when = lambda t: format_period(t, grain, data.language)  # noqa: E731
    (first_t, first_v), (last_t, last_v) = points[0], points[-1]
    peak_t, peak_v = max(points, key=lambda p: p[1])
    sentence = data.say(
        "series",
        metric=_label(data, metric),
        start=_fmt(data, metric, first_v),
        first=_shown_period(data, first_t, grain),
        end=_fmt(data, metric, last_v),
        last=_shown_period(data, last_t, grain),
        peak=_fmt(data, metric, peak_v),
        peak_at=when(peak_t),
    )
    return sentence + _latest_change(data, metric, points, grain)


def _period(data: NarrativeInput, value: Any, grain: str | None) -> Period | None:
    if grain is None or data.as_of is None:
        return None
    return period_of(value, grain, data.as_of, data.time_range)


def _shown_period(data: NarrativeInput, value: Any, grain: str | None) -> str:
    text = format_period(value, grain, data.language)
    period = _period(data, value, grain)
    if period is None or not period.partial:
        return text
    return data.say(period.marker, period=text)


def _latest_change(data: NarrativeInput, metric: str, points: list[tuple[Any, Any]], grain: str | None) -> str:
    """The up/down sentence: the last two periods when they are like-for-like, else the last two whole ones."""
    if len(points) < 2:
        return ""
    kind = data.formats.get(metric, "number")
    if data.as_of is None or grain is None:
        return data.say("series_latest", change=format_change(points[-1][1], points[-2][1], kind, data.language))
    periods = [_period(data, t, grain) for t, _ in points]
    if like_for_like(periods[-1], periods[-2]):
        return data.say("series_latest", change=format_change(points[-1][1], points[-2][1], kind, data.language))
    partial = next(p for p in (periods[-1], periods[-2]) if p is not None and p.partial)
    whole = [point for point, period in zip(points, periods, strict=True) if period is not None and not period.partial]
    where = {"period": format_period(partial.start, grain, data.language), "covered": partial.covered_days}
    if len(whole) < 2:
        return data.say("series_partial_only", days=partial.days, **where)
    (before_t, before_v), (latest_t, latest_v) = whole[-2], whole[-1]
    return data.say(
        "series_partial",
        days=partial.days,
        latest=format_period(latest_t, grain, data.language),
        previous=format_period(before_t, grain, data.language),
        change=format_change(latest_v, before_v, kind, data.language),
        **where,
    )


def group_name(row: Sequence[Any], key_index: list[int], data: NarrativeInput | None = None) -> str:
    """The group's key values as people read them; a NULL key (reviews without a pain point) reads "(none)"."""
    if data is None:
        return " / ".join("(none)" if row[i] is None else str(row[i]) for i in key_index)
    shown, columns = data.shown, list(data.columns)
    return " / ".join(
        data.say("none_value") if row[i] is None else str(shown.value(columns[i], row[i])) for i in key_index
    )


def _narrate_groups(data: NarrativeInput, keys: list[str]) -> str:
    metric = data.metrics[0]
    values = _column(data, metric)
    rows = [(row, value) for row, value in zip(data.rows, values, strict=True) if value is not None]
    if not rows:
        return data.say("groups_none", metric=_label(data, metric))
    key_index = [list(data.columns).index(k) for k in keys]
    top_row, top_value = rows[0] if data.ranked else max(rows, key=lambda item: item[1])
    low_row, low_value = min(rows, key=lambda item: item[1])
    name = lambda row: group_name(row, key_index, data)  # noqa: E731
    metric_label = _label(data, metric)
    if data.overall.get(metric) is not None and not data.ranked:
        return _with_overall(data, metric, (name(top_row), top_value), (name(low_row), low_value), len(rows))
    key = "ranked_top" if data.ranked else "groups_top"
    sentence = data.say(key, top=name(top_row), metric=metric_label, top_value=_fmt(data, metric, top_value))
    if len(rows) > 1:
        sentence += data.say("groups_low", low=name(low_row), low_value=_fmt(data, metric, low_value))
        sentence += _across_groups(data, metric, [v for _, v in rows])
    return _end(data, sentence)


def _with_overall(data: NarrativeInput, metric: str, top: tuple[str, Any], low: tuple[str, Any], count: int) -> str:
    """An average or ratio: its value over every group (computed by the semantic layer), then the range."""
    sentence = data.say("groups_overall", metric=_label(data, metric), overall=_fmt(data, metric, data.overall[metric]),
                        top=top[0], top_value=_fmt(data, metric, top[1]))  # fmt: skip
    if count > 1:
        sentence += data.say("groups_overall_low", low=low[0], low_value=_fmt(data, metric, low[1]))
    return _end(data, sentence)


def _across_groups(data: NarrativeInput, metric: str, values: list[Any]) -> str:
    """A total only for an additive metric; an average or ratio its overall value when the semantic
    layer computed it (ranked answers: after the top), else say why the values do not add up."""
    if data.overall.get(metric) is not None:
        return data.say("ranked_overall", overall=_fmt(data, metric, data.overall[metric]))
    kind = data.kinds.get(metric)
    if kind is None:
        return ""
    if kind.summable:
        return data.say("groups_total", count=len(values), total=_fmt(data, metric, sum(values)))
    return data.say("groups_not_additive", why=data.say(f"why_{kind.value}"))


def _narrate_comparison(data: NarrativeInput, keys: list[str]) -> str:
    metric = data.metrics[0]
    kind = data.formats.get(metric, "number")
    current, previous = _column(data, metric), _column(data, f"{metric}_previous")
    head = data.say("comparison_head", metric=_label(data, metric), period=data.period, baseline=data.baseline_period)
    change = lambda now, then: format_change(now, then, kind, data.language)  # noqa: E731
    if data.change_withheld:
        if keys:
            return data.say("comparison_unlike", head=head)
        before, after = _fmt(data, metric, previous[0]), _fmt(data, metric, current[0])
        return data.say("comparison_unlike_single", head=head, before=before, after=after)
    if not keys:
        return data.say("comparison_single", head=head, change=change(current[0], previous[0]))
    changes = _column(data, f"{metric}_change_pct")
    key_index = [list(data.columns).index(k) for k in keys]
    ranked = sorted(
        ((row, pct) for row, pct in zip(data.rows, changes, strict=True) if pct is not None),
        key=lambda item: item[1],
        reverse=True,
    )
    if not ranked:
        return data.say("comparison_none", head=head)
    (best_row, _), (worst_row, _) = ranked[0], ranked[-1]
    index = list(data.columns).index
    best_change = change(best_row[index(metric)], best_row[index(f"{metric}_previous")])
    sentence = data.say(
        "comparison_best", head=head, best=group_name(best_row, key_index, data), best_change=best_change
    )
    if len(ranked) > 1:
        worst_change = change(worst_row[index(metric)], worst_row[index(f"{metric}_previous")])
        sentence += data.say(
            "comparison_worst", worst=group_name(worst_row, key_index, data), worst_change=worst_change
        )
    return sentence + data.say("sentence_end", text="", period="")
