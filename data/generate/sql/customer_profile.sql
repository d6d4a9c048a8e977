-- One row per customer from non-cancelled orders, as of the as-of date. RFM scores are quintiles
-- by rank (ties broken by customer_id); segments come from the dictionary's rule table.
INSERT INTO customer_profile BY NAME
WITH o AS (
    SELECT customer_id, order_ts::DATE AS order_date, channel, net_amount
    FROM orders WHERE status <> 'cancelled'
), agg AS (
    SELECT customer_id, min(order_date) AS first_order_date, max(order_date) AS last_order_date,
           count(*) AS order_count, sum(net_amount) AS lifetime_revenue, count(DISTINCT channel) AS channel_count,
           getvariable('as_of') - max(order_date) AS recency_days
    FROM o GROUP BY customer_id
), pref AS (
    SELECT customer_id, channel AS preferred_channel
    FROM (SELECT customer_id, channel, count(*) AS n FROM o GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY n DESC, channel) = 1
), scored AS (
    SELECT agg.*,
           ntile(5) OVER (ORDER BY recency_days DESC, customer_id) AS rfm_r,
           ntile(5) OVER (ORDER BY order_count, customer_id) AS rfm_f,
           ntile(5) OVER (ORDER BY lifetime_revenue, customer_id) AS rfm_m
    FROM agg
)
SELECT c.customer_id, s.first_order_date, s.last_order_date, coalesce(s.order_count, 0) AS order_count,
       coalesce(s.lifetime_revenue, 0) AS lifetime_revenue, s.recency_days, s.rfm_r, s.rfm_f, s.rfm_m,
       m.segment AS rfm_segment,
       CASE WHEN s.customer_id IS NULL THEN 'prospect'
            WHEN getvariable('as_of') - s.first_order_date <= 90 THEN 'new'
            WHEN s.recency_days <= 90 THEN 'active'
            WHEN s.recency_days <= 180 THEN 'at_risk'
            ELSE 'churned' END AS lifecycle_stage,
       p.preferred_channel, coalesce(s.channel_count, 0) AS channel_count,
       CASE WHEN date_sub('year', c.birth_date, getvariable('as_of')) < 25 THEN '18-24'
            WHEN date_sub('year', c.birth_date, getvariable('as_of')) < 35 THEN '25-34'
            WHEN date_sub('year', c.birth_date, getvariable('as_of')) < 45 THEN '35-44'
            WHEN date_sub('year', c.birth_date, getvariable('as_of')) < 55 THEN '45-54'
            ELSE '55+' END AS age_band
FROM customers c
LEFT JOIN scored s USING (customer_id)
LEFT JOIN pref p USING (customer_id)
LEFT JOIN rfm_segment_map m ON m.r = s.rfm_r AND m.f = s.rfm_f AND m.m = s.rfm_m
ORDER BY c.customer_id;
