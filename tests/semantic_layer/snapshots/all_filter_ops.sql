-- {"metrics":["review_count"],"group_by":[],"filters":[{"dimension":"rating","op":"between","value":[1,2]},{"dimension":"channel","op":"not in","value":["store"]},{"dimension":"city","op":"like","value":"S%"},{"dimension":"marketing_consent","op":"!=","value":false}],"time_range":{"start":"2026-01-01"},"order_by":[]}
WITH reviews_agg AS (
  SELECT
    COUNT(reviews.review_id) AS review_count
  FROM reviews
  LEFT JOIN orders
    ON reviews.order_id = orders.order_id
  LEFT JOIN customers
    ON reviews.customer_id = customers.customer_id
  WHERE
    reviews.rating BETWEEN 1 AND 2
    AND NOT orders.channel IN ('store')
    AND customers.city LIKE 'S%'
    AND customers.marketing_consent <> FALSE
    AND reviews.review_ts >= CAST('2026-01-01' AS DATE)
)
SELECT
  reviews_agg.review_count AS review_count
FROM reviews_agg
