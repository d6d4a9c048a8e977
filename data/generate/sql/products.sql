INSERT INTO products BY NAME
SELECT product_id, product_name, category, brand, price::DECIMAL(10, 2) AS list_price
FROM product_raw ORDER BY product_id;

CREATE OR REPLACE TEMP TABLE product_pick AS
SELECT c.cat_idx, p.rank, p.product_id, p.price, p.product_name, c.category, c.noun, c.return_rate, c.max_qty
FROM product_raw p JOIN category c USING (category);
