-- title: order_items inherit the region filter through orders
-- role: regional_manager
-- attrs: region=South
-- input:
SELECT sum(line_amount) FROM order_items
-- expected:
SELECT
  SUM(line_amount)
FROM (
  SELECT
    __src.order_id AS order_id,
    __src.line_no AS line_no,
    __src.product_id AS product_id,
    __src.quantity AS quantity,
    __src.unit_price AS unit_price,
    __src.line_amount AS line_amount
  FROM main.order_items AS __src
  WHERE
    order_id IN (
      SELECT
        order_id
      FROM main.orders
      WHERE
        customer_id IN (
          SELECT
            customer_id
          FROM main.customers
          WHERE
            region = 'South'
        )
    )
) AS order_items
LIMIT 5000
