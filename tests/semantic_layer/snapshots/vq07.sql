-- {"metrics":["aov"],"group_by":["member_tier"],"filters":[],"order_by":[{"field":"aov","desc":true}]}
WITH orders_agg AS (
  SELECT
    customers.member_tier AS member_tier,
    SUM(orders.net_amount) AS revenue,
    COUNT(DISTINCT orders.order_id) AS order_count
  FROM orders
  LEFT JOIN customers
    ON orders.customer_id = customers.customer_id
  WHERE
    orders.status <> 'cancelled'
  GROUP BY
    customers.member_tier
)
SELECT
  orders_agg.member_tier AS member_tier,
  CAST(orders_agg.revenue AS DOUBLE) / NULLIF(orders_agg.order_count, 0) AS aov
FROM orders_agg
ORDER BY
  aov DESC,
  member_tier
