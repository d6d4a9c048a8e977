-- {"metrics":["revenue"],"group_by":["region"],"filters":[],"time_range":{"start":"2026-07-01","end":"2026-09-30"},"order_by":[{"field":"revenue","desc":true}]}
WITH orders_agg AS (
  SELECT
    customers.region AS region,
    SUM(orders.net_amount) AS revenue
  FROM orders
  LEFT JOIN customers
    ON orders.customer_id = customers.customer_id
  WHERE
    orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2026-07-01' AS DATE)
    AND orders.order_ts < CAST('2026-10-01' AS DATE)
  GROUP BY
    customers.region
)
SELECT
  orders_agg.region AS region,
  orders_agg.revenue AS revenue
FROM orders_agg
ORDER BY
  revenue DESC,
  region
