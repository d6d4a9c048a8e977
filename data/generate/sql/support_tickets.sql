-- Tickets: most follow an order (more often in peak weeks, about delivery, and after returns);
-- some are account or billing questions without an order. Slow or unresolved tickets score lower CSAT.
CREATE OR REPLACE TEMP TABLE ticket_draw AS
WITH o AS (
    SELECT o.order_id, o.customer_id, o.order_ts, o.channel, o.status, o.is_peak, p.product_name, p.noun,
           rnd(o.order_id, 'ticket_cat') AS u
    FROM order_stage o JOIN product_pick p ON p.product_id = o.first_product_id
    WHERE status <> 'cancelled'
      AND rnd(order_id, 'ticket') < 0.04 + CASE WHEN is_peak THEN 0.05 ELSE 0 END
                                         + CASE WHEN status = 'returned' THEN 0.30 ELSE 0 END
), from_orders AS (
    SELECT order_id, customer_id, channel, is_peak, product_name, noun,
           order_ts + to_seconds(3600 * (2 + 160 * rnd(order_id, 'ticket_after'))) AS created_ts,
           CASE WHEN status = 'returned' THEN
                    CASE WHEN u < 0.60 THEN 'refund' WHEN u < 0.85 THEN 'product_quality'
                         WHEN u < 0.95 THEN 'delivery' ELSE 'other' END
                WHEN is_peak THEN
                    CASE WHEN u < 0.65 THEN 'delivery' WHEN u < 0.75 THEN 'product_quality'
                         WHEN u < 0.87 THEN 'billing' WHEN u < 0.93 THEN 'refund' ELSE 'other' END
                ELSE CASE WHEN u < 0.35 THEN 'delivery' WHEN u < 0.55 THEN 'product_quality'
                          WHEN u < 0.72 THEN 'billing' WHEN u < 0.82 THEN 'refund'
                          WHEN u < 0.87 THEN 'account' ELSE 'other' END END AS ticket_category
    FROM o
), loose AS (
    SELECT NULL::BIGINT AS order_id, p.customer_id, p.signup_channel AS channel, false AS is_peak,
           pp.product_name, pp.noun,
           p.window_start::TIMESTAMP + to_seconds(86400 * rnd(p.customer_id, 'loose_when')
                                                   * (getvariable('as_of') - p.window_start + 1)) AS created_ts,
           CASE WHEN rnd(p.customer_id, 'loose_cat') < 0.55 THEN 'account'
                WHEN rnd(p.customer_id, 'loose_cat') < 0.70 THEN 'billing' ELSE 'other' END AS ticket_category
    FROM cust_plan p
    JOIN product_pick pp ON pp.cat_idx = p.fav_cat AND pp.rank = 0
    WHERE rnd(p.customer_id, 'loose_ticket') < 0.12
)
SELECT * FROM from_orders UNION ALL SELECT * FROM loose;

CREATE OR REPLACE TEMP TABLE ticket_stage AS
WITH t AS (
    SELECT 700000000 + row_number() OVER (ORDER BY created_ts, customer_id, order_id NULLS FIRST) AS ticket_id, *
    FROM ticket_draw
    WHERE created_ts <= getvariable('as_of')::TIMESTAMP + INTERVAL '23:59:59'
), r AS (
    SELECT *,
           rnd(ticket_id, 'unresolved') < 0.07 + CASE WHEN is_peak THEN 0.07 ELSE 0 END
                                              + CASE WHEN ticket_category = 'refund' THEN 0.05 ELSE 0 END AS gave_up,
           exp(2.3 + 1.3 * rnorm(ticket_id, 'hours')) * CASE WHEN is_peak THEN 1.8 ELSE 1.0 END AS hours
    FROM t
), s AS (
    SELECT *, CASE WHEN NOT gave_up THEN created_ts + to_seconds(floor(3600 * hours)) END AS resolved_raw
    FROM r
)
SELECT *,
       CASE WHEN resolved_raw <= getvariable('as_of')::TIMESTAMP + INTERVAL '23:59:59' THEN resolved_raw END AS resolved_ts
FROM s;

INSERT INTO support_tickets BY NAME
SELECT t.ticket_id, t.customer_id, t.order_id,
       CASE WHEN rnd(t.ticket_id, 'tch') < 0.30 THEN 'phone' WHEN rnd(t.ticket_id, 'tch') < 0.70 THEN 'chat'
            WHEN rnd(t.ticket_id, 'tch') < 0.85 THEN 'email' ELSE 'social' END AS ticket_channel,
       t.ticket_category, t.created_ts, t.resolved_ts,
       CASE WHEN rnd(t.ticket_id, 'csat_answered') >= 0.65 THEN NULL
            WHEN t.resolved_ts IS NULL THEN 1 + rint(t.ticket_id, 'csat', 2)
            WHEN t.hours > 72 THEN 2 + rint(t.ticket_id, 'csat', 2)
            WHEN t.hours > 24 THEN 3 + rint(t.ticket_id, 'csat', 2)
            ELSE 3 + floor(3 * sqrt(rnd(t.ticket_id, 'csat'))) END::INTEGER AS csat_score,
       fill(w.text, t.product_name, t.noun, ch.label)
         || coalesce(CASE WHEN rnd(t.ticket_id, 'pii_kind') < 0.5 THEN ct.phone_text ELSE ct.email_text END, '')
         AS description
FROM ticket_stage t
JOIN channel ch ON ch.channel = t.channel
JOIN wording_count wc ON wc.kind = 'ticket' AND wc.key = t.ticket_category
JOIN wording w ON w.kind = 'ticket' AND w.key = t.ticket_category AND w.idx = rint(t.ticket_id, 'wording', wc.n)
LEFT JOIN contact ct ON ct.customer_id = t.customer_id AND rnd(t.ticket_id, 'pii') < 0.02
ORDER BY t.ticket_id;
