-- title: viewers may not run free SQL
-- role: viewer
-- input:
SELECT count(*) FROM orders
-- expected:
-- blocked: role viewer may not run free SQL; ask a question or use a governed metric instead
