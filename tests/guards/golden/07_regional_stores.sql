-- title: stores are filtered by their own region
-- role: regional_manager
-- attrs: region=East
-- input:
SELECT store_name FROM stores s
-- expected:
SELECT
  store_name
FROM (
  SELECT
    __src.store_id AS store_id,
    __src.store_name AS store_name,
    __src.city AS city,
    __src.province AS province,
    __src.region AS region,
    __src.store_format AS store_format,
    __src.opened_date AS opened_date
  FROM main.stores AS __src
  WHERE
    region = 'East'
) AS s
LIMIT 5000
