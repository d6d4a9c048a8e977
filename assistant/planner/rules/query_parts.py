"""The parts of a semantic query (a plain dict until `finish` validates it) from a draft's reading."""

from __future__ import annotations

from typing import Any

from assistant.planner.cues import Ranking, asks_for_one
from assistant.planner.evidence import unit_question
from assistant.planner.periods import DateRange
from assistant.planner.reading import Reading
from assistant.planner.reading_rules import ranked_metric
from assistant.planner.rules.draft import Draft
from assistant.planner.time_parts import add_day_parts
from assistant.planner.word_file import words_file
from semantic_layer.query import SemanticQuery


def grain_of(draft: Draft) -> str | None:
    """The time grain asked ("monthly"), or the unit a ranking asks about ("which month had the most orders")."""
    return draft.time.grain or _ranked_unit(draft)


def _ranked_unit(draft: Draft) -> str | None:
    """ "which day of the week": the days are the breakdown (by_day_of_week), not a daily series."""
    return None if draft.time.by_day_of_week else unit_question_grain(draft.text, draft.ranking)


def unit_question_grain(text: str, ranking: Ranking | None) -> str | None:
    found = unit_question(text)
    return found[1] if found and ranking else None


def query_parts(draft: Draft) -> dict[str, Any]:
    reading, ranking, time = draft.reading, draft.ranking, draft.time
    grain = grain_of(draft)
    group_by = [*reading.group_by, *([f"metric_time__{grain}"] if grain else [])]
    parts: dict[str, Any] = {"metrics": list(reading.metrics), "group_by": group_by, "filters": _filters(reading)}
    if time.ranges:
        parts["time_range"] = range_dict(time.ranges[0])
    add_day_parts(parts, time)  # weekends, weekdays, by day of week (time_parts.py)
    if ranking is not None and reading.metrics and group_by:
        parts["order_by"] = [{"field": ranked_metric(reading, ranking), "desc": ranking.descending}]
        one = asks_for_one(draft.text, ranking) or ranking.polar is not None
        parts["limit"] = ranking.limit or (1 if one else default_limit(draft.text, ranking))
    inner = _ranked_unit(draft)  # "for each quarter, which month ...": both grains
    if time.grain and inner and inner != time.grain and parts.get("order_by"):
        parts["group_by"].append(f"metric_time__{inner}")
    return parts


def default_limit(text: str, ranking: Ranking) -> int | None:
    """ "top cities": the default N; "highest revenue city" (no N, no top) has no limit of its own."""
    said = text[ranking.start : ranking.end].split()
    words = words_file().ranking
    return words.default_top_n if said and said[0] in words.top_n_words else None


def _filters(reading: Reading) -> list[dict[str, Any]]:
    filters = []
    for dimension, values in reading.filters.items():
        typed = [_typed(value) for value in values]
        negated = dimension in reading.negated
        op = ("!=" if negated else "=") if len(typed) == 1 else ("not in" if negated else "in")
        filters.append({"dimension": dimension, "op": op, "value": typed[0] if len(typed) == 1 else typed})
    return filters


def _typed(value: str) -> Any:
    """Filter values are read as text; a yes/no dimension's "true" and a rating's "5" are typed."""
    if value in ("true", "false"):
        return value == "true"
    return int(value) if value.isdigit() else value


def range_dict(period: DateRange) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def as_dict(query: SemanticQuery) -> dict[str, Any]:
    return query.model_dump(mode="json", exclude_none=True)
