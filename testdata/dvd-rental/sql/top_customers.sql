-- The ten customers who paid the most. Beam SQL cannot sort by a DECIMAL column (docs/sql.md), so
-- this table's revenue is a double: exact enough for sums of cents, and what the ranking needs.
SELECT c.customer_id, c.first_name, c.last_name, c.country,
       CAST(SUM(p.amount) AS DOUBLE) AS revenue, COUNT(*) AS payments
FROM payments p
JOIN customers c ON p.customer_id = c.customer_id
GROUP BY c.customer_id, c.first_name, c.last_name, c.country
ORDER BY revenue DESC, customer_id
LIMIT 10
