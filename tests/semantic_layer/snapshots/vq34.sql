-- {"metrics":["order_count"],"group_by":["payment_method"],"filters":[{"dimension":"city","op":"in","value":["Shanghai","Beijing"]}],"order_by":[{"field":"order_count","desc":true}]}
WITH orders_agg AS (
  SELECT
    orders.payment_method AS payment_method,
    COUNT(DISTINCT orders.order_id) AS order_count
  FROM orders
  LEFT JOIN customers
    ON orders.customer_id = customers.customer_id
  WHERE
    customers.city IN ('Shanghai', 'Beijing') AND orders.status <> 'cancelled'
  GROUP BY
    orders.payment_method
)
SELECT
  orders_agg.payment_method AS payment_method,
  orders_agg.order_count AS order_count
FROM orders_agg
ORDER BY
  order_count DESC,
  payment_method
