-- case: a rewritten tree has no raw table outside a policy view: unchanged
-- role: regional_manager
-- attrs: region=East
-- input:
SELECT count(*) FROM orders o JOIN customers c USING (customer_id)
-- expected:
SELECT
  COUNT(*)
FROM POLICY_VIEW('orders') AS o
JOIN POLICY_VIEW('customers') AS c
  USING (customer_id)
LIMIT 5000
