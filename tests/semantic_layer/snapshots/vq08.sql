-- {"metrics":["item_revenue","units_sold"],"group_by":["category"],"filters":[],"time_range":{"start":"2026-07-01","end":"2026-09-30"},"order_by":[{"field":"item_revenue","desc":true}]}
WITH order_items_agg AS (
  SELECT
    products.category AS category,
    SUM(order_items.line_amount) AS item_revenue,
    SUM(order_items.quantity) AS units_sold
  FROM order_items
  LEFT JOIN products
    ON order_items.product_id = products.product_id
  LEFT JOIN orders
    ON order_items.order_id = orders.order_id
  WHERE
    orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2026-07-01' AS DATE)
    AND orders.order_ts < CAST('2026-10-01' AS DATE)
  GROUP BY
    products.category
)
SELECT
  order_items_agg.category AS category,
  order_items_agg.item_revenue AS item_revenue,
  order_items_agg.units_sold AS units_sold
FROM order_items_agg
ORDER BY
  item_revenue DESC,
  category
