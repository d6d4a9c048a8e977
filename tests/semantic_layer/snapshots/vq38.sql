-- {"metrics":["data_completeness"],"group_by":[],"filters":[{"dimension":"check_column","op":"=","value":"phone"}],"order_by":[]}
WITH quality_checks_agg AS (
  SELECT
    COUNT(CASE WHEN quality_checks.passed THEN quality_checks.check_id END) AS completeness_passed,
    COUNT(quality_checks.check_id) AS completeness_checks
  FROM quality_checks
  WHERE
    quality_checks.check_column = 'phone'
    AND quality_checks.quality_dimension = 'completeness'
)
SELECT
  CAST(quality_checks_agg.completeness_passed AS DOUBLE) / NULLIF(quality_checks_agg.completeness_checks, 0) AS data_completeness
FROM quality_checks_agg
