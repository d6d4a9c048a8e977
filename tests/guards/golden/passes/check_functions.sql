-- case: allowlisted functions pass unchanged
-- role: analyst
-- input:
SELECT upper(city), round(avg(net_amount), 2) FROM orders JOIN customers USING (customer_id) GROUP BY 1
-- expected:
SELECT
  UPPER(city),
  ROUND(AVG(net_amount), 2)
FROM orders
JOIN customers
  USING (customer_id)
GROUP BY
  1

-- case: a file-reading function is not on the list
-- role: analyst
-- input:
SELECT * FROM read_csv_auto('x.csv')
-- expected:
-- blocked: function_not_allowed: function read_csv_auto() is not allowed

-- case: aggregate-only roles get no aggregate that returns a raw value
-- role: marketing
-- origin: semantic
-- input:
SELECT string_agg(city, ',') FROM customers
-- expected:
-- blocked: raw_value_aggregate: function group_concat() is not available to role marketing (aggregates only)
