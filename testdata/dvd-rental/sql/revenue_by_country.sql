-- Revenue per customer country.
SELECT c.country, SUM(p.amount) AS revenue, COUNT(DISTINCT c.customer_id) AS customers
FROM payments p
JOIN customers c ON p.customer_id = c.customer_id
GROUP BY c.country
