-- {"metrics":["active_customers","revenue_per_customer"],"group_by":[],"filters":[{"dimension":"channel","op":"=","value":"live_stream"}],"time_range":{"start":"2026-01-01","end":"2026-09-30"},"order_by":[]}
WITH orders_agg AS (
  SELECT
    COUNT(DISTINCT orders.customer_id) AS active_customers,
    SUM(orders.net_amount) AS revenue
  FROM orders
  WHERE
    orders.channel = 'live_stream'
    AND orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2026-01-01' AS DATE)
    AND orders.order_ts < CAST('2026-10-01' AS DATE)
)
SELECT
  orders_agg.active_customers AS active_customers,
  CAST(orders_agg.revenue AS DOUBLE) / NULLIF(orders_agg.active_customers, 0) AS revenue_per_customer
FROM orders_agg
