-- Merchandise on offer per film category, beside what the category's rentals brought in.
SELECT m.category, m.products, m.avg_price, r.revenue AS rental_revenue
FROM (
  SELECT category, COUNT(*) AS products, AVG(CAST(price AS DOUBLE)) AS avg_price
  FROM products
  GROUP BY category
) m
JOIN (
  SELECT f.category, SUM(p.amount) AS revenue
  FROM payments p
  JOIN rentals r ON p.rental_id = r.rental_id
  JOIN films f ON r.film_id = f.film_id
  GROUP BY f.category
) r ON m.category = r.category
