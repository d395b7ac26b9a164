-- The ten customers who paid the most.
SELECT c.customer_id, c.first_name, c.last_name, c.country, SUM(p.amount) AS revenue, COUNT(*) AS payments
FROM payments p
JOIN customers c ON p.customer_id = c.customer_id
GROUP BY c.customer_id, c.first_name, c.last_name, c.country
ORDER BY revenue DESC, c.customer_id
LIMIT 10
