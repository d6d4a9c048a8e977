"""The planner's vocabulary, built from the semantic layer: names, synonyms and dimension values.

Everything the planner can recognise comes from the catalog YAML, the warehouse's distinct values
and the two small word files beside this module, so adding a synonym to the YAML teaches it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from assistant.planner.text import phrase_key
from assistant.planner.word_file import PlannerWords, words_file
from semantic_layer.catalog import Catalog

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Entry:
    """One recognisable phrase: a metric, a dimension, or a value of a dimension."""

    kind: str  # "metric" | "dimension" | "value"
    target: str  # metric or dimension name
    value: str | None = None
    phrase: str = ""


@dataclass(frozen=True)
class Lexicon:
    by_key: Mapping[tuple[str, ...], tuple[Entry, ...]]
    cjk: Mapping[str, tuple[Entry, ...]]
    labels: Mapping[str, str]
    metric_names: tuple[str, ...]
    dimension_names: tuple[str, ...]
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    by_length: Mapping[int, tuple[tuple[tuple[str, ...], tuple[Entry, ...]], ...]] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()
    longest: int = 1

    def entries_of_length(self, length: int) -> Iterable[tuple[tuple[str, ...], tuple[Entry, ...]]]:
        return self.by_length.get(length, ())


def planner_words() -> PlannerWords:
    return words_file()


@cache
def ambiguous_terms() -> dict[str, list[str]]:
    with (HERE / "ambiguous_terms.yml").open(encoding="utf-8") as handle:
        loaded: dict[str, list[str]] = yaml.safe_load(handle)
    return loaded


@cache
def value_synonyms() -> dict[str, dict[str, list[str]]]:
    with (HERE / "value_synonyms.yml").open(encoding="utf-8") as handle:
        loaded: dict[str, dict[str, list[str]]] = yaml.safe_load(handle)
    return loaded


def _phrases_for(name: str, label: str, synonyms: Sequence[str]) -> list[str]:
    return [name, name.replace("_", " "), label, *synonyms]


def _value_phrases(dimension: str, value: str) -> list[str]:
    extra = value_synonyms().get(dimension, {}).get(value, [])
    return [value, *extra] if len(value) > 1 else list(extra)


def build_lexicon(catalog: Catalog, values: Mapping[str, Sequence[str]]) -> Lexicon:
    """Index every phrase by its stems (English) or as written (Chinese)."""
    entries: list[Entry] = []
    for metric in catalog.metrics.values():
        entries += [
            Entry("metric", metric.name, None, p) for p in _phrases_for(metric.name, metric.label, metric.synonyms)
        ]
    for dimension in catalog.dimensions.values():
        if dimension.kind == "time":
            continue  # periods and grains are read by the time-expression parser
        phrases = _phrases_for(dimension.name, dimension.label, dimension.synonyms)
        entries += [Entry("dimension", dimension.name, None, p) for p in phrases]
    for dimension_name, dimension_values in values.items():
        for value in dimension_values:
            phrases = _value_phrases(dimension_name, str(value))
            entries += [Entry("value", dimension_name, str(value), p) for p in phrases]
    return _index(entries + _unindexed_value_words(catalog, values), catalog, values)


def _unindexed_value_words(catalog: Catalog, values: Mapping[str, Sequence[str]]) -> list[Entry]:
    """Words for values of dimensions whose values are not indexed ("negative" reviews: rating 1 or 2)."""
    return [
        Entry("value", dimension, str(value), phrase)
        for dimension, synonyms in value_synonyms().items()
        if dimension in catalog.dimensions and dimension not in values
        for value, phrases in synonyms.items()
        for phrase in phrases
    ]


def _ambiguous_entries(catalog: Catalog) -> dict[str, list[Entry]]:
    """Terms that name several metrics: they replace any single mapping of the same words."""
    return {
        term.lower(): [Entry("metric", name, None, term) for name in names if name in catalog.metrics]
        for term, names in ambiguous_terms().items()
    }


def _index(entries: list[Entry], catalog: Catalog, values: Mapping[str, Sequence[str]]) -> Lexicon:
    by_key: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
    cjk: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        text = entry.phrase.strip().lower()
        if not text:
            continue
        if not text.isascii():
            _add_unique(cjk[text], entry)
        key = phrase_key(text)
        if key and text.isascii():
            _add_unique(by_key[key], entry)
    for term, term_entries in _ambiguous_entries(catalog).items():
        if len(term_entries) > 1 and term.isascii():
            by_key[phrase_key(term)] = list(term_entries)
        elif len(term_entries) > 1:
            cjk[term] = list(term_entries)
    labels = {m.name: m.label for m in catalog.metrics.values()} | {
        d.name: d.label for d in catalog.dimensions.values()
    }
    by_length: dict[int, list[tuple[tuple[str, ...], tuple[Entry, ...]]]] = defaultdict(list)
    for key, bucket in by_key.items():
        by_length[len(key)].append((key, tuple(bucket)))
    return Lexicon(
        by_length={n: tuple(items) for n, items in by_length.items()},
        vocabulary=frozenset(word for key in by_key for word in key),
        longest=max((len(key) for key in by_key), default=1),
        by_key={k: tuple(v) for k, v in by_key.items()},
        cjk={k: tuple(v) for k, v in cjk.items()},
        labels=labels,
        metric_names=tuple(catalog.metrics),
        dimension_names=tuple(catalog.dimensions),
        values={d: tuple(str(v) for v in vs) for d, vs in values.items()},
    )


def _add_unique(bucket: list[Entry], entry: Entry) -> None:
    if all((e.kind, e.target, e.value) != (entry.kind, entry.target, entry.value) for e in bucket):
        bucket.append(entry)
