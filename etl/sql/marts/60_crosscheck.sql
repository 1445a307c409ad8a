-- mart_crosscheck_gtsou: the warehouse's annual flows next to the figures the Ukrainian TSO published.
-- Warehouse volumes are bcm at 20 °C from ENTSOG energy (measured GCV where published, else 10.55 kWh/m³).
-- Transit to the EU as a whole is answered by mart_transit_daily (per-point data, else Bruegel's route total);
-- everything else by the per-point border flows. `basis` says which; days_held how complete the year is.
CREATE OR REPLACE VIEW mart_crosscheck_gtsou AS
WITH flows AS (
    SELECT year(gas_day) AS year,
           CASE direction WHEN 'from_ua' THEN 'transit' ELSE 'imports' END AS measure,
           neighbour_country AS country,
           sum(flow_mcm) / 1000 AS bcm,
           count(DISTINCT gas_day) AS days_held,
           'ENTSOG points' AS basis
    FROM mart_border_flow_daily
    WHERE neighbour_country IN ('SK', 'HU', 'PL', 'RO', 'MD')
    GROUP BY ALL
),
eu_transit AS (
    SELECT year(gas_day) AS year, 'transit' AS measure, 'EU' AS country, sum(eu_exit_mcm) / 1000 AS bcm,
           count(*) AS days_held, string_agg(DISTINCT eu_exit_basis, ' + ' ORDER BY eu_exit_basis) AS basis
    FROM mart_transit_daily WHERE eu_exit_mcm IS NOT NULL GROUP BY ALL
),
totals AS (
    SELECT year, measure, country, bcm, days_held, basis FROM flows
    UNION ALL
    SELECT * FROM eu_transit
    UNION ALL
    SELECT year, measure, 'EU', sum(bcm), max(days_held), 'ENTSOG points' FROM flows
    WHERE country <> 'MD' AND measure = 'imports' GROUP BY year, measure
    UNION ALL
    SELECT e.year, 'transit', 'ALL', e.bcm + coalesce(m.bcm, 0), e.days_held,
           e.basis || CASE WHEN m.bcm IS NULL THEN ' (no Moldova series)' ELSE '' END
    FROM eu_transit e LEFT JOIN flows m ON m.year = e.year AND m.measure = 'transit' AND m.country = 'MD'
    UNION ALL
    SELECT year, measure, 'ALL', sum(bcm), max(days_held), 'ENTSOG points' FROM flows
    WHERE measure = 'imports' GROUP BY year, measure
)
SELECT g.year, g.measure, g.country, g.bcm AS gtsou_bcm, round(t.bcm, 2) AS warehouse_bcm,
       round(100 * (t.bcm - g.bcm) / g.bcm, 1) AS difference_pct, t.days_held, t.basis, g.why, g.source_url, g.note
FROM ref_gtsou_annual g
LEFT JOIN totals t USING (year, measure, country)
ORDER BY g.measure DESC, g.year, g.country;
