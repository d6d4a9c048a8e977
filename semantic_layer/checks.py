"""Cross-reference checks over the loaded definitions: names unique, references resolve, synonyms unambiguous."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from semantic_layer.fields import IssueLog
from semantic_layer.joins import join_paths
from semantic_layer.model import Dimension, Measure, Metric, SemanticModel, Where
from semantic_layer.snippets import referenced_columns


class Named(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def where(self) -> Where: ...


def check_unique(items: Iterable[Named], what: str, log: IssueLog) -> None:
    seen: dict[str, Where] = {}
    for item in items:
        if item.name in seen:
            log.add("duplicate_name", f"{what} name '{item.name}' is already used at {seen[item.name]}", item.where)
        else:
            seen[item.name] = item.where


def check_relationships(models: Mapping[str, SemanticModel], log: IssueLog) -> None:
    for model in models.values():
        for rel in model.relationships:
            target = models.get(rel.to)
            if target is None:
                log.add("unknown_reference", f"model '{model.name}' relates to unknown model '{rel.to}'", rel.where)
            elif target.primary_key is None:
                log.add("bad_reference", f"model '{rel.to}' has no primary_key to join on", rel.where)


def check_time_dimensions(models: Mapping[str, SemanticModel], log: IssueLog) -> None:
    for model in models.values():
        reference = model.agg_time_dimension
        if not reference:
            continue
        owner, _, name = reference.rpartition(".")
        owner = owner or model.name
        target = models.get(owner)
        known = target is not None and any(t.name == name for t in target.time_dimensions)
        if not known:
            log.add("unknown_reference", f"model '{model.name}': unknown time dimension '{reference}'", model.where)
        elif owner not in join_paths(models, model.name, safe_only=True):
            log.add("no_join_path", f"model '{model.name}' cannot reach '{owner}' without fan-out", model.where)


def check_measure_columns(measures: Iterable[Measure], models: Mapping[str, SemanticModel], log: IssueLog) -> None:
    for measure in measures:
        reachable = join_paths(models, measure.model, safe_only=True) if measure.model in models else {}
        for snippet in (measure.expr, *measure.filters):
            try:
                columns = referenced_columns(snippet, measure.model)
            except ValueError:
                continue  # already reported when the measure was read
            for model_name, _column in sorted(columns):
                if model_name not in reachable:
                    message = (
                        f"measure '{measure.name}' reads '{model_name}', which '{measure.model}' cannot reach safely"
                    )
                    log.add("no_join_path", message, measure.where)


def check_metric_measures(metrics: Iterable[Metric], measures: Mapping[str, Measure], log: IssueLog) -> None:
    for metric in metrics:
        for name in metric.measures:
            if name not in measures:
                log.add("unknown_reference", f"metric '{metric.name}' uses unknown measure '{name}'", metric.where)
        for name in metric.alternatives:
            if name == metric.name:
                log.add("bad_reference", f"metric '{metric.name}' lists itself as an alternative", metric.where)


def check_synonyms(items: Iterable[Metric | Dimension], log: IssueLog) -> None:
    """A synonym (case-insensitive) must point to exactly one metric or dimension."""
    items = list(items)
    owner: dict[str, str] = {item.name.lower(): item.name for item in items}
    for item in items:
        for synonym in item.synonyms:
            key = synonym.strip().lower()
            previous = owner.setdefault(key, item.name)
            if previous != item.name:
                message = f"synonym '{synonym}' of '{item.name}' already points to '{previous}'"
                log.add("ambiguous_synonym", message, item.where)
