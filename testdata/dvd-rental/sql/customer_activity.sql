-- One row per customer who rented: how often (rentals), how much (spend, from the payments) and how
-- recently (days from the customer's last rental to the last rental in the data), the three features
-- of the customer_segments model. Doubles, as the model reads numbers; spend is exact to the cent.
WITH activity AS (
  SELECT customer_id, COUNT(*) AS rentals, MAX(rental_date) AS last_rental, 1 AS join_key
  FROM rentals
  GROUP BY customer_id
), spend AS (
  SELECT customer_id, CAST(SUM(amount) AS DOUBLE) AS spend
  FROM payments
  GROUP BY customer_id
), latest AS (
  SELECT MAX(rental_date) AS latest_rental, 1 AS join_key FROM rentals
)
SELECT a.customer_id, CAST(a.rentals AS DOUBLE) AS rentals, COALESCE(s.spend, 0.0) AS spend,
       CAST(TIMESTAMPDIFF(DAY, a.last_rental, l.latest_rental) AS DOUBLE) AS recency_days
FROM activity a
JOIN latest l ON a.join_key = l.join_key
LEFT JOIN spend s ON a.customer_id = s.customer_id
