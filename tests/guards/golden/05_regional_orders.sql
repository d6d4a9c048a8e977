-- title: a regional manager's orders are filtered through their customers' region
-- role: regional_manager
-- attrs: region=East
-- input:
SELECT channel, count(*) FROM orders GROUP BY ALL
-- expected:
SELECT
  channel,
  COUNT(*)
FROM (
  SELECT
    __src.order_id AS order_id,
    __src.customer_id AS customer_id,
    __src.order_ts AS order_ts,
    __src.channel AS channel,
    __src.store_id AS store_id,
    __src.status AS status,
    __src.payment_method AS payment_method,
    __src.gross_amount AS gross_amount,
    __src.discount_amount AS discount_amount,
    __src.net_amount AS net_amount
  FROM main.orders AS __src
  WHERE
    customer_id IN (
      SELECT
        customer_id
      FROM main.customers
      WHERE
        region = 'East'
    )
) AS orders
GROUP BY ALL
LIMIT 5000
