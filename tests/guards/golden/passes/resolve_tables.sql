-- case: CTEs are renamed so they cannot shadow a table
-- role: analyst
-- input:
WITH customers AS (SELECT * FROM main.customers) SELECT count(*) FROM customers
-- expected:
WITH __cte1 AS (
  SELECT
    *
  FROM main.customers
)
SELECT
  COUNT(*)
FROM __cte1 AS customers

-- case: hidden tables do not exist for anyone
-- role: admin
-- input:
SELECT * FROM truth_review_theme
-- expected:
-- blocked: table_not_allowed: table truth_review_theme is not available

-- case: other catalogs are rejected
-- role: analyst
-- input:
SELECT * FROM other_db.main.customers
-- expected:
-- blocked: table_not_allowed: database other_db is not available
