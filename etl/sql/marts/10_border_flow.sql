-- mart_point_flow_daily: one row per gas day × physical point × direction, for every point of ref_point (Ukraine's
-- borders and the EU entry points of the Russian routes); mart_border_flow_daily keeps Ukraine's borders.
--
-- Double-counting rule (see data/reference/POINTS.md): every ENTSOG report (point × operator × direction) is
-- mapped in ref_point to the physical flow it measures. For each gas day and physical flow, only the reports with
-- the best (lowest) priority that carry a value that day are used, combined by the point's rule ('mean' of both
-- operators' reports, or 'max'). Priority-0 reports (sub-points that repeat a total) are never counted.
-- Volumes: mcm at 20 °C, from the ENTSOG GCV of the point and day when a plausible one is published, else the
-- default factor (etl/units.py).
CREATE OR REPLACE VIEW mart_point_flow_daily AS
WITH reports AS (
    SELECT f.gas_day, p.physical_point_key, p.physical_point_label, p.neighbour_country, p.flow_direction, p.route,
           p.priority, p.combine, f.value AS flow_kwh, f.flow_status, f.source,
           f.operator_key || ' ' || f.direction_key || ' @' || f.point_key AS report
    FROM fact_entsog_operational f
    JOIN ref_point p USING (point_key, operator_key, direction_key)
    WHERE f.indicator = 'Physical Flow' AND f.value IS NOT NULL AND p.priority > 0
      AND f.gas_day >= coalesce(p.valid_from, DATE '1900-01-01')
      AND f.gas_day <= coalesce(p.valid_to, DATE '2999-12-31')
),
ranked AS (
    SELECT *, min(priority) OVER (PARTITION BY gas_day, physical_point_key, flow_direction) AS best_priority
    FROM reports
),
resolved AS (
    SELECT gas_day, physical_point_key, flow_direction,
           any_value(physical_point_label) AS point_label,
           any_value(neighbour_country) AS neighbour_country,
           any_value(route) AS route,
           CASE WHEN any_value(combine) = 'max' THEN max(flow_kwh) ELSE avg(flow_kwh) END AS flow_kwh,
           CASE WHEN bool_or(flow_status = 'Provisional') THEN 'Provisional'
                WHEN bool_and(flow_status = 'Confirmed') THEN 'Confirmed'
                ELSE 'Published' END AS flow_status,
           count(*) AS reports_used,
           string_agg(report, ', ' ORDER BY report) AS reports,
           string_agg(DISTINCT source, ', ' ORDER BY source) AS sources
    FROM ranked
    WHERE priority = best_priority
    GROUP BY gas_day, physical_point_key, flow_direction
),
gcv AS (
    SELECT f.gas_day, p.physical_point_key, median(f.value) AS gcv_kwh_per_nm3
    FROM fact_entsog_operational f
    JOIN ref_point p USING (point_key, operator_key, direction_key)
    WHERE f.indicator = 'GCV' AND p.priority > 0
      AND f.value BETWEEN {{gcv_min_kwh_per_nm3}} AND {{gcv_max_kwh_per_nm3}}
    GROUP BY f.gas_day, p.physical_point_key
)
SELECT r.gas_day,
       r.physical_point_key AS point_key,
       r.point_label,
       r.neighbour_country,
       r.flow_direction AS direction,
       r.route,
       kwh_to_gwh(r.flow_kwh) AS flow_gwh,
       kwh_to_mcm(r.flow_kwh, coalesce(gcv_nm3_to_m3_20c(g.gcv_kwh_per_nm3), default_gcv_kwh_per_m3())) AS flow_mcm,
       coalesce(gcv_nm3_to_m3_20c(g.gcv_kwh_per_nm3), default_gcv_kwh_per_m3()) AS gcv_kwh_per_m3,
       CASE WHEN g.gcv_kwh_per_nm3 IS NULL THEN 'default' ELSE 'measured' END AS gcv_basis,
       r.flow_status,
       r.reports_used,
       r.reports,
       r.sources
FROM resolved r
LEFT JOIN gcv g ON g.gas_day = r.gas_day AND g.physical_point_key = r.physical_point_key;

-- mart_border_flow_daily: one row per gas day × physical point on Ukraine's border × direction (to_ua | from_ua).
CREATE OR REPLACE VIEW mart_border_flow_daily AS
SELECT * EXCLUDE (route) FROM mart_point_flow_daily WHERE route = 'ua_border';
