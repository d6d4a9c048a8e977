-- {"metrics":["revenue"],"group_by":["store_name"],"filters":[{"dimension":"channel","op":"=","value":"store"}],"time_range":{"start":"2026-07-01","end":"2026-09-30"},"order_by":[{"field":"revenue","desc":true}],"limit":10}
WITH orders_agg AS (
  SELECT
    COALESCE(stores.store_name, 'online, no store') AS store_name,
    SUM(orders.net_amount) AS revenue
  FROM orders
  LEFT JOIN stores
    ON orders.store_id = stores.store_id
  WHERE
    orders.channel = 'store'
    AND orders.status <> 'cancelled'
    AND orders.order_ts >= CAST('2026-07-01' AS DATE)
    AND orders.order_ts < CAST('2026-10-01' AS DATE)
  GROUP BY
    COALESCE(stores.store_name, 'online, no store')
)
SELECT
  orders_agg.store_name AS store_name,
  orders_agg.revenue AS revenue
FROM orders_agg
ORDER BY
  revenue DESC,
  store_name
LIMIT 10
