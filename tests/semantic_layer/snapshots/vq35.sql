-- {"metrics":["revenue"],"group_by":["metric_time__week"],"filters":[],"time_range":{"start":"2025-10-20","end":"2025-11-30"},"order_by":[]}
WITH orders_agg AS (
  SELECT
    CAST(DATE_TRUNC('WEEK', orders.order_ts) AS DATE) AS metric_time__week,
    SUM(orders.net_amount) AS revenue
  FROM orders
  WHERE
    orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2025-10-20' AS DATE)
    AND orders.order_ts < CAST('2025-12-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC('WEEK', orders.order_ts) AS DATE)
)
SELECT
  orders_agg.metric_time__week AS metric_time__week,
  orders_agg.revenue AS revenue
FROM orders_agg
ORDER BY
  metric_time__week
