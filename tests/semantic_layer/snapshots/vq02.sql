-- {"metrics":["revenue"],"group_by":["metric_time__month"],"filters":[],"time_range":{"start":"2025-01-01","end":"2025-12-31"},"order_by":[]}
WITH orders_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', orders.order_ts) AS DATE) AS metric_time__month,
    SUM(orders.net_amount) AS revenue
  FROM orders
  WHERE
    orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2025-01-01' AS DATE)
    AND orders.order_ts < CAST('2026-01-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', orders.order_ts) AS DATE)
)
SELECT
  orders_agg.metric_time__month AS metric_time__month,
  orders_agg.revenue AS revenue
FROM orders_agg
ORDER BY
  metric_time__month
