-- title: a LIMIT above the role's max rows is lowered
-- role: analyst
-- input:
SELECT order_id FROM orders LIMIT 999999
-- expected:
SELECT
  order_id
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
) AS orders
LIMIT 5000
