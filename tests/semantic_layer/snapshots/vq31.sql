-- {"metrics":["negative_review_share"],"group_by":["category"],"filters":[],"order_by":[{"field":"negative_review_share","desc":true}]}
WITH reviews_agg AS (
  SELECT
    products.category AS category,
    COUNT(CASE WHEN reviews.rating <= 2 THEN reviews.review_id END) AS negative_reviews,
    COUNT(reviews.review_id) AS review_count
  FROM reviews
  LEFT JOIN products
    ON reviews.product_id = products.product_id
  GROUP BY
    products.category
)
SELECT
  reviews_agg.category AS category,
  CAST(reviews_agg.negative_reviews AS DOUBLE) / NULLIF(reviews_agg.review_count, 0) AS negative_review_share
FROM reviews_agg
ORDER BY
  negative_review_share DESC,
  category
