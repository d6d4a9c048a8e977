-- title: tables in lateral subqueries and both sides of a UNION are rewritten
-- role: analyst
-- input:
SELECT x.e FROM orders o, LATERAL (SELECT email AS e FROM customers c WHERE c.customer_id = o.customer_id) AS x UNION ALL SELECT email FROM main.customers
-- expected:
SELECT
  x.e
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
) AS o, LATERAL (
  SELECT
    email AS e
  FROM (
    SELECT
      __src.customer_id AS customer_id,
      ARRAY_TO_STRING(
        LIST_TRANSFORM(
          STR_SPLIT(__src.full_name, ' '),
          LAMBDA w : LEFT(w, 1) || REPEAT('*', LENGTH(w) - 1)
        ),
        ' '
      ) AS full_name,
      __src.gender AS gender,
      LEFT(__src.phone, 3) || '****' || RIGHT(__src.phone, 4) AS phone,
      LEFT(__src.email, 1) || '***@' || SPLIT_PART(__src.email, '@', 2) AS email,
      __src.city AS city,
      __src.province AS province,
      __src.region AS region,
      __src.signup_date AS signup_date,
      __src.signup_channel AS signup_channel,
      __src.member_tier AS member_tier,
      __src.marketing_consent AS marketing_consent
    FROM main.customers AS __src
  ) AS c
  WHERE
    c.customer_id = o.customer_id
) AS x
UNION ALL
SELECT
  email
FROM (
  SELECT
    __src.customer_id AS customer_id,
    ARRAY_TO_STRING(
      LIST_TRANSFORM(
        STR_SPLIT(__src.full_name, ' '),
        LAMBDA w : LEFT(w, 1) || REPEAT('*', LENGTH(w) - 1)
      ),
      ' '
    ) AS full_name,
    __src.gender AS gender,
    LEFT(__src.phone, 3) || '****' || RIGHT(__src.phone, 4) AS phone,
    LEFT(__src.email, 1) || '***@' || SPLIT_PART(__src.email, '@', 2) AS email,
    __src.city AS city,
    __src.province AS province,
    __src.region AS region,
    __src.signup_date AS signup_date,
    __src.signup_channel AS signup_channel,
    __src.member_tier AS member_tier,
    __src.marketing_consent AS marketing_consent
  FROM main.customers AS __src
) AS customers
LIMIT 5000
