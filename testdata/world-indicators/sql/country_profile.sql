-- One row per country: the average of each of the three indicators (null where a country lacks one).
SELECT REF_AREA,
       AVG(CASE WHEN `INDICATOR` = 'WB_WDI_SP_DYN_LE00_IN' THEN OBS_VALUE END) AS life_expectancy,
       AVG(CASE WHEN `INDICATOR` = 'WB_ESG_EN_ATM_CO2E_PC' THEN OBS_VALUE END) AS co2_per_capita,
       AVG(CASE WHEN `INDICATOR` = 'WB_SE4ALL_EG_ELC_ACCS_ZS' THEN OBS_VALUE END) AS electricity_access
FROM indicators
GROUP BY REF_AREA
