-- {"metrics":["revenue"],"group_by":["channel"],"filters":[],"time_range":{"start":"2026-01-01","end":"2026-09-30"},"order_by":[{"field":"revenue","desc":true}]}
WITH orders_agg AS (
  SELECT
    orders.channel AS channel,
    SUM(orders.net_amount) AS revenue
  FROM orders
  WHERE
    orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2026-01-01' AS DATE)
    AND orders.order_ts < CAST('2026-10-01' AS DATE)
  GROUP BY
    orders.channel
)
SELECT
  orders_agg.channel AS channel,
  orders_agg.revenue AS revenue
FROM orders_agg
ORDER BY
  revenue DESC,
  channel
