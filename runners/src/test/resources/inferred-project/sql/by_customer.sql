SELECT customer, SUM(amount) AS total, COUNT(*) AS orders, MIN(ordered_on) AS first_order
FROM orders
GROUP BY customer
