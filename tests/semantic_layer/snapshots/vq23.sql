-- {"metrics":["avg_rating","negative_review_share","review_count"],"group_by":["category"],"filters":[],"order_by":[]}
WITH reviews_agg AS (
  SELECT
    products.category AS category,
    AVG(reviews.rating) AS review_rating,
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
  reviews_agg.review_rating AS avg_rating,
  CAST(reviews_agg.negative_reviews AS DOUBLE) / NULLIF(reviews_agg.review_count, 0) AS negative_review_share,
  reviews_agg.review_count AS review_count
FROM reviews_agg
ORDER BY
  category
