-- {"metrics":["omnichannel_share"],"group_by":["age_band"],"filters":[],"order_by":[]}
WITH customer_profile_agg AS (
  SELECT
    customer_profile.age_band AS age_band,
    COUNT(
      CASE WHEN customer_profile.channel_count >= 2 THEN customer_profile.customer_id END
    ) AS omnichannel_buyers,
    COUNT(
      CASE WHEN customer_profile.order_count >= 1 THEN customer_profile.customer_id END
    ) AS buyers
  FROM customer_profile
  GROUP BY
    customer_profile.age_band
)
SELECT
  customer_profile_agg.age_band AS age_band,
  CAST(customer_profile_agg.omnichannel_buyers AS DOUBLE) / NULLIF(customer_profile_agg.buyers, 0) AS omnichannel_share
FROM customer_profile_agg
ORDER BY
  age_band
