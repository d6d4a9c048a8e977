-- {"metrics":["revenue","churn_rate","avg_rating"],"group_by":[],"filters":[],"order_by":[]}
WITH orders_agg AS (
  SELECT
    SUM(orders.net_amount) AS revenue
  FROM orders
  WHERE
    orders.status <> 'cancelled'
), customer_profile_agg AS (
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
), reviews_agg AS (
  SELECT
    AVG(reviews.rating) AS review_rating
  FROM reviews
)
SELECT
  COALESCE(orders_agg.revenue, 0) AS revenue,
  CAST(COALESCE(customer_profile_agg.churned_customers, 0) AS DOUBLE) / NULLIF(COALESCE(customer_profile_agg.buyers, 0), 0) AS churn_rate,
  reviews_agg.review_rating AS avg_rating
FROM orders_agg
CROSS JOIN customer_profile_agg
CROSS JOIN reviews_agg
