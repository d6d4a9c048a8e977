-- The data-quality checks, one row per checked record and rule (data/quality.yml). Inputs, set by
-- data/quality_checks.py: variables q_ph_<column> (lower-cased placeholders), q_fmt_phone,
-- q_fmt_email, q_suffix (a regular expression of the place-name suffixes), q_min_birth,
-- q_max_birth, q_as_of, and the temp tables q_rule(idx, quality_rule, check_table, check_column,
-- quality_dimension) and q_place(kind, place_key, standard).
-- The macros come from data/quality_macros.sql.
CREATE OR REPLACE TEMP TABLE q_customer AS
WITH c AS (
    SELECT c.customer_id, c.full_name, c.birth_date, c.city, c.province,
           q_phone_norm(c.phone) AS phone_n, lower(trim(c.email)) AS email_n, upper(trim(c.id_number)) AS id_n,
           CASE WHEN q_blank(c.full_name) THEN 'missing'
                WHEN list_contains(getvariable('q_ph_full_name'), lower(trim(c.full_name))) THEN 'placeholder' END AS name_issue,
           CASE WHEN q_blank(c.phone) THEN 'missing'
                WHEN list_contains(getvariable('q_ph_phone'), lower(trim(c.phone)))
                  OR list_contains(getvariable('q_ph_phone'), q_phone_norm(c.phone)) THEN 'placeholder' END AS phone_gap,
           CASE WHEN q_blank(c.email) THEN 'missing'
                WHEN list_contains(getvariable('q_ph_email'), lower(trim(c.email))) THEN 'placeholder' END AS email_gap,
           CASE WHEN q_blank(c.id_number) THEN 'missing'
                WHEN list_contains(getvariable('q_ph_id_number'), lower(trim(c.id_number))) THEN 'placeholder' END AS id_gap
    FROM customers c
    WHERE c.full_name <> '[erased]'  -- erased customers (cdm privacy erase) keep only their order facts
), v AS (
    SELECT c.*,
           CASE WHEN phone_gap IS NULL AND NOT regexp_full_match(phone_n, getvariable('q_fmt_phone')) THEN 'bad_format' END
               AS phone_issue,
           CASE WHEN email_gap IS NULL AND NOT regexp_full_match(email_n, getvariable('q_fmt_email')) THEN 'bad_format' END
               AS email_issue,
           CASE WHEN id_gap IS NOT NULL THEN NULL
                WHEN NOT regexp_full_match(id_n, '[0-9]{17}[0-9X]') OR try_strptime(substr(id_n, 7, 8), '%Y%m%d') IS NULL
                    THEN 'bad_format'
                WHEN right(id_n, 1) <> q_id_digit(id_n) THEN 'bad_check_digit' END AS id_issue,
           CASE WHEN birth_date IS NULL THEN 'missing'
                WHEN birth_date < getvariable('q_min_birth') THEN 'too_old'
                WHEN birth_date > getvariable('q_as_of') THEN 'in_future'
                WHEN birth_date > getvariable('q_max_birth') THEN 'too_young' END AS birth_issue,
           pc.standard AS city_standard, pp.standard AS province_standard
    FROM c
    LEFT JOIN q_place pc ON pc.kind = 'city' AND pc.place_key = q_place_key(c.city)
    LEFT JOIN q_place pp ON pp.kind = 'province' AND pp.place_key = q_place_key(c.province)
), k AS (
    SELECT v.*,
           CASE WHEN phone_gap IS NULL AND phone_issue IS NULL THEN phone_n END AS phone_key,
           CASE WHEN email_gap IS NULL AND email_issue IS NULL THEN email_n END AS email_key,
           CASE WHEN name_issue IS NULL AND birth_issue IS NULL AND city_standard IS NOT NULL
                THEN lower(replace(full_name, ' ', '')) || '|' || birth_date::VARCHAR || '|' || city_standard END AS person_key
    FROM v
)
SELECT k.*,
       CASE WHEN phone_key IS NOT NULL THEN min(customer_id) OVER (PARTITION BY phone_key) END AS first_phone,
       CASE WHEN email_key IS NOT NULL THEN min(customer_id) OVER (PARTITION BY email_key) END AS first_email,
       CASE WHEN person_key IS NOT NULL THEN min(customer_id) OVER (PARTITION BY person_key) END AS first_person
FROM k;

CREATE OR REPLACE TEMP TABLE q_result AS
SELECT 'full_name_complete' AS quality_rule, customer_id AS record_id, customer_id, name_issue AS issue,
       NULL::BIGINT AS related_id
FROM q_customer
UNION ALL SELECT 'phone_complete', customer_id, customer_id, phone_gap, NULL FROM q_customer
UNION ALL SELECT 'email_complete', customer_id, customer_id, email_gap, NULL FROM q_customer
UNION ALL SELECT 'id_number_complete', customer_id, customer_id, id_gap, NULL FROM q_customer
UNION ALL SELECT 'phone_valid', customer_id, customer_id, phone_issue, NULL FROM q_customer WHERE phone_gap IS NULL
UNION ALL SELECT 'email_valid', customer_id, customer_id, email_issue, NULL FROM q_customer WHERE email_gap IS NULL
UNION ALL SELECT 'id_number_valid', customer_id, customer_id, id_issue, NULL FROM q_customer WHERE id_gap IS NULL
UNION ALL SELECT 'birth_date_in_range', customer_id, customer_id, birth_issue, NULL FROM q_customer
UNION ALL
SELECT 'customer_unique', customer_id, customer_id,
       CASE WHEN first_phone < customer_id THEN 'same_phone' WHEN first_email < customer_id THEN 'same_email'
            WHEN first_person < customer_id THEN 'same_name_birth_city' END,
       CASE WHEN first_phone < customer_id THEN first_phone WHEN first_email < customer_id THEN first_email
            WHEN first_person < customer_id THEN first_person END
FROM q_customer
UNION ALL
SELECT 'city_standard', customer_id, customer_id,
       CASE WHEN city_standard IS NULL THEN 'unknown' WHEN city <> city_standard THEN 'variant' END, NULL
FROM q_customer
UNION ALL
SELECT 'province_standard', customer_id, customer_id,
       CASE WHEN province_standard IS NULL THEN 'unknown' WHEN province <> province_standard THEN 'variant' END, NULL
FROM q_customer
UNION ALL
SELECT 'order_customer_exists', o.order_id, c.customer_id, CASE WHEN c.customer_id IS NULL THEN 'no_customer' END, NULL
FROM orders o LEFT JOIN customers c USING (customer_id)
UNION ALL
SELECT 'refund_within_order', r.return_id, c.customer_id,
       CASE WHEN r.refund_amount > o.net_amount THEN 'exceeds_order' END, NULL
FROM returns r JOIN orders o USING (order_id) LEFT JOIN customers c ON c.customer_id = o.customer_id;

DELETE FROM quality_checks;
INSERT INTO quality_checks BY NAME
SELECT row_number() OVER (ORDER BY q.idx, r.record_id) AS check_id, q.check_table, q.check_column,
       q.quality_dimension, r.quality_rule, r.record_id, r.customer_id, r.issue IS NULL AS passed, r.issue,
       r.related_id
FROM q_result r JOIN q_rule q USING (quality_rule);

DROP TABLE q_result;
DROP TABLE q_customer;
