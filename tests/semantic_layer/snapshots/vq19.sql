-- {"metrics":["consent_rate"],"group_by":["signup_channel"],"filters":[],"order_by":[]}
WITH customers_agg AS (
  SELECT
    customers.signup_channel AS signup_channel,
    COUNT(CASE WHEN customers.marketing_consent THEN customers.customer_id END) AS consenting_customers,
    COUNT(customers.customer_id) AS customer_count
  FROM customers
  GROUP BY
    customers.signup_channel
)
SELECT
  customers_agg.signup_channel AS signup_channel,
  CAST(customers_agg.consenting_customers AS DOUBLE) / NULLIF(customers_agg.customer_count, 0) AS consent_rate
FROM customers_agg
ORDER BY
  signup_channel
