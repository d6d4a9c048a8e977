"""Per-group rankings: "top channel by revenue in each region", "各地区销售额最高的两个渠道".

A ranking over two or more group-by keys where one key follows a per-group cue ("each", "every",
"per", "within", 各, 每个) ranks inside that key's groups: the semantic layer's `rank_within`. With
no such cue, or several, the meaning check refuses instead of ranking across all rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from assistant.planner.cues import Ranking
from assistant.planner.meaning_words import meaning_words
from assistant.planner.plan import QueryPlan

Span = tuple[int, int]
CHINESE_UNITS = {"day": "天日", "week": "周", "month": "月", "quarter": "季度", "year": "年"}


def _cue_before(text: str, start: int) -> bool:
    cues = meaning_words().per_group
    english = "|".join(re.escape(c) for c in cues if c.isascii())
    chinese = "|".join(re.escape(c) for c in cues if not c.isascii())
    window = text[max(0, start - 16) : start]
    return re.search(rf"(?:\b(?:{english})\s+(?:the\s+)?|(?:{chinese}))$", window) is not None


def _grain_partition(text: str, key: str) -> bool:
    unit = key.split("__")[1]
    english = "|".join(re.escape(c) for c in meaning_words().per_group if c.isascii())
    if re.search(rf"\b(?:{english})\s+{unit}\b", text):
        return True
    return any(re.search(rf"每个?{re.escape(u)}|各{re.escape(u)}", text) for u in CHINESE_UNITS[unit])


def _partition(text: str, group_by: tuple[str, ...], spans: Mapping[str, Span]) -> list[str]:
    found = []
    for key in group_by:
        if key.startswith("metric_time__"):
            found += [key] if _grain_partition(text, key) else []
        elif key in spans and _cue_before(text, spans[key][0]):
            found.append(key)
    return found


def rank_within_groups(plan: QueryPlan, text: str, spans: Mapping[str, Span], ranking: Ranking | None) -> QueryPlan:
    query = plan.query
    if ranking is None or len(query.group_by) < 2 or not query.order_by or plan.comparison is not None:
        return plan
    partition = _partition(text, query.group_by, spans)
    if len(partition) != 1:
        return plan
    limit = ranking.limit or 1
    ranked = query.model_copy(update={"rank_within": tuple(partition), "limit": limit})
    label = partition[0].split("__")[-1].replace("_", " ")
    return replace(plan, query=ranked, interpretation=f"{plan.interpretation}, the top {limit} within each {label}")
