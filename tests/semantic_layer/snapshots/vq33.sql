-- {"metrics":["revenue","active_customers"],"group_by":["marketing_consent"],"filters":[],"order_by":[]}
WITH orders_agg AS (
  SELECT
    customers.marketing_consent AS marketing_consent,
    SUM(orders.net_amount) AS revenue,
    COUNT(DISTINCT orders.customer_id) AS active_customers
  FROM orders
  LEFT JOIN customers
    ON orders.customer_id = customers.customer_id
  WHERE
    orders.status <> 'cancelled'
  GROUP BY
    customers.marketing_consent
)
SELECT
  orders_agg.marketing_consent AS marketing_consent,
  orders_agg.revenue AS revenue,
  orders_agg.active_customers AS active_customers
FROM orders_agg
ORDER BY
  marketing_consent
