-- title: naming a denied column is blocked with a clear notice
-- role: analyst
-- input:
SELECT id_number FROM customers
-- expected:
-- blocked: customers.id_number is not available to role analyst
