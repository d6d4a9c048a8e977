-- Orders: each customer's orders fall inside their activity window, on days drawn from the
-- calendar's cumulative volume (so double-11, 618 and growth show), through a channel drawn from
-- that month's regional mix (or the customer's signup channel).
CREATE OR REPLACE TEMP TABLE order_draw AS
WITH o AS (
    SELECT customer_id, unnest(range(n_orders)) AS k, window_start, window_end
    FROM cust_plan WHERE n_orders > 0
), b AS (
    SELECT o.*, ds.cum_lo + rnd2(o.customer_id, o.k, 'when') * (de.cum_hi - ds.cum_lo) AS target
    FROM o JOIN day ds ON ds.day = o.window_start JOIN day de ON de.day = o.window_end
)
SELECT b.customer_id, b.k, d.day AS order_day, d.is_peak,
       d.day + to_seconds(CASE WHEN rnd2(b.customer_id, b.k, 'night') < 0.1
                               THEN floor(rnd2(b.customer_id, b.k, 'sec') * 28800)
                               ELSE 28800 + floor(rnd2(b.customer_id, b.k, 'sec') * 57600) END) AS order_ts
FROM b ASOF JOIN day d ON b.target >= d.cum_lo;

CREATE OR REPLACE TEMP TABLE order_head AS
WITH o AS (
    SELECT 100000000 + row_number() OVER (ORDER BY d.order_ts, d.customer_id, d.k) AS order_id,
           d.customer_id, d.order_ts, d.order_day, d.is_peak, p.region, p.fav_cat, p.tier_spend, p.region_spend,
           p.member_tier,
           CASE WHEN rnd2(d.customer_id, d.k, 'home') < 0.3 THEN p.signup_channel END AS home_channel,
           least(35, date_diff('month', getvariable('start_date'), d.order_day)) AS month_idx
    FROM order_draw d JOIN cust_plan p USING (customer_id)
)
SELECT o.* EXCLUDE (home_channel), coalesce(o.home_channel, cs.channel) AS channel
FROM o JOIN channel_slot cs
  ON cs.month_idx = o.month_idx AND cs.region = o.region AND cs.slot = rint(o.order_id, 'channel', 1000);

-- Lines: richer tiers and regions buy more lines; 60% of lines come from the favourite category.
CREATE OR REPLACE TEMP TABLE item_stage AS
WITH l AS (
    SELECT order_id, channel, fav_cat,
           unnest(range(1, 2 + floor(pow(rnd(order_id, 'lines'), 2.2 / (tier_spend * region_spend)) * 5)::INTEGER))
               AS line_no
    FROM order_head
), c AS (
    SELECT l.*, CASE WHEN rnd2(order_id, line_no, 'fav') < 0.6 THEN fav_cat ELSE cs.cat_idx END AS cat_idx
    FROM l JOIN category_slot cs ON cs.slot = floor(rnd2(order_id, line_no, 'cat') * 1000)::INTEGER
), r AS (
    SELECT c.*, floor(cat.n_products * pow(rnd2(c.order_id, c.line_no, 'product'), 1.8))::INTEGER AS product_rank
    FROM c JOIN category cat USING (cat_idx)
)
SELECT r.order_id, r.line_no::INTEGER AS line_no, p.product_id, r.cat_idx::TINYINT AS cat_idx,
       least(p.max_qty, 1 + floor(pow(rnd2(r.order_id, r.line_no, 'qty'), 3) * p.max_qty))::INTEGER AS quantity,
       CASE WHEN r.channel = 'live_stream' THEN round(p.price * 0.9, 2) ELSE p.price END::DECIMAL(10, 2) AS unit_price
FROM r JOIN product_pick p ON p.cat_idx = r.cat_idx AND p.rank = r.product_rank;

CREATE OR REPLACE TEMP TABLE order_stage AS
WITH t AS (
    SELECT i.order_id, sum(i.quantity * i.unit_price)::DECIMAL(12, 2) AS gross_amount,
           max(c.return_rate) AS return_rate, arg_max(c.category, c.return_rate + c.cat_idx * 1e-6) AS main_category,
           arg_min(i.product_id, i.line_no) AS first_product_id
    FROM item_stage i JOIN category c USING (cat_idx) GROUP BY i.order_id
), h AS (
    SELECT h.*, t.* EXCLUDE (order_id),
           CASE WHEN h.is_peak THEN 0.10 + 0.12 * rnd(h.order_id, 'discount')
                WHEN rnd(h.order_id, 'has_discount') < 0.45 THEN 0.0
                ELSE 0.03 + 0.10 * rnd(h.order_id, 'discount') END
             + CASE h.member_tier WHEN 'Gold' THEN 0.02 WHEN 'Platinum' THEN 0.04 ELSE 0.0 END AS discount_rate
    FROM order_head h JOIN t USING (order_id)
)
SELECT h.*,
       round(h.gross_amount::DOUBLE * h.discount_rate, 2)::DECIMAL(12, 2) AS discount_amount,
       CASE WHEN rnd(h.order_id, 'cancel') < 0.035 THEN 'cancelled'
            WHEN rnd(h.order_id, 'return') < h.return_rate * CASE WHEN h.channel = 'live_stream' THEN 1.6 ELSE 1.0 END
                 THEN 'returned'
            ELSE 'completed' END AS status,
       CASE WHEN h.channel = 'store' THEN sp.store_id END AS store_id,
       pay.method AS payment_method
FROM h
JOIN channel ch USING (channel)
JOIN payment pay ON pay.channel = h.channel AND pay.k = rint(h.order_id, 'payment', ch.n_payments)
LEFT JOIN (SELECT DISTINCT region, n FROM store_pick) sn ON sn.region = h.region
LEFT JOIN store_pick sp ON sp.region = h.region AND sp.k = rint(h.order_id, 'store', sn.n);

DROP TABLE order_draw;
DROP TABLE order_head;

INSERT INTO orders BY NAME
SELECT order_id, customer_id, order_ts, channel, store_id, status, payment_method,
       gross_amount, discount_amount, gross_amount - discount_amount AS net_amount
FROM order_stage ORDER BY order_id;
