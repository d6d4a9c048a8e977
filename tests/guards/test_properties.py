"""Property tests: random queries over the schema keep the two invariants for every role.

1. no output cell or notice contains a protected raw value (phones, emails, ids, names, birth dates);
2. no row from outside the row filter (regional manager: East only; marketing: consenting customers,
   groups of at least 10 customers).
"""

from __future__ import annotations

from pathlib import Path

from guard_judges import Outside
from guard_leaks import Protected, find_leak
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guards.principal import Principal
from guards.service import run_guarded

SOURCES = (
    "customers c",
    "orders o JOIN customers c USING (customer_id)",
    "reviews r JOIN customers c ON r.customer_id = c.customer_id",
    "support_tickets t JOIN customers c USING (customer_id)",
    "customer_profile p JOIN customers c USING (customer_id)",
    "main.customers AS c",
    '"CUSTOMERS" c',
)
COLUMNS = ("c.phone", "c.email", "c.full_name", "c.city", "c.region", "c.customer_id", "c.gender", "c.member_tier")
FUNCTIONS = (
    "{}",
    "upper({})",
    "reverse(CAST({} AS VARCHAR))",
    "substr(CAST({} AS VARCHAR), 2, 8)",
    "concat({}, '|')",
    "left(CAST({} AS VARCHAR), 6)",
    "regexp_replace(CAST({} AS VARCHAR), '[^0-9]', '', 'g')",
    "md5(CAST({} AS VARCHAR))",
    "CAST({} AS VARCHAR) || 'x'",
)
WHOLE = ("*", "c", "to_json(c)", "c.*", "COLUMNS('.*')", "struct_pack(a := c.phone, b := c.email)")
PREDICATES = (
    "TRUE",
    "c.region = 'South'",
    "c.region <> 'East'",
    "c.phone LIKE '13%'",
    "c.customer_id < 500",
    "c.email LIKE '%@%'",
    "c.marketing_consent = false",
    "c.city IN ('Shanghai', 'Guangzhou', 'Beijing')",
)
WRAPPERS = (
    "{}",
    "SELECT * FROM ({}) AS sub",
    "WITH x AS ({}) SELECT * FROM x",
    "WITH customers AS (SELECT * FROM main.customers) {}",
    "{} UNION ALL {}",
    "SELECT * FROM ({}) AS a WHERE EXISTS (SELECT 1 FROM customers c2 WHERE c2.region = 'North')",
)

projection = st.one_of(
    st.sampled_from(WHOLE),
    st.tuples(st.sampled_from(FUNCTIONS), st.sampled_from(COLUMNS)).map(lambda fc: fc[0].format(fc[1])),
)


@st.composite
def free_queries(draw: st.DrawFn) -> str:
    items = draw(st.lists(projection, min_size=1, max_size=3))
    select = ", ".join(f"{item} AS v{i}" if item not in ("*", "c.*") else item for i, item in enumerate(items))
    base = f"SELECT {select} FROM {draw(st.sampled_from(SOURCES))} WHERE {draw(st.sampled_from(PREDICATES))}"
    wrapper = draw(st.sampled_from(WRAPPERS))
    return wrapper.format(base, base) + " LIMIT 300"


@st.composite
def aggregate_queries(draw: st.DrawFn) -> str:
    key = draw(st.sampled_from(("c.city", "c.region", "c.customer_id", "c.gender", "c.member_tier", "c.signup_date")))
    measure = draw(st.sampled_from(("count(*)", "avg(c.customer_id)", "sum(1)", "count(DISTINCT c.city)")))
    source = draw(st.sampled_from(SOURCES[:5]))
    predicate = draw(st.sampled_from(PREDICATES))
    body = (
        f"SELECT {key} AS k, {measure} AS m, count(DISTINCT c.customer_id) AS n_customers, "
        f"count(*) FILTER (WHERE NOT c.marketing_consent) AS n_refused FROM {source} WHERE {predicate} GROUP BY 1"
    )
    return draw(st.sampled_from(("{}", "WITH x AS ({}) SELECT * FROM x", "SELECT * FROM ({}) AS s"))).format(body)


PROPERTY_SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], derandomize=True
)


def _check(result: object, protected: Protected) -> None:
    rows = result.rows  # type: ignore[attr-defined]
    notices = [(n.message,) for n in result.notices]  # type: ignore[attr-defined]
    assert result.status in ("ok", "blocked", "error")  # type: ignore[attr-defined]
    assert find_leak(rows, protected) is None
    assert find_leak(notices, protected) is None


@PROPERTY_SETTINGS
@given(sql=free_queries())
def test_analyst_never_sees_raw_identifiers(sql: str, tiny_warehouse: Path, protected: Protected) -> None:
    _check(run_guarded(sql, Principal(None, "analyst", {}), warehouse=tiny_warehouse), protected)


@PROPERTY_SETTINGS
@given(sql=free_queries())
def test_regional_manager_stays_in_region(
    sql: str, tiny_warehouse: Path, protected: Protected, outside_east: Outside
) -> None:
    result = run_guarded(sql, Principal(None, "regional_manager", {"region": "East"}), warehouse=tiny_warehouse)
    _check(result, protected)
    assert outside_east.violation(result.rows) is None


@PROPERTY_SETTINGS
@given(sql=st.one_of(aggregate_queries(), free_queries()))
def test_marketing_sees_only_large_consenting_groups(sql: str, tiny_warehouse: Path, protected: Protected) -> None:
    result = run_guarded(sql, Principal(None, "marketing", {}), origin="semantic", warehouse=tiny_warehouse)
    _check(result, protected)
    if result.status == "ok" and "n_customers" in result.columns:
        assert all(row[result.columns.index("n_customers")] >= 10 for row in result.rows)
        assert all(row[result.columns.index("n_refused")] == 0 for row in result.rows)
