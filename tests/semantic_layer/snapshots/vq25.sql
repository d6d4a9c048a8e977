-- {"metrics":["revenue","order_count"],"group_by":["store_format"],"filters":[{"dimension":"channel","op":"=","value":"store"}],"order_by":[]}
WITH orders_agg AS (
  SELECT
    COALESCE(stores.store_format, 'online, no store') AS store_format,
    SUM(orders.net_amount) AS revenue,
    COUNT(DISTINCT orders.order_id) AS order_count
  FROM orders
  LEFT JOIN stores
    ON orders.store_id = stores.store_id
  WHERE
    orders.channel = 'store' AND orders.status <> 'cancelled'
  GROUP BY
    COALESCE(stores.store_format, 'online, no store')
)
SELECT
  orders_agg.store_format AS store_format,
  orders_agg.revenue AS revenue,
  orders_agg.order_count AS order_count
FROM orders_agg
ORDER BY
  store_format
