-- {"metrics":["revenue","refund_amount","net_revenue"],"group_by":["metric_time__month"],"filters":[],"time_range":{"start":"2026-01-01","end":"2026-09-30"},"order_by":[]}
WITH orders_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', orders.order_ts) AS DATE) AS metric_time__month,
    SUM(orders.net_amount) AS revenue
  FROM orders
  WHERE
    orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2026-01-01' AS DATE)
    AND orders.order_ts < CAST('2026-10-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', orders.order_ts) AS DATE)
), returns_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', returns.return_ts) AS DATE) AS metric_time__month,
    SUM(returns.refund_amount) AS refund_amount
  FROM returns
  WHERE
    returns.return_ts >= CAST('2026-01-01' AS DATE)
    AND returns.return_ts < CAST('2026-10-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', returns.return_ts) AS DATE)
), group_keys AS (
  SELECT
    metric_time__month
  FROM orders_agg
  UNION
  SELECT
    metric_time__month
  FROM returns_agg
)
SELECT
  group_keys.metric_time__month AS metric_time__month,
  COALESCE(orders_agg.revenue, 0) AS revenue,
  COALESCE(returns_agg.refund_amount, 0) AS refund_amount,
  COALESCE(orders_agg.revenue, 0) - COALESCE(returns_agg.refund_amount, 0) AS net_revenue
FROM group_keys
LEFT JOIN orders_agg
  ON group_keys.metric_time__month IS NOT DISTINCT FROM orders_agg.metric_time__month
LEFT JOIN returns_agg
  ON group_keys.metric_time__month IS NOT DISTINCT FROM returns_agg.metric_time__month
ORDER BY
  metric_time__month
