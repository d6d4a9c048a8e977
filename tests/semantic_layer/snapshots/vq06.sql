-- {"metrics":["gmv","discount_amount","discount_rate"],"group_by":["metric_time__year"],"filters":[],"order_by":[]}
WITH orders_agg AS (
  SELECT
    CAST(DATE_TRUNC('YEAR', orders.order_ts) AS DATE) AS metric_time__year,
    SUM(orders.gross_amount) AS gmv,
    SUM(orders.discount_amount) AS discount_amount
  FROM orders
  WHERE
    orders.status <> 'cancelled'
  GROUP BY
    CAST(DATE_TRUNC('YEAR', orders.order_ts) AS DATE)
)
SELECT
  orders_agg.metric_time__year AS metric_time__year,
  orders_agg.gmv AS gmv,
  orders_agg.discount_amount AS discount_amount,
  CAST(orders_agg.discount_amount AS DOUBLE) / NULLIF(orders_agg.gmv, 0) AS discount_rate
FROM orders_agg
ORDER BY
  metric_time__year
