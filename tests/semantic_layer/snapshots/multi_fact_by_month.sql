-- {"metrics":["net_revenue","customer_count","ticket_count"],"group_by":["metric_time__month"],"filters":[],"order_by":[]}
WITH orders_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', orders.order_ts) AS DATE) AS metric_time__month,
    SUM(orders.net_amount) AS revenue
  FROM orders
  WHERE
    orders.status <> 'cancelled'
  GROUP BY
    CAST(DATE_TRUNC('MONTH', orders.order_ts) AS DATE)
), returns_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', returns.return_ts) AS DATE) AS metric_time__month,
    SUM(returns.refund_amount) AS refund_amount
  FROM returns
  GROUP BY
    CAST(DATE_TRUNC('MONTH', returns.return_ts) AS DATE)
), customers_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', customers.signup_date) AS DATE) AS metric_time__month,
    COUNT(customers.customer_id) AS customer_count
  FROM customers
  GROUP BY
    CAST(DATE_TRUNC('MONTH', customers.signup_date) AS DATE)
), support_tickets_agg AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', support_tickets.created_ts) AS DATE) AS metric_time__month,
    COUNT(support_tickets.ticket_id) AS ticket_count
  FROM support_tickets
  GROUP BY
    CAST(DATE_TRUNC('MONTH', support_tickets.created_ts) AS DATE)
), group_keys AS (
  SELECT
    metric_time__month
  FROM orders_agg
  UNION
  SELECT
    metric_time__month
  FROM returns_agg
  UNION
  SELECT
    metric_time__month
  FROM customers_agg
  UNION
  SELECT
    metric_time__month
  FROM support_tickets_agg
)
SELECT
  group_keys.metric_time__month AS metric_time__month,
  COALESCE(orders_agg.revenue, 0) - COALESCE(returns_agg.refund_amount, 0) AS net_revenue,
  COALESCE(customers_agg.customer_count, 0) AS customer_count,
  COALESCE(support_tickets_agg.ticket_count, 0) AS ticket_count
FROM group_keys
LEFT JOIN orders_agg
  ON group_keys.metric_time__month IS NOT DISTINCT FROM orders_agg.metric_time__month
LEFT JOIN returns_agg
  ON group_keys.metric_time__month IS NOT DISTINCT FROM returns_agg.metric_time__month
LEFT JOIN customers_agg
  ON group_keys.metric_time__month IS NOT DISTINCT FROM customers_agg.metric_time__month
LEFT JOIN support_tickets_agg
  ON group_keys.metric_time__month IS NOT DISTINCT FROM support_tickets_agg.metric_time__month
ORDER BY
  metric_time__month
