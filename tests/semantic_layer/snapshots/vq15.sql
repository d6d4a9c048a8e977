-- {"metrics":["churned_customers","churn_rate"],"group_by":["region"],"filters":[],"order_by":[{"field":"churn_rate","desc":true}]}
WITH customer_profile_agg AS (
  SELECT
    customers.region AS region,
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
  LEFT JOIN customers
    ON customer_profile.customer_id = customers.customer_id
  GROUP BY
    customers.region
)
SELECT
  customer_profile_agg.region AS region,
  customer_profile_agg.churned_customers AS churned_customers,
  CAST(customer_profile_agg.churned_customers AS DOUBLE) / NULLIF(customer_profile_agg.buyers, 0) AS churn_rate
FROM customer_profile_agg
ORDER BY
  churn_rate DESC,
  region
