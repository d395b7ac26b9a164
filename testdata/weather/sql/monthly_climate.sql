-- Per city and month: mean daily high, lowest low, highest high, total rain, days measured.
-- AVG, MIN, MAX and SUM skip missing (null) values; `days` counts every day.
SELECT city, country, `month`,
       AVG(temperature_2m_max) AS avg_max_c,
       MIN(temperature_2m_min) AS min_c,
       MAX(temperature_2m_max) AS max_c,
       SUM(precipitation_sum) AS precipitation_mm,
       COUNT(*) AS days
FROM daily
GROUP BY city, country, `month`
