SELECT customer,
       SUM(amount) AS total
FROM totals_input
GROUP BY customer
