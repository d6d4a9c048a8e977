-- {"metrics":["revenue"],"group_by":[],"filters":[],"time_range":{"start":"2026-07-01","end":"2026-09-30"},"order_by":[]}
WITH orders_agg AS (
  SELECT
    SUM(orders.net_amount) AS revenue
  FROM orders
  WHERE
    orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2026-07-01' AS DATE)
    AND orders.order_ts < CAST('2026-10-01' AS DATE)
)
SELECT
  orders_agg.revenue AS revenue
FROM orders_agg
