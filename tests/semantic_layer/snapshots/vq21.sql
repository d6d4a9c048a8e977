-- {"metrics":["avg_resolution_hours","csat"],"group_by":["ticket_channel"],"filters":[],"order_by":[]}
WITH support_tickets_agg AS (
  SELECT
    support_tickets.ticket_channel AS ticket_channel,
    AVG(
      CASE
        WHEN NOT support_tickets.resolved_ts IS NULL
        THEN (
          EXTRACT(EPOCH FROM support_tickets.resolved_ts) - EXTRACT(EPOCH FROM support_tickets.created_ts)
        ) / 3600.0
      END
    ) AS resolution_hours,
    AVG(
      CASE
        WHEN NOT support_tickets.csat_score IS NULL
        THEN support_tickets.csat_score
      END
    ) AS csat_score
  FROM support_tickets
  GROUP BY
    support_tickets.ticket_channel
)
SELECT
  support_tickets_agg.ticket_channel AS ticket_channel,
  support_tickets_agg.resolution_hours AS avg_resolution_hours,
  support_tickets_agg.csat_score AS csat
FROM support_tickets_agg
ORDER BY
  ticket_channel
