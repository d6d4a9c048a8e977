-- {"metrics":["customer_count"],"group_by":["metric_time__month"],"filters":[],"time_range":{"start":"2026-01-01","end":"2026-09-30"},"order_by":[]}
WITH customers_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', customers.signup_date) AS DATE) AS metric_time__month,
    COUNT(customers.customer_id) AS customer_count
  FROM customers
  WHERE
    customers.signup_date >= CAST('2026-01-01' AS DATE)
    AND customers.signup_date < CAST('2026-10-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', customers.signup_date) AS DATE)
)
SELECT
  customers_agg.metric_time__month AS metric_time__month,
  customers_agg.customer_count AS customer_count
FROM customers_agg
ORDER BY
  metric_time__month
