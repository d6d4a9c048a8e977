-- {"metrics":["order_count"],"group_by":["metric_time__quarter"],"filters":[],"order_by":[]}
WITH orders_agg AS (
  SELECT
    CAST(DATE_TRUNC('QUARTER', orders.order_ts) AS DATE) AS metric_time__quarter,
    COUNT(DISTINCT orders.order_id) AS order_count
  FROM orders
  WHERE
    orders.status <> 'cancelled'
  GROUP BY
    CAST(DATE_TRUNC('QUARTER', orders.order_ts) AS DATE)
)
SELECT
  orders_agg.metric_time__quarter AS metric_time__quarter,
  orders_agg.order_count AS order_count
FROM orders_agg
ORDER BY
  metric_time__quarter
