INSERT INTO order_items BY NAME
SELECT order_id, line_no, product_id, quantity, unit_price, (quantity * unit_price)::DECIMAL(12, 2) AS line_amount
FROM item_stage ORDER BY order_id, line_no;
