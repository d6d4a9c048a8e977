-- {"metrics":["data_quality_score","quality_issues"],"group_by":["quality_rule"],"filters":[],"order_by":[]}
WITH quality_checks_agg AS (
  SELECT
    quality_checks.quality_rule AS quality_rule,
    COUNT(CASE WHEN quality_checks.passed THEN quality_checks.check_id END) AS quality_checks_passed,
    COUNT(quality_checks.check_id) AS quality_checks_run,
    COUNT(CASE WHEN NOT quality_checks.passed THEN quality_checks.check_id END) AS quality_checks_failed
  FROM quality_checks
  GROUP BY
    quality_checks.quality_rule
)
SELECT
  quality_checks_agg.quality_rule AS quality_rule,
  CAST(quality_checks_agg.quality_checks_passed AS DOUBLE) / NULLIF(quality_checks_agg.quality_checks_run, 0) AS data_quality_score,
  quality_checks_agg.quality_checks_failed AS quality_issues
FROM quality_checks_agg
ORDER BY
  quality_rule
