-- mart_crosscheck_gtsou: per border (or group) and year, the figure the Ukrainian TSO published next to what the
-- warehouse holds — its best value (mart_border_flow_monthly: ENTSOG complete months, else IEA, else route totals),
-- and the two physical sources on their own (ENTSOG per-point daily sums, IEA Gas Trade Flows). The TSO's figures
-- are commercial: imports include virtual reverse (gas bought in the EU and delivered by netting against transit,
-- which no physical meter sees). bcm at 20 °C; `basis` lists what the warehouse value rests on.
CREATE OR REPLACE VIEW mart_crosscheck_gtsou AS
WITH groups AS (  -- each country on its own, and the groups the TSO reports
    SELECT * FROM (VALUES ('SK', 'SK'), ('HU', 'HU'), ('PL', 'PL'), ('RO', 'RO'), ('MD', 'MD'),
                          ('EU', 'SK'), ('EU', 'HU'), ('EU', 'PL'), ('EU', 'RO'), ('EU', 'EU'),
                          ('ALL', 'SK'), ('ALL', 'HU'), ('ALL', 'PL'), ('ALL', 'RO'), ('ALL', 'EU'), ('ALL', 'MD'))
        g(country, member)
),
best AS (
    SELECT year(b.month) AS year, CASE b.direction WHEN 'from_ua' THEN 'transit' ELSE 'imports' END AS measure,
           g.country, mcm_to_bcm(sum(b.flow_mcm)) AS bcm, count(DISTINCT b.month) AS months,
           string_agg(DISTINCT b.basis, ' + ' ORDER BY b.basis) AS basis
    FROM mart_border_flow_monthly b JOIN groups g ON g.member = b.neighbour_country
    GROUP BY ALL
),
entsog AS (
    SELECT year(d.gas_day) AS year, CASE d.direction WHEN 'from_ua' THEN 'transit' ELSE 'imports' END AS measure,
           g.country, mcm_to_bcm(sum(d.flow_mcm)) AS bcm, count(DISTINCT d.gas_day) AS days_held
    FROM mart_border_flow_daily d JOIN groups g ON g.member = d.neighbour_country
    GROUP BY ALL
),
iea AS (
    SELECT year(i.month) AS year, CASE i.direction WHEN 'from_ua' THEN 'transit' ELSE 'imports' END AS measure,
           g.country, mcm_to_bcm(sum(i.flow_mcm)) AS bcm
    FROM mart_iea_border_monthly i JOIN groups g ON g.member = i.neighbour_country
    GROUP BY ALL
)
SELECT g.year, g.measure, g.country, g.bcm AS gtsou_bcm,
       round(b.bcm, 2) AS warehouse_bcm, round(100 * (b.bcm - g.bcm) / g.bcm, 1) AS difference_pct,
       b.months AS months_held, b.basis,
       round(e.bcm, 2) AS entsog_bcm, e.days_held AS entsog_days, round(i.bcm, 2) AS iea_bcm,
       CASE g.measure WHEN 'imports' THEN 'commercial (incl. virtual reverse)'
                      ELSE 'commercial (transit contracts)' END AS tso_basis,
       g.why, g.source_url, g.note
FROM ref_gtsou_annual g
LEFT JOIN best b USING (year, measure, country)
LEFT JOIN entsog e USING (year, measure, country)
LEFT JOIN iea i USING (year, measure, country)
ORDER BY g.measure DESC, g.year, g.country;
