"""Turns catalog matches into the parts of a semantic query: metrics, group-bys and filters.

Each match is read in the light of the cue just before it: after "by" or "which" a dimension is a
group-by, a value is a filter, a metric phrase names a metric. A phrase that names several metrics
is kept as an ambiguity for a clarification question, never resolved by guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from assistant.planner.cues import has_phrase, is_grouping
from assistant.planner.lexicon import Entry, planner_words
from assistant.planner.matching import Match, MatchResult


@dataclass(frozen=True)
class Reading:
    """What the catalog matches say, frozen: every change is a new reading (`replace` or a `with_*` method)."""

    metrics: tuple[str, ...] = ()
    metric_positions: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    ambiguous: tuple[Match, ...] = ()
    group_by: tuple[str, ...] = ()
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    mentioned_dimensions: tuple[str, ...] = ()
    spans: Mapping[str, tuple[int, int]] = field(default_factory=lambda: MappingProxyType({}))
    negated: frozenset[str] = frozenset()

    def with_metric(self, metric: str, position: int | None = None) -> Reading:
        positions = dict(self.metric_positions)
        if position is not None:
            positions.setdefault(metric, position)
        return replace(self, metrics=_added(self.metrics, metric), metric_positions=MappingProxyType(positions))

    def grouped(self, dimension: str) -> Reading:
        """The dimension moved into the breakdown (from the mentioned ones, if it was there)."""
        mentioned = tuple(d for d in self.mentioned_dimensions if d != dimension)
        return replace(self, group_by=_added(self.group_by, dimension), mentioned_dimensions=mentioned)

    def unmentioned(self, dimension: str) -> Reading:
        return replace(self, mentioned_dimensions=tuple(d for d in self.mentioned_dimensions if d != dimension))

    def with_filter(self, dimension: str, values: tuple[str, ...]) -> Reading:
        """The dimension's filter values replaced (no values: the filter dropped)."""
        filters = {k: v for k, v in self.filters.items() if k != dimension} | ({dimension: values} if values else {})
        return replace(self, filters=MappingProxyType(filters))


def _added(items: tuple[str, ...], item: str) -> tuple[str, ...]:
    return items if item in items else (*items, item)


@dataclass
class _Draft:
    """The reading while read_matches builds it; frozen into a Reading once done."""

    metrics: list[str] = field(default_factory=list)
    metric_positions: dict[str, int] = field(default_factory=dict)
    ambiguous: list[Match] = field(default_factory=list)
    group_by: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    mentioned_dimensions: list[str] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    def frozen(self) -> Reading:
        return Reading(
            metrics=tuple(self.metrics),
            metric_positions=MappingProxyType(dict(self.metric_positions)),
            ambiguous=tuple(self.ambiguous),
            group_by=tuple(self.group_by),
            filters=MappingProxyType({k: tuple(v) for k, v in self.filters.items()}),
            mentioned_dimensions=tuple(self.mentioned_dimensions),
            spans=MappingProxyType(dict(self.spans)),
        )


def read_matches(result: MatchResult, dimension_models: Mapping[str, str | None]) -> Reading:
    """`dimension_models` is each dimension's semantic model (from the catalog)."""
    reading = _Draft()
    grouped_ends: list[int] = []
    fits = _model_fit(result.text, dimension_models)
    for match in result.matches:
        if match.of_kind("dimension") and is_grouping(result.text, match, grouped_ends):
            dimension = _pick_dimension(match.of_kind("dimension"), fits)
            _add(reading.group_by, dimension)
            reading.spans.setdefault(dimension, (match.start, match.end))
            grouped_ends.append(match.end)
        elif match.of_kind("metric"):
            _read_metric(reading, match)
        elif match.of_kind("value"):
            entry = _pick_value(match.of_kind("value"), fits, result.text[: match.start])
            for same in (e for e in match.of_kind("value") if e.target == entry.target):  # "negative": 1 or 2 stars
                _add(reading.filters.setdefault(entry.target, []), str(same.value))
        else:
            _add(reading.mentioned_dimensions, _pick_dimension(match.of_kind("dimension"), fits))
    rating_ends = _read_ratings(result.text, reading)
    value_ends = {m.end for m in result.matches if m.of_kind("value") and not m.of_kind("metric")}
    metric_ends = {
        m.end for m in result.matches if m.of_kind("metric") and m.text not in planner_words().population_nouns
    }
    _drop_population_nouns(result, reading, value_ends | rating_ends | metric_ends)
    return reading.frozen()


def rating_spans(text: str) -> list[tuple[int, int]]:
    """ "1-star", "5 stars", "3星": a rating filter the matcher must not read as a dimension."""
    return [m.span() for m in re.finditer(planner_words().rating_pattern, text)]


def _drop_population_nouns(result: MatchResult, reading: _Draft, filter_ends: set[int]) -> None:
    """With another metric present, "customers" in "revenue from Gold customers" names who, not what."""
    words = planner_words()
    nouns, prepositions = set(words.population_nouns), set(words.population_prepositions)
    for match in result.matches:
        metric_names = {entry.target for entry in match.of_kind("metric")}
        before = re.findall(r"[a-z]+|[\u4e00-\u9fff]", result.text[: match.start])
        follows_filter = any(
            result.text[end : match.start].strip() in LINKING_WORDS for end in filter_ends if end <= match.start
        )
        preceding = [w for w in before if w not in ARTICLES]  # "lifetime value of a customer"
        after = re.findall(r"[a-z']+", result.text[match.end :])[:1]
        acting = bool(after) and after[0] in words.population_verbs  # "reviews customers have written"
        population = match.text in nouns and (
            follows_filter or acting or bool(preceding and preceding[-1] in prepositions)
        )
        if population and len(reading.metrics) > 1 and metric_names & set(reading.metrics):
            reading.metrics = [m for m in reading.metrics if m not in metric_names]
        mentioned = [e.target for e in match.of_kind("dimension") if e.target in reading.mentioned_dimensions]
        if population and reading.metrics and mentioned and match.text in words.row_nouns:
            reading.mentioned_dimensions.remove(mentioned[0])  # "refunds for items that arrived late"


def _read_metric(reading: _Draft, match: Match) -> None:
    names = list(dict.fromkeys(entry.target for entry in match.of_kind("metric")))
    if len(names) > 1:
        reading.ambiguous.append(match)
        return
    _add(reading.metrics, names[0])
    reading.metric_positions.setdefault(names[0], match.start)


def _model_fit(text: str, dimension_models: Mapping[str, str | None]) -> Callable[[str], bool]:
    """Whether a dimension fits the models the question names: with "store" named, the stores model's
    dimensions fit; with none named, only dimensions of models without cue words (words.yml model_words)."""
    model_words = planner_words().model_words
    named = {model for model, words in model_words.items() if has_phrase(text, words) is not None}

    def fits(dimension: str) -> bool:
        model = dimension_models.get(dimension)
        return model in named if named else model not in model_words

    return fits


def _pick_dimension(entries: tuple[Entry, ...], fits: Callable[[str], bool]) -> str:
    names = [entry.target for entry in entries]
    preferred = [n for n in names if fits(n)]
    return (preferred or names)[0]


def _pick_value(entries: tuple[Entry, ...], fits: Callable[[str], bool], before: str = "") -> Entry:
    """The value's dimension: one a cue just before it names ("signed up via the app" is the signup
    channel), else stores only when the question mentions stores, else the priority order."""
    priority = planner_words().value_priority
    cues = planner_words().value_dimension_cues
    cued = {e.target for e in entries if has_phrase(before[-40:], cues.get(e.target, ())) is not None}

    def rank(entry: Entry) -> tuple[int, int, int]:
        model_penalty = int(not fits(entry.target))
        order = priority.index(entry.target) if entry.target in priority else len(priority)
        return int(entry.target not in cued), model_penalty, order

    return sorted(entries, key=rank)[0]


def _read_ratings(text: str, reading: _Draft) -> set[int]:
    ends = set()
    for match in re.finditer(planner_words().rating_pattern, text):
        low, high = _stars(match.group(1)), _stars(match.group(2) or match.group(1))
        for stars in range(min(low, high), max(low, high) + 1):
            _add(reading.filters.setdefault("rating", []), str(stars))
        ends.add(match.end())
    return ends


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


LINKING_WORDS = {"", "a", "an", "the", "per", "each", "every", "of"}
ARTICLES = {"a", "an", "the", "our", "each"}
STAR_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def _stars(token: str) -> int:
    return int(token) if token.isdigit() else STAR_WORDS[token]
