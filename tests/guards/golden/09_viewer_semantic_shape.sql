-- title: the semantic layer's CTE-per-fact shape gets the group-size HAVING inside the CTE
-- role: viewer
-- origin: semantic
-- input:
WITH orders_agg AS (SELECT customers.city AS city, SUM(orders.net_amount) AS revenue FROM orders LEFT JOIN customers ON orders.customer_id = customers.customer_id WHERE customers.member_tier = 'Platinum' AND orders.status <> 'cancelled' GROUP BY customers.city) SELECT orders_agg.city AS city, orders_agg.revenue AS revenue FROM orders_agg ORDER BY city
-- expected:
WITH __cte1 AS (
  SELECT
    customers.city AS city,
    SUM(orders.net_amount) AS revenue
  FROM (
    SELECT
      __src.order_id AS order_id,
      __src.customer_id AS customer_id,
      __src.order_ts AS order_ts,
      __src.channel AS channel,
      __src.store_id AS store_id,
      __src.status AS status,
      __src.payment_method AS payment_method,
      __src.gross_amount AS gross_amount,
      __src.discount_amount AS discount_amount,
      __src.net_amount AS net_amount,
      __src.customer_id AS __cdm_key
    FROM main.orders AS __src
  ) AS orders
  LEFT JOIN (
    SELECT
      __src.customer_id AS customer_id,
      __src.gender AS gender,
      __src.city AS city,
      __src.province AS province,
      __src.region AS region,
      __src.signup_date AS signup_date,
      __src.signup_channel AS signup_channel,
      __src.member_tier AS member_tier,
      __src.marketing_consent AS marketing_consent,
      __src.customer_id AS __cdm_key
    FROM main.customers AS __src
  ) AS customers
    ON orders.customer_id = customers.customer_id
  WHERE
    customers.member_tier = 'Platinum' AND orders.status <> 'cancelled'
  GROUP BY
    customers.city
  HAVING
    COUNT(DISTINCT orders.__cdm_key) >= 10
    AND COUNT(DISTINCT customers.__cdm_key) >= 10
    AND COUNT(DISTINCT CASE WHEN NOT orders.net_amount IS NULL THEN orders.__cdm_key END) >= 10
    AND COUNT(DISTINCT CASE WHEN NOT orders.net_amount IS NULL THEN customers.__cdm_key END) >= 10
)
SELECT
  orders_agg.city AS city,
  orders_agg.revenue AS revenue
FROM __cte1 AS orders_agg
ORDER BY
  city
LIMIT 1000
