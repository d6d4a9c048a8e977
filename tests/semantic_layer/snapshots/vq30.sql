-- {"metrics":["return_rate"],"group_by":["channel"],"filters":[],"order_by":[]}
WITH orders_agg AS (
  SELECT
    orders.channel AS channel,
    COUNT(DISTINCT CASE WHEN orders.status = 'returned' THEN orders.order_id END) AS returned_orders,
    COUNT(DISTINCT orders.order_id) AS order_count
  FROM orders
  WHERE
    orders.status <> 'cancelled'
  GROUP BY
    orders.channel
)
SELECT
  orders_agg.channel AS channel,
  CAST(orders_agg.returned_orders AS DOUBLE) / NULLIF(orders_agg.order_count, 0) AS return_rate
FROM orders_agg
ORDER BY
  channel
