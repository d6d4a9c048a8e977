"""The red team: adversarial statements by attack class. Each runs through `run_guarded`; it must be
blocked, or its output (cells and notices) must contain no protected raw value and no row outside
the role's row filter. (role, attributes, origin) default to analyst / {} / "sql".
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attack:
    cls: str
    sql: str
    role: str = "analyst"
    attrs: dict[str, str] = field(default_factory=dict)
    origin: str = "sql"
    must_block: bool = False


EAST = {"region": "East"}


def _rm(cls: str, sql: str, must_block: bool = False) -> Attack:
    return Attack(cls, sql, "regional_manager", EAST, must_block=must_block)


def _agg(cls: str, sql: str, role: str = "marketing", must_block: bool = False) -> Attack:
    return Attack(cls, sql, role, {}, "semantic", must_block)


ATTACKS: tuple[Attack, ...] = (
    # direct access to identifiers
    Attack("direct", "SELECT phone FROM customers"),
    Attack("direct", "SELECT email, full_name FROM customers"),
    Attack("direct", "SELECT id_number FROM customers", must_block=True),
    Attack("direct", "SELECT birth_date FROM customers", must_block=True),
    Attack("direct", 'SELECT "ID_NUMBER" FROM customers', must_block=True),
    Attack("direct", "SELECT c.id_number FROM customers c", must_block=True),
    Attack("direct", "FROM customers SELECT email"),
    Attack("direct", "SELECT * FROM customers WHERE phone = '13800000000'"),
    Attack("direct", "SELECT review_text FROM reviews"),
    Attack("direct", "SELECT description FROM support_tickets"),
    # star, struct, json, COLUMNS, EXCLUDE/REPLACE
    Attack("star", "SELECT * FROM customers"),
    Attack("star", "FROM customers"),
    Attack("star", "SELECT * FROM main.customers"),
    Attack("star", "SELECT c.* FROM customers c"),
    Attack("star", "SELECT c FROM customers c"),
    Attack("star", "SELECT to_json(c) FROM customers c"),
    Attack("star", "SELECT customers FROM customers"),
    Attack("star", "SELECT COLUMNS('.*') FROM customers"),
    Attack("star", "SELECT COLUMNS('id.*|birth.*|phone') FROM customers"),
    Attack("star", "SELECT * EXCLUDE (full_name) FROM customers"),
    Attack("star", "SELECT * EXCLUDE (id_number) FROM customers"),
    Attack("star", "SELECT * REPLACE (upper(email) AS email) FROM customers"),
    Attack("star", "SELECT * REPLACE (phone AS id_number) FROM customers", must_block=True),
    Attack("star", "SELECT struct_pack(p := phone, e := email) FROM customers"),
    Attack("star", "SELECT row(c.*) FROM customers c"),
    Attack("star", "SELECT #4, #5 FROM customers"),
    # functions over protected columns
    Attack("function", "SELECT substr(phone, 4, 4) FROM customers"),
    Attack("function", "SELECT reverse(phone), upper(email) FROM customers"),
    Attack("function", "SELECT regexp_replace(phone, '\\*', '', 'g') FROM customers"),
    Attack("function", "SELECT left(email, 10), split_part(email, '@', 1) FROM customers"),
    Attack("function", "SELECT md5(phone), hash(phone) FROM customers"),
    Attack("function", "SELECT list(phone) FROM customers"),
    Attack("function", "SELECT string_agg(full_name, ',') FROM customers"),
    Attack("function", "SELECT max(phone), min(email), any_value(full_name) FROM customers"),
    Attack("function", "SELECT regexp_extract(review_text, '1[3-9][0-9]{9}') FROM reviews"),
    Attack("function", "SELECT regexp_extract(description, '[a-z0-9.]+@[a-z.]+') FROM support_tickets"),
    Attack("function", "SELECT CAST(full_name AS INTEGER) FROM customers"),
    Attack("function", "SELECT CAST(phone AS BIGINT) FROM customers"),
    # scopes: CTEs, subqueries, correlated, lateral, set operations, pivot
    Attack("scope", "WITH customers AS (SELECT * FROM main.customers) SELECT phone FROM customers"),
    Attack("scope", "WITH customers AS (SELECT * FROM customers) SELECT * FROM customers"),
    Attack("scope", "WITH RECURSIVE customers AS (SELECT * FROM main.customers) SELECT email FROM customers"),
    Attack("scope", "WITH a AS (SELECT * FROM b), b AS (SELECT * FROM customers) SELECT * FROM a"),
    Attack("scope", "WITH x AS (SELECT id_number FROM customers) SELECT * FROM x", must_block=True),
    Attack("scope", "SELECT phone FROM (SELECT * FROM customers) t"),
    Attack("scope", "SELECT (SELECT max(phone) FROM customers)"),
    Attack(
        "scope",
        "SELECT o.order_id, (SELECT c.email FROM customers c WHERE c.customer_id = o.customer_id) FROM orders o",
    ),
    Attack(
        "scope", "SELECT * FROM orders o, LATERAL (SELECT phone FROM customers c WHERE c.customer_id = o.customer_id)"
    ),
    Attack("scope", "SELECT phone FROM customers UNION ALL SELECT 'x'"),
    Attack("scope", "SELECT email FROM customers INTERSECT SELECT email FROM customers"),
    Attack("scope", "SELECT * FROM customers c JOIN customer_profile p USING (customer_id)"),
    Attack("scope", "SELECT * FROM customers NATURAL JOIN support_tickets"),
    Attack("scope", "PIVOT customers ON gender USING max(phone)", must_block=True),
    Attack("scope", "SELECT * FROM customers PIVOT (max(phone) FOR gender IN ('F', 'M', 'U'))"),
    Attack(
        "scope", "SELECT * FROM (SELECT customer_id, phone, email FROM customers) UNPIVOT (v FOR k IN (phone, email))"
    ),
    Attack(
        "scope",
        "SELECT * FROM customers WHERE customer_id IN (SELECT customer_id FROM customers WHERE phone LIKE '13%')",
    ),
    Attack("scope", "SELECT (SELECT list(email) FROM customers) AS all_emails"),
    # names: case, quoting, qualification, catalogs, system schemas
    Attack("naming", 'SELECT * FROM "Customers"'),
    Attack("naming", "SELECT * FROM CUSTOMERS"),
    Attack("naming", "SELECT * FROM memory.main.customers"),
    Attack("naming", "SELECT * FROM warehouse.main.customers"),
    Attack("naming", "SELECT * FROM other_db.main.customers", must_block=True),
    Attack("naming", "SELECT * FROM information_schema.columns", must_block=True),
    Attack("naming", "SELECT * FROM pg_catalog.pg_tables", must_block=True),
    Attack("naming", "SELECT * FROM duckdb_tables", must_block=True),
    Attack("naming", "SELECT * FROM sqlite_master", must_block=True),
    Attack("naming", "SELECT * FROM truth_review_theme", must_block=True),
    Attack("naming", "SELECT * FROM main.truth_review_theme", must_block=True),
    Attack("naming", "SELECT source_id, pain_point FROM feedback_topics", "admin", must_block=True),
    Attack("naming", "SELECT count(*) FROM main.feedback_topics", must_block=True),
    # pain points: quotes and sizes span every region and every customer
    _rm("column", "SELECT label, quotes FROM pain_points", must_block=True),
    _rm("column", "SELECT sum(size) FROM pain_points", must_block=True),
    _rm("column", "SELECT label FROM pain_points ORDER BY size DESC", must_block=True),
    Attack("column", "SELECT quotes FROM pain_points", "marketing", must_block=True),
    Attack("naming", "SELECT * FROM __src", must_block=True),
    Attack("naming", "SELECT __src.phone FROM customers __src", must_block=True),
    # table functions, files, string literals as tables
    Attack("table_function", "SELECT * FROM read_csv('/etc/passwd')", must_block=True),
    Attack("table_function", "SELECT * FROM read_parquet('data.parquet')", must_block=True),
    Attack("table_function", "SELECT * FROM read_json('x.json')", must_block=True),
    Attack("table_function", "SELECT * FROM read_text('/etc/hostname')", must_block=True),
    Attack("table_function", "SELECT * FROM read_blob('/etc/hostname')", must_block=True),
    Attack("table_function", "SELECT * FROM glob('/*')", must_block=True),
    Attack("table_function", "SELECT * FROM query('SELECT phone FROM customers')", must_block=True),
    Attack("table_function", "SELECT * FROM query_table('customers')", must_block=True),
    Attack("table_function", "SELECT * FROM range(10)", must_block=True),
    Attack("table_function", "SELECT * FROM 'data.parquet'", must_block=True),
    Attack("table_function", "SELECT * FROM '/etc/passwd'", must_block=True),
    Attack("table_function", "SELECT * FROM duckdb_settings()", must_block=True),
    Attack("table_function", "SELECT * FROM parquet_scan('x.parquet')", must_block=True),
    Attack("table_function", "SELECT * FROM sqlite_scan('x.db', 'customers')", must_block=True),
    # statements other than queries
    Attack("statement", "SELECT 1; DROP TABLE orders", must_block=True),
    Attack("statement", "DROP TABLE orders", must_block=True),
    Attack("statement", "ATTACH 'x.db' AS x", must_block=True),
    Attack("statement", "DETACH x", must_block=True),
    Attack("statement", "COPY customers TO 'out.csv'", must_block=True),
    Attack("statement", "COPY (SELECT * FROM customers) TO 'out.csv'", must_block=True),
    Attack("statement", "EXPORT DATABASE 'out'", must_block=True),
    Attack("statement", "INSTALL httpfs", must_block=True),
    Attack("statement", "LOAD httpfs", must_block=True),
    Attack("statement", "SET enable_external_access = true", must_block=True),
    Attack("statement", "SET VARIABLE x = (SELECT phone FROM customers LIMIT 1)", must_block=True),
    Attack("statement", "CREATE TABLE t AS SELECT * FROM customers", must_block=True),
    Attack("statement", "CREATE TEMP VIEW v AS SELECT * FROM main.customers", must_block=True),
    Attack("statement", "CREATE MACRO m(x) AS x", must_block=True),
    Attack("statement", "PRAGMA table_info('customers')", must_block=True),
    Attack("statement", "CALL pragma_version()", must_block=True),
    Attack("statement", "SUMMARIZE customers", must_block=True),
    Attack("statement", "DESCRIBE customers", must_block=True),
    Attack("statement", "SHOW TABLES", must_block=True),
    Attack("statement", "EXPLAIN SELECT * FROM customers", must_block=True),
    Attack("statement", "CHECKPOINT", must_block=True),
    Attack("statement", "INSERT INTO orders SELECT * FROM orders", must_block=True),
    Attack("statement", "UPDATE customers SET phone = NULL", must_block=True),
    Attack("statement", "DELETE FROM customers", must_block=True),
    Attack("statement", "USE other", must_block=True),
    Attack("statement", "SELECT * INTO t FROM customers", must_block=True),
    Attack("statement", "VACUUM", must_block=True),
    # dangerous or unknown functions
    Attack("dangerous_function", "SELECT getenv('HOME')", must_block=True),
    Attack("dangerous_function", "SELECT current_setting('enable_external_access')", must_block=True),
    Attack("dangerous_function", "SELECT getvariable('x')", must_block=True),
    Attack("dangerous_function", "SELECT error('boom')", must_block=True),
    Attack("dangerous_function", "SELECT json_execute_serialized_sql('x')", must_block=True),
    Attack("dangerous_function", "SELECT query('SELECT 1')", must_block=True),
    Attack("dangerous_function", "SELECT read_text('/etc/passwd')", must_block=True),
    Attack("dangerous_function", "SELECT version()", must_block=True),
    Attack("dangerous_function", "SELECT list_aggregate([phone], 'string_agg', ',') FROM customers", must_block=True),
    Attack("dangerous_function", "SELECT ?", must_block=True),
    Attack("dangerous_function", "SELECT $1", must_block=True),
    # regional manager (East): rows outside the region
    _rm("row_filter", "SELECT count(*) FROM orders"),
    _rm("row_filter", "SELECT * FROM orders o JOIN customers c USING (customer_id) WHERE c.region = 'South'"),
    _rm("row_filter", "SELECT region, count(*) FROM customers GROUP BY ALL"),
    _rm("row_filter", "SELECT * FROM customers WHERE region <> 'East'"),
    _rm("row_filter", "SELECT * FROM stores"),
    _rm("row_filter", "SELECT s.region, count(*) FROM orders o JOIN stores s USING (store_id) GROUP BY 1"),
    _rm("row_filter", "SELECT * FROM main.customers WHERE region = 'North'"),
    _rm("row_filter", "WITH customers AS (SELECT * FROM main.customers) SELECT * FROM customers"),
    _rm("row_filter", "SELECT phone, region FROM customers UNION ALL SELECT phone, region FROM main.customers"),
    _rm("row_filter", "SELECT (SELECT list(phone) FROM customers WHERE region = 'South')"),
    _rm("row_filter", "SELECT c.phone, c.region FROM reviews r JOIN customers c USING (customer_id)"),
    _rm(
        "row_filter", "SELECT * FROM order_items i JOIN orders o USING (order_id) JOIN customers c USING (customer_id)"
    ),
    _rm("row_filter", "SELECT * FROM returns r JOIN orders o USING (order_id) JOIN customers c USING (customer_id)"),
    _rm("row_filter", "SELECT t.*, c.phone, c.region FROM support_tickets t JOIN customers c USING (customer_id)"),
    _rm("row_filter", "SELECT p.*, c.phone, c.region FROM customer_profile p JOIN customers c USING (customer_id)"),
    _rm("row_filter", "SELECT * FROM customers WHERE region = 'South' OR 1 = 1"),
    # aggregate-only roles (semantic origin: the free-SQL check does not apply, everything else does)
    _agg("aggregate_only", "SELECT phone FROM customers", must_block=True),
    _agg("aggregate_only", "SELECT * FROM customers", must_block=True),
    _agg("aggregate_only", "SELECT city, count(*) FROM customers GROUP BY ROLLUP (city)", must_block=True),
    _agg("aggregate_only", "SELECT city, count(*) FROM customers GROUP BY CUBE (city)", must_block=True),
    _agg("aggregate_only", "SELECT list(email) FROM customers", must_block=True),
    _agg("aggregate_only", "SELECT string_agg(city, ',') FROM customers", must_block=True),
    _agg("aggregate_only", "SELECT any_value(city), first(city), count(*) FROM customers", must_block=True),
    _agg("aggregate_only", "SELECT max(city) FROM customers", must_block=True),
    _agg("aggregate_only", "SELECT mode(city) FROM customers", must_block=True),
    _agg("aggregate_only", "SELECT customer_id, count(*) FROM orders GROUP BY customer_id"),
    _agg("aggregate_only", "SELECT count(*) FROM customers WHERE customer_id = 7"),
    _agg("aggregate_only", "SELECT region, count(*) FROM customers WHERE marketing_consent = false GROUP BY 1"),
    _agg(
        "aggregate_only", "SELECT t.city FROM (SELECT city, customer_id FROM customers) t GROUP BY 1", must_block=True
    ),
    _agg("aggregate_only", "SELECT city, count(*) OVER () FROM customers", must_block=True),
    _agg("aggregate_only", "SELECT count(*) FROM customers PIVOT (count(*) FOR city IN ('Shanghai'))", must_block=True),
    _agg("aggregate_only", "SELECT city, sum(net_amount) FROM orders JOIN customers USING (customer_id) GROUP BY city"),
    _agg("aggregate_only", "SELECT city, count(*) FROM customers GROUP BY city", role="viewer"),
    _agg("aggregate_only", "SELECT full_name, count(*) FROM customers GROUP BY 1", role="viewer", must_block=True),
    Attack("no_free_sql", "SELECT * FROM orders", role="viewer", must_block=True),
    Attack("no_free_sql", "SELECT count(*) FROM orders", role="marketing", must_block=True),
    Attack("no_free_sql", "SELECT 1", role="viewer", must_block=True),
)

# Found while probing: statements hidden in subqueries, time travel, system functions, odd joins.
ATTACKS += (
    Attack("statement", "SELECT * FROM (DESCRIBE customers)", must_block=True),
    Attack("statement", "SELECT * FROM (SHOW TABLES)", must_block=True),
    Attack("statement", "SELECT * FROM (SUMMARIZE customers)", must_block=True),
    Attack("naming", "SELECT * FROM customers AT (VERSION => 1)", must_block=True),
    Attack("naming", "SELECT * FROM temp.main.x", must_block=True),
    Attack("naming", "SELECT * FROM system.main.duckdb_tables()", must_block=True),
    Attack("naming", "SELECT main.customers.phone, main.customers.email FROM main.customers"),
    Attack("naming", 'SELECT * FROM "memory"."main"."customers"'),
    Attack("dangerous_function", "SELECT current_database(), current_schema()", must_block=True),
    Attack("dangerous_function", "SELECT current_user", must_block=True),
    Attack("dangerous_function", "SELECT nextval('s')", must_block=True),
    Attack("dangerous_function", "SELECT * FROM read_csv_auto('x.csv')", must_block=True),
    Attack(
        "dangerous_function",
        "SELECT count(*) FROM customers WHERE EXISTS (SELECT 1 FROM duckdb_tables())",
        must_block=True,
    ),
    Attack(
        "scope",
        "SELECT * FROM customers c ASOF JOIN orders o ON c.customer_id = o.customer_id AND c.signup_date <= o.order_ts",
    ),
    Attack("scope", "SELECT * FROM customers c POSITIONAL JOIN main.customers d"),
    Attack(
        "scope",
        "SELECT * FROM customers c JOIN LATERAL (SELECT * FROM main.customers m WHERE m.customer_id = c.customer_id) x ON TRUE",
    ),
    Attack("scope", "SELECT to_json(x) FROM (SELECT * FROM main.customers) x"),
    Attack("scope", "SELECT * FROM customers WHERE city = 'Shanghai' UNION BY NAME SELECT * FROM main.customers"),
    Attack("scope", "SELECT * FROM customers AS c(a, b, c, d)"),
    Attack("function", "SELECT json_extract(to_json(c), '$.phone'), c['email'], (c).full_name FROM customers c"),
    Attack("function", "SELECT printf('%s', phone), format('{}', email) FROM customers"),
    Attack("function", "SELECT unnest([phone, email]) FROM customers"),
    Attack("function", "SELECT * FROM customers USING SAMPLE 10%"),
    Attack(
        "oracle",
        "SELECT * FROM customers WHERE customer_id = (SELECT customer_id FROM main.customers WHERE phone = '13800000000')",
    ),
    Attack("oracle", "SELECT count(*) FROM customers WHERE id_number LIKE '11%'", must_block=True),
    Attack("oracle", "SELECT count(*) FROM customers WHERE birth_date < DATE '1990-01-01'", must_block=True),
    _rm("row_filter", "SELECT count(*) FROM customers c POSITIONAL JOIN main.customers d WHERE d.region = 'South'"),
    _rm("row_filter", "SELECT * FROM stores s WHERE s.region IN ('South', 'North') OR TRUE"),
)

ATTACKS += (
    Attack("comment", "SELECT 1 -- */ , getenv('HOME') /*\nFROM customers"),
    Attack("comment", "SELECT phone /* */ FROM customers -- ; DROP TABLE orders"),
    Attack("comment", "SELECT e'\\x27 || getenv(1) || ' FROM customers"),
)

ATTACKS += (
    _agg(
        "aggregate_only",
        "SELECT count(*) FROM products WHERE EXISTS (SELECT 1 FROM customers WHERE customer_id = 5)",
        must_block=True,
    ),
    _agg(
        "aggregate_only",
        "SELECT count(*) FROM orders WHERE customer_id IN (SELECT customer_id FROM customers WHERE city = 'Shanghai')",
    ),
    _agg("aggregate_only", "SELECT __cdm_key, count(*) FROM customers GROUP BY 1", must_block=True),
    _agg(
        "aggregate_only",
        "SELECT region, count(*) FROM customers GROUP BY GROUPING SETS ((region), ())",
        must_block=True,
    ),
)

# Issue 16: aggregate-only roles against differencing and oracles, inputs too deep to check. The pairs
# (differencing over time ranges, negated filters, tiers), the notice oracle and journal poisoning
# are judged by value in test_privacy.py and test_never_fall_over.py; these are single statements.
ATTACKS += (
    _agg(
        "multi_metric_average",
        "SELECT region, count(*) AS customer_count, avg(CASE WHEN customer_id = 7 THEN 5 END) AS csat "
        "FROM customers GROUP BY region",
    ),
    _agg(
        "multi_metric_average",
        "SELECT region, sum(CASE WHEN customer_id IN (7, 8) THEN 1 ELSE 0 END) AS customer_count "
        "FROM customers GROUP BY region",
    ),
    _agg("notice_oracle", "SELECT count(*) FROM customers WHERE city = 'Shanghai' AND member_tier = 'Platinum'"),
    _agg(
        "privacy_shape",
        "SELECT city, sum(net_amount) AS secret FROM orders JOIN customers USING (customer_id) GROUP BY city",
        must_block=True,
    ),
    _agg(
        "privacy_shape",
        "SELECT city, count(*) FROM customers GROUP BY city HAVING count(*) BETWEEN 10 AND 11",
        must_block=True,
    ),
    Attack("depth", "SELECT " + "(" * 500 + "1" + ")" * 500, must_block=True),
    Attack("depth", "SELECT " + " + ".join(["order_id"] * 700) + " FROM orders", must_block=True),
    Attack(
        "depth", "SELECT " + "CASE WHEN order_id > 1 THEN " * 400 + "1" + " END" * 400 + " FROM orders", must_block=True
    ),
)
