-- Planted data-quality problems: a known amount of each kind, recorded in truth_quality_defects,
-- so the product's quality checks can be tested against what was planted (data/README.md).
-- n = max(2, customers / 1000) records per kind; every planted record has exactly one problem.
-- Runs after reviews and tickets (their contact texts keep the customer's original details, as a
-- customer types them) and before customer_profile (which reads the orders as they end up).
SET VARIABLE n_defect = greatest(2, getvariable('n_customers') // 1000);

CREATE OR REPLACE TEMP TABLE defect_kind AS
SELECT * FROM (VALUES
    (0, 'phone_missing'), (1, 'phone_placeholder'), (2, 'phone_invalid'),
    (3, 'email_missing'), (4, 'email_placeholder'), (5, 'email_invalid'),
    (6, 'id_number_invalid'), (7, 'birth_date_out_of_range'),
    (8, 'duplicate_phone'), (9, 'duplicate_email'), (10, 'duplicate_name_birth_city'),
    (11, 'city_variant'), (12, 'province_variant')) k(idx, defect);

-- Customers in a seeded random order: ranks 0 .. 13n-1 get a problem, the next 2n are the
-- originals that phone and email duplicates copy; name duplicates copy an untouched customer of
-- the same city and gender (further down the ranking).
CREATE OR REPLACE TEMP TABLE defect_rank AS
SELECT c.*, row_number() OVER (ORDER BY rnd(c.customer_id, 'defect'), c.customer_id) - 1 AS r
FROM customers c;

CREATE OR REPLACE TEMP TABLE customer_defect AS
SELECT d.customer_id, k.defect, d.r % getvariable('n_defect') AS j
FROM defect_rank d JOIN defect_kind k ON k.idx = d.r // getvariable('n_defect')
WHERE d.r < 13 * getvariable('n_defect');

CREATE OR REPLACE TEMP TABLE defect_partner AS
SELECT b.customer_id, a.customer_id AS partner_id
FROM customer_defect b
JOIN defect_rank a
  ON a.r = 13 * getvariable('n_defect') + b.j
          + CASE b.defect WHEN 'duplicate_email' THEN getvariable('n_defect') ELSE 0 END
WHERE b.defect IN ('duplicate_phone', 'duplicate_email')
UNION ALL
SELECT b.customer_id, arg_min(a.customer_id, rnd2(a.customer_id, b.customer_id, 'twin')) AS partner_id
FROM customer_defect b
JOIN defect_rank bd ON bd.customer_id = b.customer_id
JOIN defect_rank a ON a.city = bd.city AND a.gender = bd.gender AND a.r >= 15 * getvariable('n_defect')
WHERE b.defect = 'duplicate_name_birth_city'
GROUP BY b.customer_id;

CREATE OR REPLACE TEMP TABLE place_name AS
SELECT * FROM (VALUES
    ('Beijing', '北京'), ('Tianjin', '天津'), ('Shijiazhuang', '石家庄'), ('Taiyuan', '太原'),
    ('Hohhot', '呼和浩特'), ('Shenyang', '沈阳'), ('Dalian', '大连'), ('Changchun', '长春'),
    ('Harbin', '哈尔滨'), ('Shanghai', '上海'), ('Hangzhou', '杭州'), ('Ningbo', '宁波'),
    ('Nanjing', '南京'), ('Suzhou', '苏州'), ('Hefei', '合肥'), ('Jinan', '济南'), ('Qingdao', '青岛'),
    ('Fuzhou', '福州'), ('Xiamen', '厦门'), ('Wuhan', '武汉'), ('Changsha', '长沙'), ('Zhengzhou', '郑州'),
    ('Nanchang', '南昌'), ('Guangzhou', '广州'), ('Shenzhen', '深圳'), ('Dongguan', '东莞'),
    ('Nanning', '南宁'), ('Haikou', '海口'), ('Chengdu', '成都'), ('Chongqing', '重庆'),
    ('Kunming', '昆明'), ('Guiyang', '贵阳'), ('Xi''an', '西安'), ('Lanzhou', '兰州'),
    ('Urumqi', '乌鲁木齐'), ('Yinchuan', '银川'),
    ('Hebei', '河北'), ('Shanxi', '山西'), ('Inner Mongolia', '内蒙古'), ('Liaoning', '辽宁'),
    ('Jilin', '吉林'), ('Heilongjiang', '黑龙江'), ('Zhejiang', '浙江'), ('Jiangsu', '江苏'),
    ('Anhui', '安徽'), ('Shandong', '山东'), ('Fujian', '福建'), ('Hubei', '湖北'), ('Hunan', '湖南'),
    ('Henan', '河南'), ('Jiangxi', '江西'), ('Guangdong', '广东'), ('Guangxi', '广西'), ('Hainan', '海南'),
    ('Sichuan', '四川'), ('Yunnan', '云南'), ('Guizhou', '贵州'), ('Shaanxi', '陕西'), ('Gansu', '甘肃'),
    ('Xinjiang', '新疆'), ('Ningxia', '宁夏')) p(pinyin, hanzi);

-- The new value of each planted customer's affected column(s).
CREATE OR REPLACE TEMP TABLE customer_fix AS
SELECT c.customer_id, d.defect,
       CASE d.defect
           WHEN 'phone_missing' THEN ['   ', '    '][1 + d.j % 2]  -- blank (masks keep '****' at characters 4-7)
           WHEN 'phone_placeholder' THEN ['00000000000', '13800000000', 'N/A', 'unknown'][1 + d.j % 4]
           WHEN 'phone_invalid' THEN [left(c.phone, 10), '12' || right(c.phone, 9), c.phone || '8'][1 + d.j % 3]
           WHEN 'duplicate_phone' THEN
               CASE WHEN d.j % 2 = 0
                    THEN '+86 ' || substr(a.phone, 1, 3) || ' ' || substr(a.phone, 4, 4) || ' ' || substr(a.phone, 8, 4)
                    ELSE substr(a.phone, 1, 3) || '-' || substr(a.phone, 4, 4) || '-' || substr(a.phone, 8, 4) END
           ELSE c.phone END AS phone,
       CASE d.defect
           WHEN 'email_missing' THEN ['', ' '][1 + d.j % 2]
           WHEN 'email_placeholder' THEN ['none@none.com', 'N/A', 'unknown@example.com', '-'][1 + d.j % 4]
           WHEN 'email_invalid' THEN [replace(c.email, '@', ''), replace(c.email, '@', '@@'),
                                      split_part(c.email, '@', 1) || '@'][1 + d.j % 3]
           WHEN 'duplicate_email' THEN CASE WHEN d.j % 2 = 0 THEN upper(a.email) ELSE ' ' || a.email END
           ELSE c.email END AS email,
       CASE d.defect
           WHEN 'id_number_invalid' THEN
               CASE WHEN d.j % 2 = 0 THEN left(c.id_number, 17) || CASE WHEN right(c.id_number, 1) = '0' THEN '1' ELSE '0' END
                    ELSE left(c.id_number, 17) END
           WHEN 'duplicate_name_birth_city' THEN left(c.id_number, 6) || strftime(a.birth_date, '%Y%m%d') || substr(c.id_number, 15, 3)
           ELSE c.id_number END AS id_number,
       CASE d.defect
           WHEN 'birth_date_out_of_range' THEN [DATE '1900-01-01', getvariable('as_of') + 400][1 + d.j % 2]
           WHEN 'duplicate_name_birth_city' THEN a.birth_date
           ELSE c.birth_date END AS birth_date,
       CASE WHEN d.defect = 'duplicate_name_birth_city'
            THEN CASE WHEN a.full_name LIKE '% %' THEN lower(a.full_name)
                      ELSE left(a.full_name, 1) || ' ' || substr(a.full_name, 2) END
            ELSE c.full_name END AS full_name,
       CASE WHEN d.defect = 'city_variant'
            THEN CASE WHEN d.j % 2 = 0 THEN pc.hanzi || '市' ELSE c.city || ' Shi' END
            ELSE c.city END AS city,
       CASE WHEN d.defect = 'province_variant'
            THEN CASE WHEN d.j % 2 = 1 THEN c.province || ' Province'
                      WHEN c.province IN ('Beijing', 'Tianjin', 'Shanghai', 'Chongqing') THEN pp.hanzi || '市'
                      WHEN c.province IN ('Inner Mongolia', 'Guangxi', 'Xinjiang', 'Ningxia') THEN pp.hanzi || '自治区'
                      ELSE pp.hanzi || '省' END
            ELSE c.province END AS province,
       p.partner_id
FROM customer_defect d
JOIN customers c USING (customer_id)
LEFT JOIN defect_partner p USING (customer_id)
LEFT JOIN customers a ON a.customer_id = p.partner_id
LEFT JOIN place_name pc ON pc.pinyin = c.city
LEFT JOIN place_name pp ON pp.pinyin = c.province;

UPDATE customers SET phone = f.phone, email = f.email, birth_date = f.birth_date, full_name = f.full_name,
       city = f.city, province = f.province,
       id_number = CASE WHEN f.defect = 'duplicate_name_birth_city'
                        THEN f.id_number || substr('10X98765432', (1 + (list_sum(list_transform(range(17),
                             lambda j: substr(f.id_number, j + 1, 1)::INTEGER
                                       * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][j + 1])) % 11))::BIGINT, 1)
                        ELSE f.id_number END
FROM customer_fix f WHERE customers.customer_id = f.customer_id;

INSERT INTO truth_quality_defects BY NAME
SELECT defect, 'customers' AS record_table, customer_id AS record_id, partner_id AS related_id FROM customer_fix;

-- Orders whose customer does not exist: cancelled orders without a review or ticket, moved to
-- customer ids that were never issued (so no other table points at them through the customer).
-- Cancelled, so that no governed metric (all count non-cancelled orders) grows a '(none)' group;
-- the consistency check and free SQL over orders still see them.
CREATE OR REPLACE TEMP TABLE orphan_order AS
SELECT o.order_id, o.customer_id AS original_customer_id,
       990000000 + row_number() OVER (ORDER BY rnd(o.order_id, 'orphan'), o.order_id) AS customer_id
FROM orders o
WHERE o.status = 'cancelled'
  AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.order_id = o.order_id)
  AND NOT EXISTS (SELECT 1 FROM support_tickets t WHERE t.order_id = o.order_id)
  AND o.customer_id NOT IN (SELECT customer_id FROM customer_defect)
QUALIFY row_number() OVER (ORDER BY rnd(o.order_id, 'orphan'), o.order_id) <= getvariable('n_defect');

UPDATE orders SET customer_id = x.customer_id FROM orphan_order x WHERE orders.order_id = x.order_id;
UPDATE order_stage SET customer_id = x.customer_id FROM orphan_order x WHERE order_stage.order_id = x.order_id;

-- Refunds larger than the order: a whole-order refund with a made-up extra amount.
CREATE OR REPLACE TEMP TABLE refund_over AS
SELECT r.return_id, o.net_amount + 20 + round(80 * rnd(r.return_id, 'overrefund'), 2) AS refund_amount
FROM returns r JOIN orders o USING (order_id)
QUALIFY row_number() OVER (ORDER BY rnd(r.return_id, 'overrefund_pick'), r.return_id) <= getvariable('n_defect');

UPDATE returns SET refund_amount = x.refund_amount FROM refund_over x WHERE returns.return_id = x.return_id;

INSERT INTO truth_quality_defects BY NAME
SELECT 'order_orphan_customer' AS defect, 'orders' AS record_table, order_id AS record_id, NULL AS related_id
FROM orphan_order
UNION ALL
SELECT 'refund_exceeds_order', 'returns', return_id, NULL FROM refund_over;

DROP TABLE customer_fix;
DROP TABLE defect_partner;
DROP TABLE customer_defect;
DROP TABLE defect_rank;
DROP TABLE defect_kind;
DROP TABLE orphan_order;
DROP TABLE refund_over;
