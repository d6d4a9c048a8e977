-- {"metrics":["order_count","aov"],"group_by":["metric_time__month"],"filters":[],"time_range":{"start":"2026-01-01","end":"2026-09-30"},"order_by":[]}
WITH orders_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', orders.order_ts) AS DATE) AS metric_time__month,
    COUNT(DISTINCT orders.order_id) AS order_count,
    SUM(orders.net_amount) AS revenue
  FROM orders
  WHERE
    orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2026-01-01' AS DATE)
    AND orders.order_ts < CAST('2026-10-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', orders.order_ts) AS DATE)
)
SELECT
  orders_agg.metric_time__month AS metric_time__month,
  orders_agg.order_count AS order_count,
  CAST(orders_agg.revenue AS DOUBLE) / NULLIF(orders_agg.order_count, 0) AS aov
FROM orders_agg
ORDER BY
  metric_time__month
