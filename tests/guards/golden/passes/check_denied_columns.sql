-- case: a denied column named in a query is a clear notice
-- role: analyst
-- input:
SELECT id_number FROM customers
-- expected:
-- blocked: column_denied: customers.id_number is not available to role analyst

-- case: allowed and masked columns pass unchanged
-- role: analyst
-- input:
SELECT phone, city FROM customers
-- expected:
SELECT
  phone,
  city
FROM customers
