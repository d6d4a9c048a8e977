-- {"metrics":["units_sold"],"group_by":["brand"],"filters":[],"order_by":[{"field":"units_sold","desc":true}],"limit":5}
WITH order_items_agg AS (
  SELECT
    products.brand AS brand,
    SUM(order_items.quantity) AS units_sold
  FROM order_items
  LEFT JOIN products
    ON order_items.product_id = products.product_id
  LEFT JOIN orders
    ON order_items.order_id = orders.order_id
  WHERE
    orders.status <> 'cancelled'
  GROUP BY
    products.brand
)
SELECT
  order_items_agg.brand AS brand,
  order_items_agg.units_sold AS units_sold
FROM order_items_agg
ORDER BY
  units_sold DESC,
  brand
LIMIT 5
