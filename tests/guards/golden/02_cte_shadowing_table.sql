-- title: a CTE named like a table is renamed; the table inside it becomes the policy view
-- role: analyst
-- input:
WITH customers AS (SELECT * FROM main.customers) SELECT email FROM customers
-- expected:
WITH __cte1 AS (
  SELECT
    *
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
)
SELECT
  email
FROM __cte1 AS customers
LIMIT 5000
