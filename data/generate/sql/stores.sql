-- Stores: the first one of each region sits in its largest city, the rest follow city weights.
CREATE OR REPLACE TEMP TABLE region_top AS
SELECT row_number() OVER (ORDER BY region) - 1 AS r_idx, arg_max(city_idx, weight) AS city_idx
FROM city GROUP BY region;

CREATE OR REPLACE TEMP TABLE store_stage AS
WITH s AS (
    SELECT i AS store_id, rnd(i, 'store_format') AS u_format,
           coalesce(rt.city_idx, cs.city_idx) AS city_idx
    FROM range(1, getvariable('n_stores') + 1) r(i)
    LEFT JOIN region_top rt ON rt.r_idx = i - 1
    JOIN city_slot cs ON cs.slot = rint(i, 'store_city', 10000)
)
SELECT s.store_id, c.city, c.province, c.region,
       CASE WHEN u_format < 0.15 THEN 'flagship' WHEN u_format < 0.80 THEN 'standard' ELSE 'outlet' END AS store_format,
       DATE '2012-01-01' + rint(s.store_id, 'opened', 4200)::INTEGER AS opened_date
FROM s JOIN city c USING (city_idx);

INSERT INTO stores BY NAME
SELECT store_id, city || ' ' || upper(store_format[1]) || store_format[2:] || ' ' || lpad(store_id::VARCHAR, 3, '0') AS store_name,
       city, province, region, store_format, opened_date
FROM store_stage ORDER BY store_id;

CREATE OR REPLACE TEMP TABLE store_pick AS
SELECT region, row_number() OVER (PARTITION BY region ORDER BY store_id) - 1 AS k, store_id,
       count(*) OVER (PARTITION BY region) AS n
FROM stores;
