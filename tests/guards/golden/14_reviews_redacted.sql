-- title: free text is redacted for analysts
-- role: analyst
-- input:
SELECT review_text FROM reviews WHERE rating <= 2
-- expected:
SELECT
  review_text
FROM (
  SELECT
    __src.review_id AS review_id,
    __src.customer_id AS customer_id,
    __src.order_id AS order_id,
    __src.product_id AS product_id,
    __src.review_ts AS review_ts,
    __src.rating AS rating,
    REGEXP_REPLACE(
      REGEXP_REPLACE(
        REGEXP_REPLACE(__src.review_text, '[0-9]{17}[0-9Xx]', '[id]', 'g'),
        '(\+?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}',
        '[phone]',
        'g'
      ),
      '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+',
      '[email]',
      'g'
    ) AS review_text
  FROM main.reviews AS __src
) AS reviews
WHERE
  rating <= 2
LIMIT 5000
