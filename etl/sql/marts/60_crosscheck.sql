-- mart_crosscheck_gtsou: the warehouse's annual flows next to the figures the Ukrainian TSO published.
-- Warehouse volumes are bcm at 20 °C from ENTSOG energy (measured GCV where published, else 10.55 kWh/m³);
-- days_held says how complete the warehouse's year is.
CREATE OR REPLACE VIEW mart_crosscheck_gtsou AS
WITH flows AS (
    SELECT year(gas_day) AS year,
           CASE direction WHEN 'from_ua' THEN 'transit' ELSE 'imports' END AS measure,
           neighbour_country AS country,
           sum(flow_mcm) / 1000 AS bcm,
           count(DISTINCT gas_day) AS days_held
    FROM mart_border_flow_daily
    WHERE neighbour_country IN ('SK', 'HU', 'PL', 'RO', 'MD')
    GROUP BY ALL
),
totals AS (
    SELECT year, measure, country, bcm, days_held FROM flows
    UNION ALL
    SELECT year, measure, 'EU', sum(bcm), max(days_held) FROM flows WHERE country <> 'MD' GROUP BY year, measure
    UNION ALL
    SELECT year, measure, 'ALL', sum(bcm), max(days_held) FROM flows GROUP BY year, measure
)
SELECT g.year, g.measure, g.country, g.bcm AS gtsou_bcm, round(t.bcm, 2) AS warehouse_bcm,
       round(100 * (t.bcm - g.bcm) / g.bcm, 1) AS difference_pct, t.days_held, g.source_url, g.note
FROM ref_gtsou_annual g
LEFT JOIN totals t USING (year, measure, country)
ORDER BY g.measure DESC, g.year, g.country;
