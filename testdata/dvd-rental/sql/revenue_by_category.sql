-- Revenue per film category: payments → rentals → films (with their category).
SELECT f.category, SUM(p.amount) AS revenue, COUNT(*) AS payments
FROM payments p
JOIN rentals r ON p.rental_id = r.rental_id
JOIN films f ON r.film_id = f.film_id
GROUP BY f.category
