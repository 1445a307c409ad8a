-- mart_storage_daily: AGSI+ storage per gas day and area, with volumes in bcm (20 °C, default GCV).
CREATE OR REPLACE VIEW mart_storage_daily AS
SELECT gas_day,
       area_code,
       area_name,
       gas_in_storage_twh,
       twh_to_bcm(gas_in_storage_twh) AS gas_in_storage_bcm,
       working_gas_volume_twh,
       full_pct,
       injection_gwh,
       withdrawal_gwh,
       coalesce(net_withdrawal_gwh, withdrawal_gwh - injection_gwh) AS net_withdrawal_gwh,
       withdrawal_capacity_gwh,
       consumption_twh_per_year,
       status,
       source
FROM fact_agsi_storage
WHERE status IS DISTINCT FROM 'N';

-- mart_storage_band: each day next to the same calendar day of the previous five years (min / mean / max),
-- the band analysts use to judge whether storage is unusually low.
CREATE OR REPLACE VIEW mart_storage_band AS
SELECT s.area_code,
       s.gas_day,
       s.gas_in_storage_twh,
       s.full_pct,
       min(p.gas_in_storage_twh) AS band_min_twh,
       avg(p.gas_in_storage_twh) AS band_mean_twh,
       max(p.gas_in_storage_twh) AS band_max_twh,
       min(p.full_pct) AS band_min_pct,
       avg(p.full_pct) AS band_mean_pct,
       max(p.full_pct) AS band_max_pct,
       count(DISTINCT year(p.gas_day)) AS band_years
FROM mart_storage_daily s
LEFT JOIN mart_storage_daily p
       ON p.area_code = s.area_code
      AND month(p.gas_day) = month(s.gas_day) AND day(p.gas_day) = day(s.gas_day)
      AND year(p.gas_day) BETWEEN year(s.gas_day) - 5 AND year(s.gas_day) - 1
      AND NOT (month(s.gas_day) = 2 AND day(s.gas_day) = 29)  -- a leap day has at most one earlier match: no band
GROUP BY s.area_code, s.gas_day, s.gas_in_storage_twh, s.full_pct;

-- mart_storage_outlook: per area, the newest day, the mean net withdrawal of its last 7 days, and days of cover
-- at that rate (NULL when storage is filling).
CREATE OR REPLACE VIEW mart_storage_outlook AS
WITH latest AS (
    SELECT area_code, max(gas_day) AS last_day FROM mart_storage_daily GROUP BY area_code
),
recent AS (
    SELECT d.area_code, avg(d.net_withdrawal_gwh) AS net_withdrawal_7d_gwh
    FROM mart_storage_daily d JOIN latest l USING (area_code)
    WHERE d.gas_day > l.last_day - 7 GROUP BY d.area_code
)
SELECT l.area_code, l.last_day, d.gas_in_storage_twh, d.working_gas_volume_twh, d.full_pct,
       r.net_withdrawal_7d_gwh,
       CASE WHEN r.net_withdrawal_7d_gwh > 0
            THEN twh_to_gwh(d.gas_in_storage_twh) / r.net_withdrawal_7d_gwh END AS days_of_cover
FROM latest l
JOIN mart_storage_daily d ON d.area_code = l.area_code AND d.gas_day = l.last_day
LEFT JOIN recent r ON r.area_code = l.area_code;

-- storage_floor_date(stock_twh, floor_twh, rate_gwh_per_day, from_day): the day storage reaches a floor at a
-- constant net withdrawal rate; NULL when the rate is not a withdrawal or the stock is already below the floor.
CREATE OR REPLACE MACRO storage_floor_date(stock_twh, floor_twh, rate_gwh_per_day, from_day) AS
    CASE WHEN rate_gwh_per_day > 0 AND stock_twh > floor_twh
         THEN CAST(from_day AS DATE)
              + CAST(floor(twh_to_gwh(stock_twh - floor_twh) / rate_gwh_per_day) AS INTEGER) END;

-- mart_storage_target: the EU filling targets (ref_storage_target) as dated points for each year in the data.
CREATE OR REPLACE VIEW mart_storage_target AS
WITH years AS (SELECT DISTINCT area_code, year(gas_day) AS year FROM mart_storage_daily)
SELECT y.area_code, make_date(y.year, t.target_month, t.target_day) AS target_day, t.full_pct,
       t.legal_basis, t.source_url
FROM years y
JOIN ref_storage_target t
  ON (t.area_code = y.area_code) AND (t.year = y.year OR (t.year IS NULL AND y.year >= 2023));

-- mart_ua_storage_reported: Ukraine's storage as reported (ref_ua_storage_reported), with a TWh equivalent at the
-- default GCV so it can sit beside AGSI+ (which publishes energy). `season` is the gas year it belongs to
-- (April–March: a figure of 1 Nov 2024 and one of 1 Apr 2025 are both season 2024/25).
CREATE OR REPLACE VIEW mart_ua_storage_reported AS
SELECT report_id, as_of, date_reported, measure, value_bcm,
       bcm_to_twh(value_bcm) AS value_twh,
       qualifier, counts, reported_by, source_url, note, counts_uk, reported_by_uk,
       CASE WHEN month(as_of) >= 4 THEN year(as_of) ELSE year(as_of) - 1 END || '/'
           || right(CAST(CASE WHEN month(as_of) >= 4 THEN year(as_of) + 1 ELSE year(as_of) END AS VARCHAR), 2)
           AS season
FROM ref_ua_storage_reported;

-- mart_ua_storage_latest: the newest stock Ukraine's storage is known at, from AGSI+ or from a report, and which
-- one is newer — what the winter outlook starts from when AGSI+ has no recent days.
CREATE OR REPLACE VIEW mart_ua_storage_latest AS
WITH agsi AS (SELECT last_day, gas_in_storage_twh FROM mart_storage_outlook WHERE area_code = 'UA'),
reported AS (
    SELECT as_of, value_bcm, value_twh, qualifier, counts, reported_by, source_url, counts_uk, reported_by_uk
    FROM mart_ua_storage_reported WHERE measure = 'stock' ORDER BY as_of DESC LIMIT 1
)
SELECT a.last_day AS agsi_day, a.gas_in_storage_twh AS agsi_twh,
       r.as_of AS reported_day, r.value_bcm AS reported_bcm, r.value_twh AS reported_twh, r.qualifier, r.counts,
       r.reported_by, r.source_url, r.counts_uk, r.reported_by_uk,
       CASE WHEN r.as_of IS NOT NULL AND (a.last_day IS NULL OR r.as_of > a.last_day) THEN 'reported'
            WHEN a.last_day IS NOT NULL THEN 'agsi' END AS newest
FROM (SELECT 1) one
LEFT JOIN agsi a ON TRUE
LEFT JOIN reported r ON TRUE;
