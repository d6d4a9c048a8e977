-- {"metrics":["refund_amount"],"group_by":["return_reason"],"filters":[],"order_by":[{"field":"refund_amount","desc":true}]}
WITH returns_agg AS (
  SELECT
    returns.return_reason AS return_reason,
    SUM(returns.refund_amount) AS refund_amount
  FROM returns
  GROUP BY
    returns.return_reason
)
SELECT
  returns_agg.return_reason AS return_reason,
  returns_agg.refund_amount AS refund_amount
FROM returns_agg
ORDER BY
  refund_amount DESC,
  return_reason
