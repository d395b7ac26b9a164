SELECT order_id
FROM totals_input
WHERE amount >
