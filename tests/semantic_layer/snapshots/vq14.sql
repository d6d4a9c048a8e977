-- {"metrics":["churn_rate"],"group_by":[],"filters":[],"order_by":[]}
WITH customer_profile_agg AS (
  SELECT
    COUNT(
      CASE
        WHEN customer_profile.lifecycle_stage = 'churned'
        THEN customer_profile.customer_id
      END
    ) AS churned_customers,
    COUNT(
      CASE WHEN customer_profile.order_count >= 1 THEN customer_profile.customer_id END
    ) AS buyers
  FROM customer_profile
)
SELECT
  CAST(customer_profile_agg.churned_customers AS DOUBLE) / NULLIF(customer_profile_agg.buyers, 0) AS churn_rate
FROM customer_profile_agg
