-- {"metrics":["revenue","aov"],"group_by":["region"],"filters":[{"dimension":"member_tier","op":"in","value":["Gold","Platinum"]}],"time_range":{"start":"2026-07-01","end":"2026-09-30"},"order_by":[{"field":"revenue","desc":true}],"limit":10}
WITH orders_agg AS (
  SELECT
    customers.region AS region,
    SUM(orders.net_amount) AS revenue,
    COUNT(DISTINCT orders.order_id) AS order_count
  FROM orders
  LEFT JOIN customers
    ON orders.customer_id = customers.customer_id
  WHERE
    customers.member_tier IN ('Gold', 'Platinum')
    AND orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2026-07-01' AS DATE)
    AND orders.order_ts < CAST('2026-10-01' AS DATE)
  GROUP BY
    customers.region
)
SELECT
  orders_agg.region AS region,
  orders_agg.revenue AS revenue,
  CAST(orders_agg.revenue AS DOUBLE) / NULLIF(orders_agg.order_count, 0) AS aov
FROM orders_agg
ORDER BY
  revenue DESC,
  region
LIMIT 10
