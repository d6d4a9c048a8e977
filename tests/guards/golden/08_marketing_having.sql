-- title: marketing groups must contain at least 10 consenting customers
-- role: marketing
-- origin: semantic
-- input:
SELECT city, count(*) AS n FROM customers GROUP BY city
-- expected:
SELECT
  city,
  COUNT(*) AS n
FROM (
  SELECT
    __src.customer_id AS customer_id,
    __src.gender AS gender,
    __src.city AS city,
    __src.province AS province,
    __src.region AS region,
    __src.signup_date AS signup_date,
    __src.signup_channel AS signup_channel,
    __src.member_tier AS member_tier,
    __src.marketing_consent AS marketing_consent,
    __src.customer_id AS __cdm_key
  FROM main.customers AS __src
  WHERE
    marketing_consent = TRUE
) AS customers
GROUP BY
  city
HAVING
  COUNT(DISTINCT customers.__cdm_key) >= 10
LIMIT 1000
