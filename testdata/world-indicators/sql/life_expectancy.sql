-- Life expectancy at birth per country and year (the WDI indicator), for the report's trend chart.
SELECT REF_AREA,
       TIME_PERIOD,
       OBS_VALUE AS life_expectancy
FROM indicators
WHERE `INDICATOR` = 'WB_WDI_SP_DYN_LE00_IN'
