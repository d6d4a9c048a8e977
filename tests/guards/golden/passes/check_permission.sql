-- case: an analyst may write SQL: the tree is unchanged
-- role: analyst
-- input:
SELECT count(*) FROM orders
-- expected:
SELECT
  COUNT(*)
FROM orders

-- case: the viewer asks in words or governed metrics, never in free SQL
-- role: viewer
-- input:
SELECT count(*) FROM orders
-- expected:
-- blocked: no_free_sql: role viewer may not run free SQL; ask a question or use a governed metric instead

-- case: the semantic layer's SQL is not free SQL
-- role: viewer
-- origin: semantic
-- input:
SELECT count(*) FROM orders
-- expected:
SELECT
  COUNT(*)
FROM orders
