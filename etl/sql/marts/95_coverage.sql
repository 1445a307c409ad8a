-- mart_coverage_monthly: what the warehouse holds, per series and calendar month, for the Data page's coverage
-- picture and for anyone asking "is this gap in the data or in the gas?". status:
--   'held'             every day of the month (to yesterday) has a value
--   'partial'          some days have one
--   'IEA monthly'      no per-point daily value, but the IEA's monthly flow for this border and direction
--   'route-level only' no per-point value, but a route series (Bruegel) covers the route this point belongs to
--   'missing'          nothing held: a refresh fills it where the source publishes it
--   'before series'    before the point's validFrom (data/reference/points.csv), or before 2015 (ENTSOG here)
--   'series ended'     after the point's validTo
-- Series: ENTSOG physical points × direction (each counted once, as in mart_point_flow_daily) and AGSI+ areas;
-- electricity (source 'power', route 'power'): each border × direction of the hourly physical flows from 16 Mar 2022
-- ('held' = every hour to yesterday, held_pct = share of hours; days_held = days with an hour) and the reported
-- monthly trade (a month is 'held' when the register has a row for it); strikes (source 'strikes', route 'strikes'):
-- the strike register from Feb 2022 (a month with a registered strike is 'held', else 'missing': none registered)
-- and the daily missile/drone counts from 28 Sep 2022 (days with a count). held_pct: share of the month held.
CREATE OR REPLACE VIEW mart_coverage_monthly AS
WITH months AS (
    SELECT CAST(m AS DATE) AS month,
           date_diff('day', CAST(m AS DATE), least(last_day(CAST(m AS DATE)), current_date - 1)) + 1 AS expected
    FROM generate_series(DATE '2008-10-01', CAST(date_trunc('month', current_date - 1) AS DATE),
                         INTERVAL 1 MONTH) t(m)
),
point_series AS (
    SELECT physical_point_key, flow_direction,
           any_value(physical_point_label) AS label,
           any_value(neighbour_country) AS neighbour,
           any_value(route) AS route,
           CASE WHEN bool_or(valid_from IS NULL) THEN NULL ELSE min(valid_from) END AS valid_from,
           CASE WHEN bool_or(valid_to IS NULL) THEN NULL ELSE max(valid_to) END AS valid_to
    FROM ref_point WHERE priority > 0 GROUP BY ALL
),
point_held AS (
    SELECT point_key AS physical_point_key, direction AS flow_direction,
           CAST(date_trunc('month', gas_day) AS DATE) AS month, count(*) AS days_held
    FROM mart_point_flow_daily GROUP BY ALL
),
iea_months AS (
    SELECT DISTINCT month, neighbour_country, direction FROM mart_iea_border_monthly
),
route_months AS (
    SELECT series, CAST(date_trunc('month', gas_day) AS DATE) AS month
    FROM fact_route_daily WHERE flow_mcm_published IS NOT NULL GROUP BY ALL
),
points AS (
    SELECT 'entsog' AS source, s.physical_point_key || ' ' || s.flow_direction AS series, s.label AS series_label,
           s.neighbour, s.flow_direction AS direction, s.route, m.month, m.expected,
           coalesce(h.days_held, 0) AS days_held, greatest(s.valid_from, DATE '2015-01-01') AS valid_from, s.valid_to,
           CASE WHEN s.route = 'ua_border' AND s.flow_direction = 'from_ua' AND s.neighbour IN ('SK', 'HU', 'PL', 'RO')
                     THEN 'ukraine_transit'
                WHEN s.physical_point_key = 'ITP-00184' THEN 'sudzha_entry'
                WHEN s.route IN ('nord_stream', 'yamal_belarus', 'turkstream') THEN s.route END AS route_series
    FROM point_series s CROSS JOIN months m
    LEFT JOIN point_held h ON h.physical_point_key = s.physical_point_key AND h.flow_direction = s.flow_direction
                          AND h.month = m.month
),
areas AS (
    SELECT 'agsi' AS source, a.area_code AS series, a.area_code AS series_label, a.area_code AS neighbour,
           NULL AS direction, 'storage' AS route, m.month, m.expected, count(f.gas_day) AS days_held,
           NULL::DATE AS valid_from, NULL::DATE AS valid_to, NULL AS route_series
    FROM (SELECT DISTINCT area_code FROM fact_agsi_storage) a CROSS JOIN months m
    LEFT JOIN fact_agsi_storage f ON f.area_code = a.area_code AND date_trunc('month', f.gas_day) = m.month
    WHERE m.month >= DATE '2016-01-01'
    GROUP BY ALL
),
power_months AS (
    SELECT month, expected,
           date_diff('day', greatest(month, DATE '2022-03-16'),
                     least(last_day(month), current_date - 1)) + 1 AS days_since_sync
    FROM months WHERE month >= DATE '2022-03-01'
),
power_held AS (
    SELECT neighbour_country, direction, CAST(date_trunc('month', hour_utc) AS DATE) AS month,
           count(*) AS hours_held, count(DISTINCT CAST(hour_utc AS DATE)) AS days_held
    FROM mart_power_flow_hourly WHERE CAST(hour_utc AS DATE) < current_date GROUP BY ALL
),
power AS (
    SELECT 'power' AS source, b.neighbour || ' ' || b.direction AS series, b.neighbour || ' ' || b.direction
               AS series_label, b.neighbour, 'power' AS route, m.month, coalesce(h.days_held, 0) AS days_held,
           m.days_since_sync AS days_expected,
           100.0 * coalesce(h.hours_held, 0) / (24 * m.days_since_sync) AS held_pct
    FROM (SELECT * FROM (VALUES ('PL'), ('SK'), ('HU'), ('RO'), ('MD')) n(neighbour),
                        (VALUES ('to_ua'), ('from_ua')) d(direction)) b
    CROSS JOIN power_months m
    LEFT JOIN power_held h ON h.neighbour_country = b.neighbour AND h.direction = b.direction AND h.month = m.month
    UNION ALL
    SELECT 'power', 'reported trade', 'reported trade (monthly)', 'UA', 'power', m.month,
           CASE WHEN r.month IS NULL THEN 0 ELSE m.expected END, m.expected, CASE WHEN r.month IS NULL THEN 0 ELSE 100 END
    FROM months m
    LEFT JOIN (SELECT DISTINCT CAST(month || '-01' AS DATE) AS month FROM ref_power_trade_reported) r USING (month)
    WHERE m.month >= DATE '2022-03-01'
),
strikes AS (
    SELECT 'strikes' AS source, 'strike register' AS series, 'strikes registered (energy assets)' AS series_label,
           'UA' AS neighbour, 'strikes' AS route, m.month, CASE WHEN s.month IS NULL THEN 0 ELSE m.expected END
               AS days_held, m.expected AS days_expected, CASE WHEN s.month IS NULL THEN 0 ELSE 100 END AS held_pct
    FROM months m
    LEFT JOIN (SELECT DISTINCT CAST(date_trunc('month', strike_date) AS DATE) AS month FROM ref_energy_strike) s
           USING (month)
    WHERE m.month >= DATE '2022-02-01'
    UNION ALL
    SELECT 'strikes', 'air attacks', 'missiles and drones launched (daily counts)', 'UA', 'strikes', m.month,
           count(a.day), m.days_since, 100.0 * count(a.day) / m.days_since
    FROM (SELECT month, expected, date_diff('day', greatest(month, DATE '2022-09-28'),
                                           least(last_day(month), current_date - 1)) + 1 AS days_since
          FROM months WHERE month >= DATE '2022-09-01') m
    LEFT JOIN fact_air_attack_daily a ON CAST(date_trunc('month', a.day) AS DATE) = m.month AND a.day < current_date
    GROUP BY m.month, m.days_since
)
SELECT c.source, c.series, c.series_label, c.neighbour, c.route, c.month, c.days_held, c.expected AS days_expected,
       CASE WHEN c.days_held >= c.expected THEN 'held'
            WHEN c.days_held > 0 THEN 'partial'
            WHEN i.month IS NOT NULL THEN 'IEA monthly'
            WHEN c.valid_from IS NOT NULL AND last_day(c.month) < c.valid_from THEN 'before series'
            WHEN c.valid_to IS NOT NULL AND c.month > c.valid_to THEN 'series ended'
            WHEN r.series IS NOT NULL THEN 'route-level only'
            ELSE 'missing' END AS status,
       100.0 * least(c.days_held, c.expected) / c.expected AS held_pct
FROM (SELECT * FROM points UNION ALL SELECT * FROM areas) c
LEFT JOIN iea_months i ON c.source = 'entsog' AND i.month = c.month AND i.neighbour_country = c.neighbour
     AND i.direction = c.direction AND c.route = 'ua_border'
LEFT JOIN route_months r ON r.series = c.route_series AND r.month = c.month
UNION ALL
SELECT source, series, series_label, neighbour, route, month, days_held, days_expected,
       CASE WHEN held_pct >= 100 THEN 'held' WHEN held_pct > 0 THEN 'partial' ELSE 'missing' END AS status,
       least(held_pct, 100) AS held_pct
FROM (SELECT * FROM power UNION ALL SELECT * FROM strikes);
