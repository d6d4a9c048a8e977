-- One return per returned order, with a reason that fits the order's most return-prone category.
INSERT INTO returns BY NAME
WITH r AS (
    SELECT o.order_id, o.order_ts, o.main_category, o.gross_amount - o.discount_amount AS net_amount,
           rc.n AS n_reasons
    FROM order_stage o
    JOIN (SELECT category, count(*) AS n FROM return_reason GROUP BY category) rc ON rc.category = o.main_category
    WHERE o.status = 'returned'
)
SELECT 900000000 + row_number() OVER (ORDER BY r.order_id) AS return_id, r.order_id,
       least(r.order_ts + to_seconds(86400 * (2 + 18 * rnd(r.order_id, 'return_after'))),
             getvariable('as_of')::TIMESTAMP + INTERVAL '23:59:59') AS return_ts,
       rr.reason AS return_reason,
       CASE WHEN rnd(r.order_id, 'partial') < 0.15
            THEN round(r.net_amount::DOUBLE * (0.5 + 0.4 * rnd(r.order_id, 'refund_share')), 2)
            ELSE r.net_amount END::DECIMAL(12, 2) AS refund_amount
FROM r JOIN return_reason rr ON rr.category = r.main_category AND rr.k = rint(r.order_id, 'reason', r.n_reasons)
ORDER BY r.order_id;
