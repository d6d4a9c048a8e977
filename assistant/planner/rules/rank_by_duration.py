""" "fastest support channel", "which ticket channel resolves tickets fastest": a speed word ranks a
metric measured in time (its catalog format is a unit of time), lowest first for "fastest".

With no metric named, the one such metric the breakdown reaches is ranked; a verb from that metric's
own name ("resolves" in "time to resolve") names it too, in place of the rows it acts on ("tickets").
Anything else (two timed metrics, "fastest" on revenue) is left for the meaning check to refuse.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.planner.lexicon import planner_words
from assistant.planner.meaning_words import meaning_words
from assistant.planner.plan import Plan
from assistant.planner.reachability import is_reachable
from assistant.planner.reading import Reading
from assistant.planner.reading_rules import orient
from assistant.planner.rules.draft import Draft
from assistant.planner.text import stem
from semantic_layer.catalog import Catalog


def rank_by_duration(draft: Draft) -> Draft | Plan:
    ranking, reading, catalog = draft.ranking, draft.reading, draft.context.catalog
    if ranking is None or ranking.polar not in ("fast", "slow") or (draft.polar_unresolved is None and reading.metrics):
        return draft
    breakdown = (*reading.group_by, *reading.mentioned_dimensions)
    if not breakdown:  # "which one is fastest?" ranks the previous question's metric (refine_previous)
        return draft
    timed = [name for name in _timed_metrics(catalog) if all(is_reachable(d, [name], catalog) for d in breakdown)]
    if len(timed) != 1:
        return draft
    verbs = _own_verbs(draft, timed[0], catalog)
    if reading.metrics and (not verbs or not _only_rows_named(draft, reading)):
        return draft
    if not verbs and not all(_on_own_model(d, timed[0], catalog) for d in breakdown):
        return draft  # "fastest region" does not say what is timed; "fastest support channel" does
    new = replace(reading, metrics=(), metric_positions={}).with_metric(timed[0], ranking.start)
    for dimension in reading.mentioned_dimensions:
        new = new.grouped(dimension)
    oriented, unresolved = orient(ranking, new, catalog)
    return replace(
        draft, reading=new, ranking=oriented, polar_unresolved=unresolved, explained=(*draft.explained, *verbs)
    )


def _timed_metrics(catalog: Catalog) -> list[str]:
    formats = meaning_words().duration.formats
    return [name for name, metric in catalog.metrics.items() if metric.format in formats]


def _on_own_model(dimension: str, metric_name: str, catalog: Catalog) -> bool:
    measures = [catalog.measures[m] for m in catalog.metrics[metric_name].measures if m in catalog.measures]
    own = catalog.dimensions.get(dimension)
    return own is not None and any(m.model == own.model for m in measures)


def _own_verbs(draft: Draft, metric_name: str, catalog: Catalog) -> tuple[tuple[int, int], ...]:
    """Spans of unread words that are words of the metric's own label or synonyms: "resolves" (the stem
    of "time to resolve"), 解决 (part of 解决时间)."""
    metric = catalog.metrics[metric_name]
    names = " ".join((metric.label, *metric.synonyms)).lower()
    own = {stem(w) for w in re.findall(r"[a-z]+", names)}
    unknown = {w for w in draft.result.unknown_words if stem(w) in own}
    english = [m.span() for m in re.finditer(r"[a-z]+", draft.text) if m.group() in unknown]
    return (*english, *_chinese_parts(draft, names))


def _chinese_parts(draft: Draft, names: str) -> list[tuple[int, int]]:
    """The longest part (two or more characters) of each run of unread Chinese characters that occurs in
    the metric's names, with the particle 得 after it (解决得最快)."""
    read = draft.read_spans
    unread = "".join(c if all(not s <= i < e for s, e in read) else " " for i, c in enumerate(draft.text))
    spans = []
    for run in re.finditer(r"[\u4e00-\u9fff]{2,}", unread):
        part = _longest_part(run.group(), names)
        if part is not None:
            start, end = run.start() + part[0], run.start() + part[1]
            spans.append((start, end + 1 if draft.text[end : end + 1] == "得" else end))
    return spans


def _longest_part(run: str, names: str) -> tuple[int, int] | None:
    for size in range(len(run), 1, -1):
        for start in range(len(run) - size + 1):
            if run[start : start + size] in names:
                return start, start + size
    return None


def _only_rows_named(draft: Draft, reading: Reading) -> bool:
    """Every metric the reading has was named by a population noun ("tickets"), not by a measure."""
    nouns = set(planner_words().population_nouns)
    named = [m.text for m in draft.result.matches if {e.target for e in m.of_kind("metric")} & set(reading.metrics)]
    return bool(named) and all(text in nouns for text in named)
