-- Per country and indicator: the seed project's Athena table stats_country_indicator.
-- A country with no value for an indicator gets no row.
SELECT DATABASE_ID,
       REF_AREA,
       `INDICATOR`,
       AVG(OBS_VALUE)    AS avg_val,
       MEDIAN(OBS_VALUE) AS median_val,
       MIN(OBS_VALUE)    AS min_val,
       MAX(OBS_VALUE)    AS max_val,
       COUNT(OBS_VALUE)  AS count_obs
FROM indicators
WHERE OBS_VALUE IS NOT NULL
GROUP BY DATABASE_ID, REF_AREA, `INDICATOR`
