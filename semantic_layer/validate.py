"""`cdm metrics validate`: definitions checked against themselves, the data dictionary and the warehouse.

Every problem is an Issue whose `where` is `file:line`, so an author can jump straight to it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from sqlglot import exp

from data.dictionary import load_dictionary
from semantic_layer.catalog import Catalog, load_catalog_with_issues
from semantic_layer.compiler import compile_query
from semantic_layer.errors import Issue, SemanticQueryError
from semantic_layer.execute import connect_read_only
from semantic_layer.query import SemanticQuery
from semantic_layer.snippets import parse_snippet, referenced_columns

INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")
NUMERIC_TYPES = (*INTEGER_TYPES, "DECIMAL", "DOUBLE", "FLOAT", "REAL")
COMPATIBLE = {
    "string": ("VARCHAR",),
    "integer": INTEGER_TYPES,
    "number": NUMERIC_TYPES,
    "boolean": ("BOOLEAN",),
    "date": ("DATE",),
    "timestamp": ("TIMESTAMP",),
}
Schema = dict[str, dict[str, str]]


def _compatible(data_type: str, warehouse_type: str) -> bool:
    return warehouse_type.upper().split("(")[0].strip() in COMPATIBLE.get(data_type, ())


def check_verified_queries(catalog: Catalog) -> list[Issue]:
    """Every verified query compiles against the catalog."""
    issues = []
    for verified in catalog.verified_queries:
        try:
            compile_query(verified.query, catalog)
        except SemanticQueryError as error:
            issues.append(Issue("bad_verified_query", f"{verified.question!r}: {error.message}", str(verified.where)))
    return issues


def check_dictionary(catalog: Catalog) -> list[Issue]:
    """Columns the catalog exposes are documented, and hidden (ground-truth) tables are never modelled."""
    dictionary = {table.name: table for table in load_dictionary().tables}
    issues = []
    for model in catalog.semantic_models.values():
        table = dictionary.get(model.table)
        if table is not None and table.hidden:
            issues.append(
                Issue("hidden_table", f"table '{model.table}' is hidden and must not be modelled", str(model.where))
            )
    for dimension in catalog.dimensions.values():
        if dimension.table and dimension.privacy_class == "unknown":
            message = f"{dimension.table}.{dimension.column} has no privacy class in the data dictionary"
            issues.append(Issue("no_privacy_class", message, str(dimension.where)))
    return issues


def read_schema(connection: duckdb.DuckDBPyConnection) -> Schema:
    rows = connection.execute("SELECT table_name, column_name, data_type FROM information_schema.columns").fetchall()
    schema: Schema = {}
    for table, column, data_type in rows:
        schema.setdefault(str(table), {})[str(column)] = str(data_type)
    return schema


def _column_issue(schema: Schema, table: str, column: str, data_type: str | None, where: str) -> Issue | None:
    if table not in schema:
        return Issue("unknown_table", f"table '{table}' does not exist in the warehouse", where)
    if column not in schema[table]:
        return Issue("unknown_column", f"column '{table}.{column}' does not exist in the warehouse", where)
    actual = schema[table][column]
    if data_type and not _compatible(data_type, actual):
        return Issue("type_mismatch", f"{table}.{column} is {actual}, not compatible with {data_type}", where)
    return None


def _parsed(snippet: str) -> exp.Expr | None:
    try:
        return parse_snippet(snippet)
    except ValueError:
        return None


def check_columns(catalog: Catalog, schema: Schema) -> list[Issue]:
    models = catalog.semantic_models
    checks: list[tuple[str, str, str | None, str]] = []
    for model in models.values():
        checks += [(model.table, t.column, t.data_type, str(t.where)) for t in model.time_dimensions]
        checks += [(model.table, r.foreign_key, None, str(r.where)) for r in model.relationships]
        checks += [(model.table, model.primary_key, None, str(model.where))] if model.primary_key else []
    for dim in catalog.dimensions.values():
        checks += [(dim.table, dim.column, dim.data_type, str(dim.where))] if dim.table and dim.column else []
    for measure in catalog.measures.values():
        expr = _parsed(measure.expr)
        if measure.agg in ("sum", "average") and isinstance(expr, exp.Column):
            checks.append((models[measure.model].table, expr.name, "number", str(measure.where)))
        for snippet in (measure.expr, *measure.filters):
            if _parsed(snippet) is None:
                continue  # reported by the loader
            for model_name, column in sorted(referenced_columns(snippet, measure.model)):
                table = models[model_name].table if model_name in models else model_name
                checks.append((table, column, None, str(measure.where)))
    found = [_column_issue(schema, *check) for check in checks]
    return list(dict.fromkeys(issue for issue in found if issue))


def check_measure_types(catalog: Catalog, connection: duckdb.DuckDBPyConnection) -> list[Issue]:
    """Sums and averages must be over numbers; every metric's SQL must bind in the warehouse."""
    issues = []
    for metric in catalog.metrics.values():
        query = SemanticQuery(metrics=(metric.name,))
        try:
            sql = compile_query(query, catalog).render("duckdb")
            connection.execute(f"DESCRIBE {sql}").fetchall()
        except (duckdb.Error, SemanticQueryError) as error:
            message = f"metric '{metric.name}' does not run: {(str(error).splitlines() or [''])[0]}"
            issues.append(Issue("metric_does_not_run", message, str(metric.where)))
    return issues


def validate_catalog(catalog_path: Path | None = None, warehouse: Path | None = None) -> list[Issue]:
    """All problems with the definitions; empty means valid."""
    catalog, issues = load_catalog_with_issues(catalog_path)
    if catalog is None:
        return issues
    issues = [*issues, *check_dictionary(catalog)]
    if not issues:
        issues = check_verified_queries(catalog)
    if warehouse is not None:
        with connect_read_only(warehouse) as connection:
            column_issues = check_columns(catalog, read_schema(connection))
            issues += column_issues or ([] if issues else check_measure_types(catalog, connection))
    return issues
