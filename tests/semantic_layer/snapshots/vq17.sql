-- {"metrics":["avg_clv"],"group_by":["rfm_segment"],"filters":[],"order_by":[{"field":"avg_clv","desc":true}]}
WITH customer_profile_agg AS (
  SELECT
    customer_profile.rfm_segment AS rfm_segment,
    AVG(customer_profile.lifetime_revenue) AS buyer_lifetime_revenue
  FROM customer_profile
  WHERE
    customer_profile.order_count >= 1
  GROUP BY
    customer_profile.rfm_segment
)
SELECT
  customer_profile_agg.rfm_segment AS rfm_segment,
  customer_profile_agg.buyer_lifetime_revenue AS avg_clv
FROM customer_profile_agg
ORDER BY
  avg_clv DESC,
  rfm_segment
