-- case: every group needs 10 customers
-- role: viewer
-- origin: semantic
-- input:
SELECT city, count(*) FROM customers GROUP BY city
-- expected:
SELECT
  city,
  COUNT(*)
FROM POLICY_VIEW('customers') AS customers
GROUP BY
  city
HAVING
  COUNT(DISTINCT customers.__cdm_key) >= 10

-- case: each value counts the customers of its own filter (per-metric populations)
-- role: viewer
-- origin: semantic
-- input:
SELECT region, sum(net_amount) AS revenue, count(DISTINCT CASE WHEN status = 'returned' THEN order_id END) AS returned_orders FROM orders JOIN customers USING (customer_id) GROUP BY region
-- expected:
SELECT
  region,
  SUM(net_amount) AS revenue,
  COUNT(DISTINCT CASE WHEN status = 'returned' THEN order_id END) AS returned_orders
FROM POLICY_VIEW('orders') AS orders
JOIN POLICY_VIEW('customers') AS customers
  USING (customer_id)
GROUP BY
  region
HAVING
  COUNT(DISTINCT orders.__cdm_key) >= 10
  AND COUNT(DISTINCT customers.__cdm_key) >= 10
  AND COUNT(DISTINCT CASE WHEN NOT net_amount IS NULL THEN orders.__cdm_key END) >= 10
  AND COUNT(DISTINCT CASE WHEN NOT net_amount IS NULL THEN customers.__cdm_key END) >= 10
  AND COUNT(DISTINCT CASE WHEN status = 'returned' THEN orders.__cdm_key END) >= 10
  AND COUNT(DISTINCT CASE WHEN status = 'returned' THEN customers.__cdm_key END) >= 10

-- case: rows of customers are not an aggregate
-- role: viewer
-- origin: semantic
-- input:
SELECT city FROM customers
-- expected:
-- blocked: aggregate_only: role viewer may only see aggregated results (use GROUP BY)

-- case: ROLLUP would add totals over small groups
-- role: marketing
-- origin: semantic
-- input:
SELECT city, count(*) FROM customers GROUP BY ROLLUP (city)
-- expected:
-- blocked: grouping_sets: ROLLUP, CUBE and GROUPING SETS are not available to aggregate-only roles
