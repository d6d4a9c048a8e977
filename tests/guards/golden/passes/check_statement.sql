-- case: a query is allowed through unchanged
-- role: analyst
-- input:
WITH t AS (SELECT 1 AS x) SELECT x FROM t UNION ALL SELECT 2
-- expected:
WITH t AS (
  SELECT
    1 AS x
)
SELECT
  x
FROM t
UNION ALL
SELECT
  2

-- case: statements that are not queries are rejected
-- role: analyst
-- input:
DELETE FROM orders
-- expected:
-- blocked: not_a_query: only read-only queries (SELECT, WITH, UNION) are allowed, not DELETE

-- case: a command hidden in a subquery is rejected
-- role: analyst
-- input:
SELECT * FROM (DESCRIBE customers)
-- expected:
-- blocked: unsupported_syntax: unsupported SQL construct: Describe
