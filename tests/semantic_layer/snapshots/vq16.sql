-- {"metrics":["repeat_purchase_rate"],"group_by":["member_tier"],"filters":[],"order_by":[]}
WITH customer_profile_agg AS (
  SELECT
    customers.member_tier AS member_tier,
    COUNT(
      CASE WHEN customer_profile.order_count >= 2 THEN customer_profile.customer_id END
    ) AS repeat_buyers,
    COUNT(
      CASE WHEN customer_profile.order_count >= 1 THEN customer_profile.customer_id END
    ) AS buyers
  FROM customer_profile
  LEFT JOIN customers
    ON customer_profile.customer_id = customers.customer_id
  GROUP BY
    customers.member_tier
)
SELECT
  customer_profile_agg.member_tier AS member_tier,
  CAST(customer_profile_agg.repeat_buyers AS DOUBLE) / NULLIF(customer_profile_agg.buyers, 0) AS repeat_purchase_rate
FROM customer_profile_agg
ORDER BY
  member_tier
