-- Sakila's own check: GINA DEGENERES, 42 films.
SELECT a.actor_id, a.first_name, a.last_name, COUNT(*) AS films
FROM actors a
JOIN film_actors fa ON a.actor_id = fa.actor_id
GROUP BY a.actor_id, a.first_name, a.last_name
ORDER BY films DESC, a.actor_id
LIMIT 1
