-- Reviews: a small share of orders get one, returned orders far more often and mostly negative.
-- Every rating <= 2 is written from one pain theme that fits the product's category and the
-- order's channel; the theme is kept in truth_review_theme.
CREATE OR REPLACE TEMP TABLE review_stage AS
WITH o AS (
    SELECT o.order_id, o.customer_id, o.order_ts, o.channel, o.status,
           max(i.line_no) AS n_lines
    FROM order_stage o JOIN item_stage i USING (order_id)
    WHERE o.status <> 'cancelled'
      AND rnd(o.order_id, 'review') < getvariable('review_boost') * CASE WHEN o.status = 'returned' THEN 0.05 ELSE 0.025 END
    GROUP BY ALL
), r AS (
    SELECT o.*, o.order_ts + to_seconds(86400 * (2 + 18 * rnd(o.order_id, 'review_after'))) AS review_ts,
           rnd(o.order_id, 'rating') AS u,
           1 + rint(o.order_id, 'review_line', o.n_lines) AS line_no
    FROM o
)
SELECT 500000000 + row_number() OVER (ORDER BY r.review_ts, r.order_id) AS review_id,
       r.*, i.product_id, p.product_name, p.noun, p.category,
       CASE WHEN r.status = 'returned' THEN CASE WHEN u < 0.55 THEN 1 WHEN u < 0.85 THEN 2 ELSE 3 END
            ELSE CASE WHEN u < 0.05 THEN 1 WHEN u < 0.10 THEN 2 WHEN u < 0.19 THEN 3 WHEN u < 0.43 THEN 4 ELSE 5 END
       END AS rating
FROM r JOIN item_stage i ON i.order_id = r.order_id AND i.line_no = r.line_no
JOIN product_pick p ON p.product_id = i.product_id
WHERE r.review_ts <= getvariable('as_of')::TIMESTAMP + INTERVAL '23:59:59';

CREATE OR REPLACE TEMP TABLE review_text_stage AS
WITH k AS (
    SELECT r.*, CASE WHEN r.rating <= 2 THEN 'pain' ELSE 'review' END AS kind,
           CASE WHEN r.rating <= 2 THEN ts.theme WHEN r.rating = 3 THEN 'neutral' ELSE 'positive' END AS key
    FROM review_stage r
    JOIN theme_slot ts ON ts.category = r.category AND ts.channel = r.channel
     AND ts.slot = rint(r.review_id, 'theme', 1000)
)
SELECT k.review_id, k.customer_id, k.order_id, k.product_id, k.review_ts, k.rating, k.key,
       fill(w.text, k.product_name, k.noun, ch.label)
         || coalesce(CASE WHEN rnd(k.review_id, 'pii_kind') < 0.5 THEN ct.phone_text ELSE ct.email_text END, '')
         AS review_text
FROM k
JOIN channel ch ON ch.channel = k.channel
JOIN wording_count wc ON wc.kind = k.kind AND wc.key = k.key
JOIN wording w ON w.kind = k.kind AND w.key = k.key AND w.idx = rint(k.review_id, 'wording', wc.n)
LEFT JOIN contact ct ON ct.customer_id = k.customer_id AND rnd(k.review_id, 'pii') < 0.02;

INSERT INTO reviews BY NAME
SELECT review_id, customer_id, order_id, product_id, review_ts, rating, review_text
FROM review_text_stage ORDER BY review_id;

INSERT INTO truth_review_theme BY NAME
SELECT review_id, key AS theme FROM review_text_stage WHERE rating <= 2 ORDER BY review_id;
