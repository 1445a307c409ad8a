-- mart_iea_border_monthly: IEA Gas Trade Flows at Ukraine's borders by month, neighbour and direction, in m³ at
-- 20 °C (the IEA's m³ re-based, etl/units.py). neighbour_country 'XX' = the IEA's "Not Elsewhere Specified".
CREATE OR REPLACE VIEW mart_iea_border_monthly AS
SELECT month,
       CASE WHEN entry_code = 'UA' THEN exit_code ELSE entry_code END AS neighbour_country,
       CASE WHEN entry_code = 'UA' THEN 'to_ua' ELSE 'from_ua' END AS direction,
       sum(flow_mcm_published) AS flow_mcm_published,
       iea_mcm_to_20c(sum(flow_mcm_published)) AS flow_mcm,
       string_agg(DISTINCT border_point, ', ' ORDER BY border_point) AS border_points
FROM fact_iea_border_monthly
WHERE (entry_code = 'UA' OR exit_code = 'UA') AND flow_mcm_published >= 0
GROUP BY ALL;

-- mart_border_flow_monthly: gas across Ukraine's borders by month, neighbour (incl. RU, BY, MD) and direction, each
-- border-month counted once, from the best source that has it:
--   'ENTSOG'                 the month is complete in the per-point daily data (days held ≥ days in month − 2);
--   'IEA'                    ENTSOG has no series or an incomplete month, and the IEA has a usable value;
--   'ENTSOG (partial month)' ENTSOG is incomplete and the IEA has nothing usable: the days held, summed;
--   'route series'           neither: Bruegel's route totals (transit to the EU as one 'EU' row, the Sudzha entry).
-- An IEA value is not usable where it is 0 while ENTSOG or a route series shows flow that month, or where it
-- repeats the month before exactly while ENTSOG shows a different flow — the IEA's way of marking a month it did
-- not fully collect (Methodology page). flow_mcm is m³ at 20 °C; flow_gwh converts IEA months at 10.55 kWh/m³.
CREATE OR REPLACE VIEW mart_border_flow_monthly AS
WITH entsog AS (
    SELECT CAST(date_trunc('month', gas_day) AS DATE) AS month, neighbour_country, direction,
           sum(flow_mcm) AS flow_mcm, sum(flow_gwh) AS flow_gwh, count(DISTINCT gas_day) AS days_held
    FROM mart_border_flow_daily GROUP BY ALL
),
iea AS (
    SELECT *, lag(flow_mcm_published) OVER (PARTITION BY neighbour_country, direction ORDER BY month) AS previous
    FROM mart_iea_border_monthly
),
routes AS (
    SELECT CAST(date_trunc('month', gas_day) AS DATE) AS month,
           CASE series WHEN 'ukraine_transit' THEN 'EU' ELSE 'RU' END AS neighbour_country,
           CASE series WHEN 'ukraine_transit' THEN 'from_ua' ELSE 'to_ua' END AS direction,
           sum(flow_mcm) AS flow_mcm, sum(flow_gwh) AS flow_gwh, count(*) AS days_held
    FROM mart_route_daily WHERE series IN ('ukraine_transit', 'sudzha_entry') GROUP BY ALL
),
route_flow AS (  -- is there flow on the route this border belongs to, that month?
    SELECT month, direction, neighbour_country AS route_neighbour, flow_mcm > 0 AS flowing FROM routes
),
keys AS (
    SELECT month, neighbour_country, direction FROM entsog
    UNION SELECT month, neighbour_country, direction FROM iea
),
judged AS (
    SELECT k.month, k.neighbour_country, k.direction,
           e.flow_mcm AS entsog_mcm, e.flow_gwh AS entsog_gwh, coalesce(e.days_held, 0) AS days_held,
           day(last_day(k.month)) AS days_in_month,
           i.flow_mcm AS iea_mcm, i.flow_mcm_published AS iea_published,
           CASE WHEN i.flow_mcm IS NULL THEN 'none'
                WHEN i.flow_mcm = 0 AND (coalesce(e.flow_mcm, 0) > 0 OR coalesce(r.flowing, FALSE))
                    THEN 'zero while another source shows flow'
                WHEN i.flow_mcm > 0 AND i.flow_mcm_published = i.previous AND e.flow_mcm IS NOT NULL
                     AND abs(e.flow_mcm * day(last_day(k.month)) / e.days_held - i.flow_mcm) > 0.05 * i.flow_mcm
                    THEN 'repeats the month before'
                ELSE 'usable' END AS iea_status
    FROM keys k
    LEFT JOIN entsog e USING (month, neighbour_country, direction)
    LEFT JOIN iea i USING (month, neighbour_country, direction)
    LEFT JOIN route_flow r ON r.month = k.month AND r.direction = k.direction
         AND ((k.direction = 'from_ua' AND k.neighbour_country IN ('SK', 'HU', 'PL', 'RO') AND r.route_neighbour = 'EU')
              OR (k.direction = 'to_ua' AND k.neighbour_country = 'RU' AND r.route_neighbour = 'RU'))
),
chosen AS (
    SELECT month, neighbour_country, direction, days_held, days_in_month, iea_mcm, iea_status,
           CASE WHEN days_held >= days_in_month - 2 THEN 'ENTSOG'
                WHEN iea_status = 'usable' THEN 'IEA'
                WHEN days_held > 0 THEN 'ENTSOG (partial month)' END AS basis,
           CASE WHEN days_held >= days_in_month - 2 THEN entsog_mcm
                WHEN iea_status = 'usable' THEN iea_mcm
                WHEN days_held > 0 THEN entsog_mcm END AS flow_mcm,
           CASE WHEN days_held >= days_in_month - 2 THEN entsog_gwh
                WHEN iea_status = 'usable' THEN mcm_to_gwh(iea_mcm)
                WHEN days_held > 0 THEN entsog_gwh END AS flow_gwh
    FROM judged
),
route_only AS (  -- route totals for months no border of that route has from ENTSOG or IEA
    SELECT r.month, r.neighbour_country, r.direction, r.days_held, day(last_day(r.month)) AS days_in_month,
           NULL::DOUBLE AS iea_mcm, 'none' AS iea_status, 'route series' AS basis, r.flow_mcm, r.flow_gwh
    FROM routes r
    WHERE NOT EXISTS (
        SELECT 1 FROM chosen c WHERE c.month = r.month AND c.direction = r.direction AND c.basis IS NOT NULL
          AND ((r.neighbour_country = 'EU' AND c.neighbour_country IN ('SK', 'HU', 'PL', 'RO'))
               OR (r.neighbour_country = 'RU' AND c.neighbour_country = 'RU')))
)
SELECT month, neighbour_country, direction, flow_mcm, flow_gwh, basis, days_held, days_in_month, iea_mcm,
       iea_status
FROM chosen WHERE basis IS NOT NULL
UNION ALL
SELECT month, neighbour_country, direction, flow_mcm, flow_gwh, basis, days_held, days_in_month, iea_mcm,
       iea_status
FROM route_only;
