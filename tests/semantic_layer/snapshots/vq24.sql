-- {"metrics":["review_count"],"group_by":["metric_time__month"],"filters":[{"dimension":"rating","op":"<=","value":2}],"time_range":{"start":"2026-01-01","end":"2026-09-30"},"order_by":[]}
WITH reviews_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', reviews.review_ts) AS DATE) AS metric_time__month,
    COUNT(reviews.review_id) AS review_count
  FROM reviews
  WHERE
    reviews.rating <= 2
    AND reviews.review_ts >= CAST('2026-01-01' AS DATE)
    AND reviews.review_ts < CAST('2026-10-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', reviews.review_ts) AS DATE)
)
SELECT
  reviews_agg.metric_time__month AS metric_time__month,
  reviews_agg.review_count AS review_count
FROM reviews_agg
ORDER BY
  metric_time__month
