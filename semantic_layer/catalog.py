"""The catalog: every governed metric, dimension and verified query, loaded once from YAML.

`load_catalog()` is the one place definitions are read; everything else (compiler, planner,
guards, UI, eval) receives the frozen `Catalog`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path

from semantic_layer import checks
from semantic_layer.errors import CatalogError, Issue, SemanticQueryError
from semantic_layer.fields import IssueLog
from semantic_layer.loader import build_metric_time, build_model, build_verified_query, read_sections
from semantic_layer.metric_loader import build_metric, check_derived, measures_of, privacy_of, time_dimensions_of
from semantic_layer.model import Dimension, Measure, Metric, SemanticModel, VerifiedQuery
from semantic_layer.share_links import share_link_problems
from semantic_layer.suggest import closest

DEFINITIONS = Path(__file__).resolve().parent / "definitions"


@dataclass(frozen=True)
class Catalog:
    semantic_models: dict[str, SemanticModel]
    measures: dict[str, Measure]
    metrics: dict[str, Metric]
    dimensions: dict[str, Dimension]
    verified_queries: tuple[VerifiedQuery, ...]
    source_texts: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def fingerprint(self) -> str:
        """Hash of all definition files: changes whenever any definition changes."""
        digest = hashlib.sha256()
        for name, text in self.source_texts:
            digest.update(f"{name}\0{text}\0".encode())
        return digest.hexdigest()[:16]

    def metric_fingerprints(self) -> dict[str, str]:
        """Per metric, a hash of its definition including the measures, filters and tables it reads."""
        return {name: _hash(self._metric_definition(metric)) for name, metric in self.metrics.items()}

    def _metric_definition(self, metric: Metric) -> dict[str, object]:
        measures = [self.measures[m] for m in metric.measures if m in self.measures]
        inputs = [self._metric_definition(self.metrics[i]) for i in metric.inputs if i in self.metrics]
        tables = {m.model: self.semantic_models[m.model].table for m in measures}
        semantic = {k: v for k, v in asdict(metric).items() if k not in ("where", "description", "synonyms", "label")}
        measure_defs = [{k: v for k, v in asdict(m).items() if k not in ("where", "description")} for m in measures]
        return {"metric": semantic, "measures": measure_defs, "tables": tables, "inputs": inputs}

    def synonym_index(self) -> dict[str, list[str]]:
        """Lower-cased name, label or synonym -> the catalog names it may mean (for the planner)."""
        index: dict[str, list[str]] = {}
        items: list[Metric | Dimension] = [*self.metrics.values(), *self.dimensions.values()]
        for item in items:
            for word in (item.name, item.name.replace("_", " "), item.label, *item.synonyms):
                names = index.setdefault(word.strip().lower(), [])
                if item.name not in names:
                    names.append(item.name)
        return index

    def resolve(self, name: str) -> Metric | Dimension:
        """A metric or dimension by name (metric_time__month resolves to metric_time)."""
        base = name.split("__")[0] if name.startswith("metric_time__") else name
        found = self.metrics.get(base) or self.dimensions.get(base)
        if found is None:
            hint = closest(name, [*self.metrics, *self.dimensions])
            raise SemanticQueryError([Issue("unknown_name", f"unknown metric or dimension '{name}'{hint}", name)])
        return found


def _hash(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _collect(folder: Path, log: IssueLog) -> Catalog:
    sections = read_sections(folder, log)
    built = [build_model(node) for node in sections["semantic_models"]]
    models = {model.name: model for model, _, _ in built}
    dimension_list = [build_metric_time(next(iter(sections["metric_time"]), None))]
    dimension_list += [d for _, dims, _ in built for d in dims]
    measure_list = [m for _, _, measures in built for m in measures]
    metric_nodes = sections["metrics"]
    metric_list = [build_metric(node) for node in metric_nodes]
    checks.check_unique([model for model, _, _ in built], "semantic model", log)
    checks.check_unique([*metric_list, *dimension_list], "metric/dimension", log)
    checks.check_unique(measure_list, "measure", log)
    measures = {m.name: m for m in measure_list}
    metrics = {m.name: m for m in metric_list}
    for node, metric in zip(metric_nodes, metric_list, strict=True):
        if metric.type == "derived":
            check_derived(metric, metrics, node)
        for problem in share_link_problems(metric, metrics, {d.name: d for d in dimension_list}):
            log.add("bad_reference", problem, metric.where)
    metrics = {name: _enrich(metric, metrics, measures, models) for name, metric in metrics.items()}
    _cross_check(models, measures, metrics, dimension_list, log)
    queries = [build_verified_query(node) for node in sections["verified_queries"]]
    texts = tuple((p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml")))
    dimensions = {d.name: d for d in dimension_list}
    return Catalog(models, measures, metrics, dimensions, tuple(q for q in queries if q), texts)


def _enrich(
    metric: Metric, metrics: dict[str, Metric], measures: dict[str, Measure], models: dict[str, SemanticModel]
) -> Metric:
    used = measures_of(metric, metrics)
    return replace(
        metric,
        measures=used,
        privacy_classes=privacy_of(used, measures, models),
        time_dimensions=time_dimensions_of(used, measures, models),
    )


def _cross_check(
    models: dict[str, SemanticModel],
    measures: dict[str, Measure],
    metrics: dict[str, Metric],
    dimensions: list[Dimension],
    log: IssueLog,
) -> None:
    checks.check_relationships(models, log)
    checks.check_time_dimensions(models, log)
    checks.check_measure_columns(measures.values(), models, log)
    checks.check_metric_measures(metrics.values(), measures, log)
    checks.check_synonyms([*metrics.values(), *dimensions], log)


def load_catalog_with_issues(path: Path | None = None) -> tuple[Catalog | None, list[Issue]]:
    """The catalog and every structural issue; the catalog is None when a file cannot be parsed."""
    folder = Path(path) if path is not None else DEFINITIONS
    if not folder.is_dir():
        return None, [Issue("missing_definitions", f"no definitions folder at {folder}", str(folder))]
    log = IssueLog()
    try:
        catalog = _collect(folder, log)
    except CatalogError as error:
        return None, [*log.issues, *error.issues]
    return catalog, log.issues


@cache
def _load_default() -> Catalog:
    return load_catalog(DEFINITIONS)


def load_catalog(path: Path | None = None) -> Catalog:
    """Load and check the definitions; raises CatalogError listing `file:line` problems."""
    if path is None:
        return _load_default()
    catalog, issues = load_catalog_with_issues(path)
    if issues or catalog is None:
        raise CatalogError(issues)
    return catalog
