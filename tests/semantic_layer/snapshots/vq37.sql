-- {"metrics":["duplicate_customers"],"group_by":[],"filters":[],"order_by":[]}
WITH quality_checks_agg AS (
  SELECT
    COUNT(quality_checks.check_id) AS duplicate_customer_records
  FROM quality_checks
  WHERE
    quality_checks.quality_rule = 'customer_unique' AND NOT quality_checks.passed
)
SELECT
  quality_checks_agg.duplicate_customer_records AS duplicate_customers
FROM quality_checks_agg
