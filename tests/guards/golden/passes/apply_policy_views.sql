-- case: an analyst's masks are applied inside the view
-- role: analyst
-- input:
SELECT phone FROM customers
-- expected:
SELECT
  phone
FROM (
  SELECT
    ...,
    ARRAY_TO_STRING(
      LIST_TRANSFORM(
        STR_SPLIT(__src.full_name, ' '),
        LAMBDA w : LEFT(w, 1) || REPEAT('*', LENGTH(w) - 1)
      ),
      ' '
    ) AS full_name,
    LEFT(__src.phone, 3) || '****' || RIGHT(__src.phone, 4) AS phone,
    LEFT(__src.email, 1) || '***@' || SPLIT_PART(__src.email, '@', 2) AS email
  FROM main.customers AS __src
) AS customers

-- case: a regional manager's orders follow their customers' region
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
    ...
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

-- case: marketing sees consenting customers and carries the customer key
-- role: marketing
-- origin: semantic
-- input:
SELECT city, count(*) FROM customers GROUP BY city
-- expected:
SELECT
  city,
  COUNT(*)
FROM (
  SELECT
    ...,
    __src.customer_id AS __cdm_key
  FROM main.customers AS __src
  WHERE
    marketing_consent = TRUE
) AS customers
GROUP BY
  city
