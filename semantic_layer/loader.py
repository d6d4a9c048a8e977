"""YAML definitions -> catalog objects, collecting every structural problem as a `file:line` issue.

Every `*.yml` in the definitions folder is read; each may hold `semantic_models`, `metrics` and
`verified_queries`, so a new area (for example pain points) can arrive as one more file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from semantic_layer.fields import IssueLog, Node
from semantic_layer.model import (
    METRIC_TIME,
    Dimension,
    Measure,
    Relationship,
    SemanticModel,
    TimeDimension,
    VerifiedQuery,
    Where,
)
from semantic_layer.privacy import privacy_class
from semantic_layer.query import SemanticQuery
from semantic_layer.snippets import parse_snippet
from semantic_layer.yaml_lines import load_yaml

SECTIONS = ("semantic_models", "metrics", "verified_queries")
MODEL_KEYS = {"name", "table", "entity", "description", "owner", "primary_key", "relationships"}
MODEL_KEYS |= {"agg_time_dimension", "time_dimensions", "dimensions", "measures"}
DIMENSION_KEYS = {"name", "label", "description", "synonyms", "owner", "status", "kind", "column", "data_type"}
DIMENSION_KEYS |= {"index_values"}
MEASURE_KEYS = {"name", "agg", "expr", "filters", "fill_nulls_with", "description"}
DATA_TYPES = ("string", "integer", "number", "boolean", "date", "timestamp")


def read_sections(folder: Path, log: IssueLog) -> dict[str, list[Node]]:
    """Every definitions file's top-level lists, as nodes that remember file and line."""
    sections: dict[str, list[Node]] = {name: [] for name in (*SECTIONS, "metric_time")}
    for path in sorted(folder.glob("*.yml")):
        document = load_yaml(path) or {}
        root = Node.of(document, path.name, 1, log)
        if root is None:
            continue
        root.unknown_keys({*SECTIONS, "metric_time"})
        for name in SECTIONS:
            sections[name].extend(root.children(name))
        if "metric_time" in root.data:
            time_node = Node.of(root.data["metric_time"], path.name, root.where.line, log)
            sections["metric_time"].extend([time_node] if time_node else [])
    return sections


def _relationship(node: Node) -> Relationship:
    node.unknown_keys({"to", "foreign_key", "cardinality", "empty_label"})
    cardinality = node.choice("cardinality", ("many_to_one", "one_to_one"), "many_to_one")
    return Relationship(
        node.text("to"), node.text("foreign_key"), cast(Any, cardinality), node.where, node.optional("empty_label")
    )


def _time_dimension(node: Node) -> TimeDimension:
    node.unknown_keys({"name", "column", "data_type"})
    name = node.text("name")
    data_type = node.choice("data_type", ("date", "timestamp"), "timestamp")
    return TimeDimension(name, node.text("column", name), cast(Any, data_type), node.where)


def _check_snippet(text: str, node: Node, what: str) -> None:
    try:
        parse_snippet(text)
    except ValueError as error:
        node.log.add("bad_sql", f"{what}: {error}", node.where)


def _measure(node: Node, model: str) -> Measure:
    node.unknown_keys(MEASURE_KEYS)
    fill = node.data.get("fill_nulls_with")
    if fill is not None and (isinstance(fill, bool) or not isinstance(fill, int | float)):
        node.log.add("bad_field", "fill_nulls_with must be a number", node.where)
        fill = None
    measure = Measure(
        name=node.text("name"),
        model=model,
        agg=cast(Any, node.choice("agg", ("sum", "count", "count_distinct", "average"))),
        expr=node.text("expr"),
        filters=node.texts("filters"),
        fill_nulls_with=float(fill) if fill is not None else None,
        description=node.text("description", ""),
        where=node.where,
    )
    for snippet in (measure.expr, *measure.filters):
        _check_snippet(snippet, node, f"measure {measure.name}")
    return measure


def _dimension(node: Node, model: str, table: str, owner: str) -> Dimension:
    node.unknown_keys(DIMENSION_KEYS)
    kind = node.choice("kind", ("categorical", "boolean"), "categorical")
    default_type = "boolean" if kind == "boolean" else "string"
    data_type = node.choice("data_type", DATA_TYPES, default_type)
    name = node.text("name")
    column = node.text("column", name)
    return Dimension(
        name=name,
        label=node.text("label", name.replace("_", " ").capitalize()),
        description=node.text("description"),
        synonyms=node.texts("synonyms"),
        owner=node.text("owner", owner),
        status=cast(Any, node.choice("status", ("certified", "draft"), "certified")),
        kind=cast(Any, kind),
        data_type=cast(Any, data_type),
        model=model,
        table=table,
        column=column,
        privacy_class=privacy_class(table, column),
        index_values=node.flag("index_values", kind == "categorical" and data_type == "string"),
        where=node.where,
    )


def build_metric_time(node: Node | None) -> Dimension:
    """The shared time axis; its grains are written metric_time__month etc."""
    data = node.data if node else {}
    where = node.where if node else Where("(built-in)", 0)
    if node:
        node.unknown_keys({"label", "description", "synonyms", "owner"})
    return Dimension(
        name=METRIC_TIME,
        label=str(data.get("label", "Time")),
        description=str(data.get("description", "Each metric's own time dimension.")),
        synonyms=node.texts("synonyms") if node else (),
        owner=str(data.get("owner", "")),
        status="certified",
        kind="time",
        data_type="date",
        model=None,
        table=None,
        column=None,
        privacy_class="public",
        index_values=False,
        where=where,
    )


def build_model(node: Node) -> tuple[SemanticModel, list[Dimension], list[Measure]]:
    """One semantic model plus the dimensions and measures it declares."""
    node.unknown_keys(MODEL_KEYS)
    name = node.text("name")
    table = node.text("table", name)
    owner = node.text("owner")
    dimensions = [_dimension(child, name, table, owner) for child in node.children("dimensions")]
    measures = [_measure(child, name) for child in node.children("measures")]
    model = SemanticModel(
        name=name,
        table=table,
        description=node.text("description"),
        owner=owner,
        entity=node.text("entity", name),
        primary_key=node.optional("primary_key"),
        relationships=tuple(_relationship(child) for child in node.children("relationships")),
        agg_time_dimension=node.optional("agg_time_dimension"),
        time_dimensions=tuple(_time_dimension(child) for child in node.children("time_dimensions")),
        dimensions=tuple(d.name for d in dimensions),
        measures=tuple(m.name for m in measures),
        where=node.where,
    )
    return model, dimensions, measures


def _pydantic_message(error: ValidationError) -> str:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    return f"{location}: {first['msg']}" if location else str(first["msg"])


def build_verified_query(node: Node) -> VerifiedQuery | None:
    node.unknown_keys({"question", "query", "verified_by"})
    question = node.text("question")
    try:
        query = SemanticQuery.model_validate(node.data.get("query"))
    except ValidationError as error:
        node.log.add("bad_verified_query", f"verified query {question!r}: {_pydantic_message(error)}", node.where)
        return None
    return VerifiedQuery(question, query, node.text("verified_by", ""), node.where)
