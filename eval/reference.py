"""Expected results and protected values, fetched through the guards like every other query.

Reference SQL runs as admin (the hand-written ground truth); an expected semantic query is
compiled with the catalog under test and run as the case's own role, so row filters and group
suppression apply to the expectation exactly as they apply to the answer. Protected values (raw
phones, emails, id numbers, names, other regions' places) are read as admin to check by value that
none of them reaches an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlglot import exp

from data.errors import CdmError
from engines.status import Status
from eval.cases import Expected
from guards.principal import Principal
from guards.principal_resolution import resolve_principal
from guards.service import run_guarded
from semantic_layer.catalog import Catalog
from semantic_layer.compiler import compile_query
from semantic_layer.errors import SemanticQueryError
from semantic_layer.query import SemanticQuery

PAGE = 5000
PROTECTED_COLUMNS = {"phone": "phone", "email": "email", "id_number": "id_number", "full_name": "full_name"}


@dataclass(frozen=True)
class ExpectedResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    sql: str


def admin() -> Principal:
    return resolve_principal(role="admin")


def _run(sql: str | exp.Expr, principal: Principal, origin: str, warehouse: Path) -> ExpectedResult:
    result = run_guarded(sql, principal, origin=origin, warehouse=warehouse, question="(eval reference)")
    if result.status != Status.OK:
        reasons = "; ".join(n.message for n in result.notices) or result.status
        raise CdmError(f"reference query {result.status}: {reasons}")
    return ExpectedResult(tuple(result.columns), tuple(tuple(r) for r in result.rows), result.sql or "")


def expected_result(expect: Expected, principal: Principal, catalog: Catalog, warehouse: Path) -> ExpectedResult:
    """The rows a correct answer holds; raises CdmError when the case itself is broken."""
    if expect.sql is not None:
        return _run(expect.sql, admin(), "sql", warehouse)
    try:
        query = SemanticQuery.model_validate(expect.semantic_query)
        compiled = compile_query(query, catalog)
    except (ValueError, SemanticQueryError) as error:
        raise CdmError(f"expected semantic query does not compile: {error}") from error
    return _run(compiled.expression, principal, "semantic", warehouse)


def _paged(select: exp.Select, warehouse: Path) -> set[str]:
    """All values of a one-column admin query, page by page (admin results are capped)."""
    values: set[str] = set()
    offset = 0
    while True:
        page = select.copy().limit(PAGE).offset(offset)
        rows = _run(page, admin(), "sql", warehouse).rows
        values |= {str(cell) for row in rows for cell in row if cell is not None}
        if len(rows) < PAGE:
            return values
        offset += PAGE


def protected_values(kind: str, principal: Principal, warehouse: Path) -> set[str]:
    """The raw values a case's answer must never contain."""
    if kind in PROTECTED_COLUMNS:
        column = exp.column(PROTECTED_COLUMNS[kind])
        return _paged(exp.select(column).from_("customers").order_by("customer_id"), warehouse)
    region = principal.attributes.get("region")
    if kind != "other_regions" or not region:
        raise CdmError(f"protected {kind!r} needs a regional_manager case with a region attribute")
    return _places(warehouse, exp.column("region").neq(exp.Literal.string(region))) - _places(
        warehouse, exp.column("region").eq(exp.Literal.string(region))
    )


def _places(warehouse: Path, condition: exp.Expr) -> set[str]:
    places: set[str] = set()
    for table, columns in (("customers", ("region", "province", "city")), ("stores", ("store_name", "city"))):
        for column in columns:
            select = exp.select(exp.column(column)).distinct().from_(table).where(condition.copy())
            places |= _paged(select.order_by(exp.column(column)), warehouse)
    return places
