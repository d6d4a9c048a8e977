-- Customers and their hidden buying plan (taste, activity window, number of orders).
CREATE OR REPLACE TEMP TABLE cust_draw AS
SELECT i AS customer_id,
       CASE WHEN rnd(i, 'gender') < 0.62 THEN 'F' WHEN rnd(i, 'gender') < 0.95 THEN 'M' ELSE 'U' END AS gender,
       least(75, greatest(18, round(33 + 9.5 * rnorm(i, 'age'))))::INTEGER AS age,
       exp(0.75 * rnorm(i, 'lam')) AS lam,
       getvariable('as_of') - floor(pow(rnd(i, 'signup'), 1.4) * 3195)::INTEGER AS signup_date,
       rint(i, 'city', 10000) AS city_slot,
       rint(i, 'fav', 1000) AS fav_slot,
       rnd(i, 'prospect') < 0.06 AS is_prospect,
       rnd(i, 'churn') < 0.5 AS is_churner
FROM range(1, getvariable('n_customers') + 1) r(i);

CREATE OR REPLACE TEMP TABLE cust_tier AS
SELECT customer_id,
       percent_rank() OVER (ORDER BY lam * exp(0.35 * rnorm(customer_id, 'tier')), customer_id) AS tier_rank
FROM cust_draw;

CREATE OR REPLACE TEMP TABLE cust_plan AS
WITH d AS (
    SELECT d.*, c.city, c.province, c.region, c.id_area, c.region_spend, f.cat_idx AS fav_cat,
           t.tier AS member_tier, t.spend AS tier_spend,
           getvariable('as_of') - (d.age * 365.25 + 1 + rint(d.customer_id, 'bday', 364))::INTEGER AS birth_date,
           greatest(d.signup_date, getvariable('start_date')) AS window_start
    FROM cust_draw d
    JOIN cust_tier ct USING (customer_id)
    JOIN tier t ON ct.tier_rank >= t.lo AND ct.tier_rank < t.hi
    JOIN city_slot cs ON cs.slot = d.city_slot
    JOIN city c ON c.city_idx = cs.city_idx
    JOIN category_slot f ON f.slot = d.fav_slot
), w AS (
    SELECT *,
           CASE WHEN is_churner
                THEN window_start + rint(customer_id, 'churn_day', getvariable('as_of') - window_start + 1)::INTEGER
                ELSE getvariable('as_of') END AS window_end
    FROM d
)
SELECT w.*, cs.channel AS signup_channel,
       CASE WHEN is_prospect THEN 0
            ELSE greatest(1, round(getvariable('order_rate') * lam * (window_end - window_start + 1) / 365.0
                                   * exp(0.3 * rnorm(customer_id, 'n_orders'))))::INTEGER END AS n_orders
FROM w
JOIN channel_slot cs
  ON cs.month_idx = least(35, greatest(0, date_diff('month', getvariable('start_date'), w.signup_date)))
 AND cs.region = w.region AND cs.slot = rint(w.customer_id, 'signup_channel', 1000);

-- Identity: names, contact details and a national ID whose birth date matches birth_date.
CREATE OR REPLACE TEMP TABLE cust_identity AS
WITH n AS (
    SELECT p.customer_id, p.gender, p.birth_date, e.domain, s.hanzi || g.hanzi AS name_hanzi,
           s.pinyin AS sur_py, g.pinyin AS given_py,
           p.id_area || strftime(p.birth_date, '%Y%m%d')
             || lpad((2 * rint(p.customer_id, 'id_seq', 500)
                      + CASE p.gender WHEN 'M' THEN 1 WHEN 'F' THEN 0 ELSE rint(p.customer_id, 'id_sex', 2) END)::VARCHAR,
                     3, '0') AS id17
    FROM (SELECT p.*, gc.n AS n_given,
                 rint(p.customer_id, 'domain', 100) AS domain_slot
          FROM cust_plan p JOIN (SELECT gender, count(*) AS n FROM given_name GROUP BY gender) gc USING (gender)) p
    JOIN surname s ON s.idx = floor(pow(rnd(p.customer_id, 'surname'), 1.3) * (SELECT count(*) FROM surname))::INTEGER
    JOIN given_name g ON g.gender = p.gender AND g.idx = rint(p.customer_id, 'given', p.n_given)
    JOIN email_domain e ON e.slot = p.domain_slot
)
SELECT customer_id,
       CASE WHEN rnd(customer_id, 'name_script') < 0.78 THEN name_hanzi ELSE sur_py || ' ' || given_py END AS full_name,
       '1' || (3 + rint(customer_id, 'phone_2', 7))::VARCHAR
           || lpad(rint(customer_id, 'phone_9', 1000000000)::VARCHAR, 9, '0') AS phone,
       CASE WHEN rnd(customer_id, 'email_style') < 0.15
            THEN (10000000 + rint(customer_id, 'qq', 2000000000))::VARCHAR || '@qq.com'
            ELSE lower(CASE WHEN rnd(customer_id, 'email_style') < 0.45 THEN given_py || sur_py
                            WHEN rnd(customer_id, 'email_style') < 0.70 THEN given_py || '.' || sur_py
                            ELSE sur_py || substr(given_py, 1, 1) END)
                 || CASE WHEN rnd(customer_id, 'email_style') < 0.85
                         THEN rint(customer_id, 'email_num', 10000)::VARCHAR ELSE year(birth_date)::VARCHAR END
                 || '@' || domain
       END AS email,
       id17 || substr('10X98765432', (1 + (list_sum(list_transform(range(17),
           lambda j: substr(id17, j + 1, 1)::INTEGER * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][j + 1])) % 11))::BIGINT, 1)
           AS id_number
FROM n;

INSERT INTO customers BY NAME
SELECT p.customer_id, i.full_name, p.gender, p.birth_date, i.phone, i.email, i.id_number,
       p.city, p.province, p.region, p.signup_date, p.signup_channel, p.member_tier,
       rnd(p.customer_id, 'consent') < 0.58 AS marketing_consent
FROM cust_plan p JOIN cust_identity i USING (customer_id)
ORDER BY p.customer_id;

DROP TABLE cust_identity;
DROP TABLE cust_tier;
DROP TABLE cust_draw;

-- What a customer writes when pasting their own contact details into a review or ticket.
CREATE OR REPLACE TEMP TABLE contact AS
SELECT c.customer_id, replace(wp.text, '{phone}', c.phone) AS phone_text,
       replace(we.text, '{email}', c.email) AS email_text
FROM customers c
JOIN wording_count np ON np.kind = 'contact' AND np.key = 'phone'
JOIN wording_count ne ON ne.kind = 'contact' AND ne.key = 'email'
JOIN wording wp ON wp.kind = 'contact' AND wp.key = 'phone' AND wp.idx = rint(c.customer_id, 'phone_text', np.n)
JOIN wording we ON we.kind = 'contact' AND we.key = 'email' AND we.idx = rint(c.customer_id, 'email_text', ne.n);
