-- case: a missing LIMIT becomes the role's maximum
-- role: analyst
-- input:
SELECT city FROM customers
-- expected:
SELECT
  city
FROM POLICY_VIEW('customers') AS customers
LIMIT 5000

-- case: a larger LIMIT is lowered
-- role: analyst
-- input:
SELECT city FROM customers LIMIT 100000
-- expected:
SELECT
  city
FROM POLICY_VIEW('customers') AS customers
LIMIT 5000

-- case: a smaller LIMIT is kept
-- role: analyst
-- input:
SELECT city FROM customers LIMIT 5
-- expected:
SELECT
  city
FROM POLICY_VIEW('customers') AS customers
LIMIT 5
