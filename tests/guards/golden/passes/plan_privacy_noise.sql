-- case: roles without privacy settings get no plan
-- role: analyst
-- input:
SELECT city, count(*) FROM customers GROUP BY city
-- expected:
-- no noise plan

-- case: a customer-linked aggregate becomes a per-customer stage with clamped contributions
-- role: viewer
-- origin: semantic
-- input:
SELECT city, count(*) FROM customers GROUP BY city ORDER BY 2 DESC
-- expected:
-- stage __cdm_root
SELECT
  __k0 AS city,
  SUM(__v0 * LEAST(1, 20.0 / NULLIF(__t0, 0))) AS "__raw_COUNT(*)_0"
FROM (
  SELECT
    *,
    SUM(__v0) OVER (PARTITION BY __cdm_key) AS __t0
  FROM (
    SELECT
      city AS __k0,
      customers.__cdm_key AS __cdm_key,
      COUNT(*) AS __v0
    FROM POLICY_VIEW('customers') AS customers
    GROUP BY
      city,
      customers.__cdm_key
  ) AS __per_group
) AS __per_customer
GROUP BY
  __k0
HAVING
  COUNT(DISTINCT __cdm_key) >= 10 AND COUNT(NULLIF(__v0, 0)) >= 10
-- released in the guard (epsilon 2)
SELECT
  city,
  "COUNT(*)"
FROM __cdm_root
ORDER BY
  "COUNT(*)" DESC
LIMIT 1000

-- case: a compiled multi-metric query: the fact CTE is the stage, ratios are computed from noisy values
-- role: viewer
-- origin: semantic
-- input:
WITH orders_agg AS (SELECT customers.region AS region, SUM(orders.net_amount) AS revenue, COUNT(DISTINCT orders.order_id) AS order_count FROM orders LEFT JOIN customers ON orders.customer_id = customers.customer_id WHERE orders.status <> 'cancelled' GROUP BY customers.region) SELECT orders_agg.region AS region, orders_agg.revenue AS revenue, CAST(orders_agg.revenue AS DOUBLE) / NULLIF(orders_agg.order_count, 0) AS aov FROM orders_agg ORDER BY aov DESC
-- expected:
-- stage __cte1
SELECT
  __k0 AS region,
  SUM(__v0 * LEAST(1, 50000.0 / NULLIF(__t0, 0))) AS __raw_revenue_0,
  SUM(__v1 * LEAST(1, 100.0 / NULLIF(__t1, 0))) AS __raw_order_count_0
FROM (
  SELECT
    *,
    SUM(__v0) OVER (PARTITION BY __cdm_key) AS __t0,
    SUM(__v1) OVER (PARTITION BY __cdm_key) AS __t1
  FROM (
    SELECT
      customers.region AS __k0,
      orders.__cdm_key AS __cdm_key,
      SUM(GREATEST(orders.net_amount, 0.0)) AS __v0,
      COUNT(DISTINCT orders.order_id) AS __v1
    FROM POLICY_VIEW('orders') AS orders
    LEFT JOIN POLICY_VIEW('customers') AS customers
      ON orders.customer_id = customers.customer_id
    WHERE
      orders.status <> 'cancelled'
    GROUP BY
      customers.region,
      orders.__cdm_key
  ) AS __per_group
) AS __per_customer
GROUP BY
  __k0
HAVING
  COUNT(DISTINCT __cdm_key) >= 10
  AND COUNT(__v0) >= 10
  AND COUNT(NULLIF(__v1, 0)) >= 10
-- released in the guard (epsilon 2)
SELECT
  orders_agg.region AS region,
  orders_agg.revenue AS revenue,
  CAST(orders_agg.revenue AS DOUBLE) / NULLIF(orders_agg.order_count, 0) AS aov
FROM __cte1 AS orders_agg
ORDER BY
  aov DESC
LIMIT 1000

-- case: a value without a declared contribution bound is refused, not guessed
-- role: viewer
-- origin: semantic
-- input:
SELECT city, sum(net_amount) AS secret_total FROM orders JOIN customers USING (customer_id) GROUP BY city
-- expected:
-- blocked: privacy_shape: no contribution bound is declared for secret_total, so it cannot be released with privacy noise
