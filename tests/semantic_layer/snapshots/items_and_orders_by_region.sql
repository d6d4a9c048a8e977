-- {"metrics":["revenue","item_revenue","units_sold"],"group_by":["region"],"filters":[],"order_by":[]}
WITH orders_agg AS (
  SELECT
    customers.region AS region,
    SUM(orders.net_amount) AS revenue
  FROM orders
  LEFT JOIN customers
    ON orders.customer_id = customers.customer_id
  WHERE
    orders.status <> 'cancelled'
  GROUP BY
    customers.region
), order_items_agg AS (
  SELECT
    customers.region AS region,
    SUM(order_items.line_amount) AS item_revenue,
    SUM(order_items.quantity) AS units_sold
  FROM order_items
  LEFT JOIN orders
    ON order_items.order_id = orders.order_id
  LEFT JOIN customers
    ON orders.customer_id = customers.customer_id
  WHERE
    orders.status <> 'cancelled'
  GROUP BY
    customers.region
), group_keys AS (
  SELECT
    region
  FROM orders_agg
  UNION
  SELECT
    region
  FROM order_items_agg
)
SELECT
  group_keys.region AS region,
  COALESCE(orders_agg.revenue, 0) AS revenue,
  COALESCE(order_items_agg.item_revenue, 0) AS item_revenue,
  COALESCE(order_items_agg.units_sold, 0) AS units_sold
FROM group_keys
LEFT JOIN orders_agg
  ON group_keys.region IS NOT DISTINCT FROM orders_agg.region
LEFT JOIN order_items_agg
  ON group_keys.region IS NOT DISTINCT FROM order_items_agg.region
ORDER BY
  region
