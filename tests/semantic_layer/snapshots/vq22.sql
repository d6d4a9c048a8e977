-- {"metrics":["ticket_count"],"group_by":["metric_time__month"],"filters":[{"dimension":"ticket_category","op":"=","value":"delivery"}],"time_range":{"start":"2025-01-01","end":"2025-12-31"},"order_by":[]}
WITH support_tickets_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', support_tickets.created_ts) AS DATE) AS metric_time__month,
    COUNT(support_tickets.ticket_id) AS ticket_count
  FROM support_tickets
  WHERE
    support_tickets.ticket_category = 'delivery'
    AND support_tickets.created_ts >= CAST('2025-01-01' AS DATE)
    AND support_tickets.created_ts < CAST('2026-01-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', support_tickets.created_ts) AS DATE)
)
SELECT
  support_tickets_agg.metric_time__month AS metric_time__month,
  support_tickets_agg.ticket_count AS ticket_count
FROM support_tickets_agg
ORDER BY
  metric_time__month
