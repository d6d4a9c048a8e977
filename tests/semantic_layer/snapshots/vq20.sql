-- {"metrics":["ticket_count"],"group_by":["ticket_category"],"filters":[],"time_range":{"start":"2026-07-01","end":"2026-09-30"},"order_by":[{"field":"ticket_count","desc":true}]}
WITH support_tickets_agg AS (
  SELECT
    support_tickets.ticket_category AS ticket_category,
    COUNT(support_tickets.ticket_id) AS ticket_count
  FROM support_tickets
  WHERE
    support_tickets.created_ts >= CAST('2026-07-01' AS DATE)
    AND support_tickets.created_ts < CAST('2026-10-01' AS DATE)
  GROUP BY
    support_tickets.ticket_category
)
SELECT
  support_tickets_agg.ticket_category AS ticket_category,
  support_tickets_agg.ticket_count AS ticket_count
FROM support_tickets_agg
ORDER BY
  ticket_count DESC,
  ticket_category
