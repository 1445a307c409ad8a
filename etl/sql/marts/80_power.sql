-- Electricity: Ukraine's cross-border flows (physical, hourly: ENTSO-E A11 first, else Energy-Charts /cbpf), its
-- reported monthly trade (commercial: ExPro, DiXi/Energy Map …), and the ENTSO-E limit on imports and exports.
-- Measures stay apart: physical and reported rows sit side by side with `measure`, never one filling the other.
-- Energy: an hour's mean MW is that hour's MWh; mwh_to_gwh converts (00_units.sql).

-- mart_power_flow_hourly: one physical value per UTC hour, border and direction; `source` says whose.
CREATE OR REPLACE VIEW mart_power_flow_hourly AS
SELECT hour_utc, neighbour_country, direction, mw, source
FROM (
    SELECT hour_utc, neighbour_country, direction, mw, 'ENTSO-E' AS source, 1 AS rank
    FROM fact_entsoe_flow WHERE basis = 'physical' AND mw IS NOT NULL
    UNION ALL
    SELECT hour_utc, neighbour_country, direction, mw, 'Energy-Charts', 2
    FROM fact_energy_charts_flow WHERE basis = 'physical' AND mw IS NOT NULL
)
QUALIFY row_number() OVER (PARTITION BY hour_utc, neighbour_country, direction ORDER BY rank) = 1;

-- mart_power_border_daily: per Kyiv day (23 or 25 hours at the clock changes), border and direction: energy, mean
-- and peak hour, hours held.
CREATE OR REPLACE VIEW mart_power_border_daily AS
SELECT CAST((hour_utc AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Kyiv' AS DATE) AS day,
       neighbour_country, direction,
       mwh_to_gwh(sum(mw)) AS energy_gwh,
       avg(mw) AS mean_mw,
       max(mw) AS peak_mw,
       count(*) AS hours_held,
       'physical' AS basis,
       string_agg(DISTINCT source, ' + ' ORDER BY source) AS source
FROM mart_power_flow_hourly
GROUP BY ALL;

-- mart_power_limit_steps: each limit with the day it took effect and the day the next step replaced it.
CREATE OR REPLACE VIEW mart_power_limit_steps AS
SELECT effective_date, direction, limit_mw, qualifier, decided_by, source_url, note,
       lead(effective_date) OVER (PARTITION BY direction ORDER BY effective_date) AS replaced_on
FROM ref_power_import_limit
QUALIFY row_number() OVER (PARTITION BY direction, effective_date ORDER BY step_id) = 1;

-- mart_power_imports_monthly: month × neighbour × direction, physical (from the hourly flows held; `complete` when
-- every hour of the month is held for that border) and reported (one report per month, neighbour and direction:
-- ExPro's first, then DiXi/Energy Map's, then others; TOTAL where only the total was reported). Two figures are
-- derived from what a page states, never from another reporter's numbers, and a stated figure always wins:
-- - a neighbour's share (ref_power_trade_share) × the total the same reporter gave for that month (`share_pct`);
-- - a month's total from the next month's stated total and its stated change (ref_power_trade_change:
--   "twice as much as in February" → February = March ÷ 2; `change_factor`).
-- Both carry qualifier 'about': shares and changes are rounded on the page.
CREATE OR REPLACE VIEW mart_power_imports_monthly AS
WITH physical AS (
    SELECT CAST(date_trunc('month', day) AS DATE) AS month, neighbour_country, direction,
           sum(energy_gwh) AS energy_gwh, sum(hours_held) AS hours_held,
           string_agg(DISTINCT source, ' + ' ORDER BY source) AS source
    FROM mart_power_border_daily GROUP BY ALL
), stated AS (
    SELECT CAST(month || '-01' AS DATE) AS month, neighbour_country, direction, energy_gwh, qualifier, basis,
           reported_by, source_url, CAST(NULL AS DOUBLE) AS share_pct, CAST(NULL AS DOUBLE) AS change_factor
    FROM ref_power_trade_reported
    QUALIFY row_number() OVER (PARTITION BY month, neighbour_country, direction ORDER BY
        CASE WHEN reported_by ILIKE '%ExPro%' THEN 0 WHEN reported_by ILIKE '%DiXi%' THEN 1 ELSE 2 END,
        report_id) = 1
), from_share AS (
    SELECT t.month, s.neighbour_country, s.direction, t.energy_gwh * s.share_pct / 100 AS energy_gwh,
           'about' AS qualifier, t.basis, s.reported_by, s.source_url, s.share_pct, NULL
    FROM ref_power_trade_share s
    JOIN stated t ON t.month = CAST(s.month || '-01' AS DATE) AND t.direction = s.direction
                 AND t.neighbour_country = 'TOTAL' AND t.reported_by = s.reported_by
    WHERE NOT EXISTS (SELECT 1 FROM stated d WHERE d.month = t.month AND d.direction = s.direction
                                               AND d.neighbour_country = s.neighbour_country)
), from_change AS (
    SELECT CAST(c.compared_month || '-01' AS DATE) AS month, 'TOTAL' AS neighbour_country, c.direction,
           t.energy_gwh / c.factor AS energy_gwh, 'about' AS qualifier, t.basis, c.reported_by, c.source_url,
           NULL AS share_pct, c.factor
    FROM ref_power_trade_change c
    JOIN stated t ON t.month = CAST(c.month || '-01' AS DATE) AND t.direction = c.direction
                 AND t.neighbour_country = 'TOTAL' AND t.reported_by = c.reported_by
    WHERE NOT EXISTS (SELECT 1 FROM stated d WHERE d.month = CAST(c.compared_month || '-01' AS DATE)
                                               AND d.direction = c.direction AND d.neighbour_country = 'TOTAL')
), reported AS (
    SELECT * FROM stated UNION ALL SELECT * FROM from_share UNION ALL SELECT * FROM from_change
)
SELECT month, neighbour_country, direction, energy_gwh, 'physical' AS measure, 'physical' AS basis,
       'exact' AS qualifier, source, NULL AS source_url,
       hours_held >= 24 * day(last_day(month)) - 1 AS complete, CAST(NULL AS DOUBLE) AS share_pct,
       CAST(NULL AS DOUBLE) AS change_factor
FROM physical
UNION ALL
SELECT month, neighbour_country, direction, energy_gwh, 'reported', basis, qualifier, reported_by, source_url, TRUE,
       share_pct, change_factor
FROM reported;

-- mart_power_measures_compared: per month with physical flows held, metered energy into and out of Ukraine (all five
-- borders, Kyiv months) beside the reported commercial total — two measures, compared, never merged. Gross physical
-- imports count loop flows (June 2024: Romanian power entering through Moldova while 169 GWh left for Romania), so
-- the net physical figure is the one to set against a traded volume — against reported imports less reported exports
-- where both are held (April 2025: 187 GWh in while exports ran). Months where a border holds under 90 % of the
-- hours are left out; `hours_held` is the fewest hours any border holds (`complete` when every hour is there).
CREATE OR REPLACE VIEW mart_power_measures_compared AS
WITH series AS (  -- one border in one direction over one Kyiv month
    SELECT CAST(date_trunc('month', day) AS DATE) AS month, neighbour_country, direction,
           sum(energy_gwh) AS energy_gwh, sum(hours_held) AS hours_held
    FROM mart_power_border_daily GROUP BY ALL
), physical AS (
    SELECT month, sum(energy_gwh) FILTER (WHERE direction = 'to_ua') AS physical_in_gwh,
           coalesce(sum(energy_gwh) FILTER (WHERE direction = 'from_ua'), 0) AS physical_out_gwh,
           min(hours_held) AS hours_held, 24 * day(last_day(month)) AS hours_in_month
    FROM series GROUP BY month
    HAVING min(hours_held) >= 0.9 * 24 * day(last_day(month))  -- a few hours of a month say nothing about it
), reported AS (
    SELECT month, energy_gwh, source, basis FROM mart_power_imports_monthly
    WHERE measure = 'reported' AND neighbour_country = 'TOTAL' AND direction = 'to_ua'
), reported_out AS (
    SELECT month, energy_gwh FROM mart_power_imports_monthly
    WHERE measure = 'reported' AND neighbour_country = 'TOTAL' AND direction = 'from_ua'
)
SELECT p.month, p.physical_in_gwh, p.physical_out_gwh, p.physical_in_gwh - p.physical_out_gwh AS physical_net_gwh,
       p.hours_held, p.hours_in_month, p.hours_held >= p.hours_in_month - 1 AS complete, r.energy_gwh AS reported_gwh,
       o.energy_gwh AS reported_exports_gwh, r.energy_gwh - o.energy_gwh AS reported_net_gwh,
       r.source AS reported_by, r.basis AS reported_basis,
       100 * (p.physical_in_gwh - p.physical_out_gwh) / nullif(r.energy_gwh, 0) AS net_physical_of_reported_pct,
       100 * (p.physical_in_gwh - p.physical_out_gwh) / nullif(r.energy_gwh - o.energy_gwh, 0)
           AS net_physical_of_reported_net_pct
FROM physical p LEFT JOIN reported r USING (month) LEFT JOIN reported_out o USING (month);

-- mart_power_limit_utilisation: per day with flows held, the peak hour's net physical import over Ukraine's borders
-- with the EU (PL, SK, HU, RO: into Ukraine minus out of it) against the import limit in force that day. The limit is
-- on the Ukraine–Moldova block's imports, so the Moldovan border (inside the block) is left out, and a gross sum would
-- count loop flows twice (June 2024: 169 GWh left for Romania while 204 GWh came in from Moldova). Where only monthly
-- figures exist, the monthly row gives the mean power (energy ÷ hours of the month) against the limit: a mean,
-- never a peak (the page says so).
CREATE OR REPLACE VIEW mart_power_limit_utilisation AS
WITH hourly AS (
    SELECT hour_utc, sum(CASE direction WHEN 'to_ua' THEN mw ELSE -mw END) AS import_mw
    FROM mart_power_flow_hourly WHERE neighbour_country IN ('PL', 'SK', 'HU', 'RO') GROUP BY hour_utc
), daily AS (  -- Kyiv days with most of their hours held: the stray UTC hours at a month's edge make no day
    SELECT CAST((hour_utc AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Kyiv' AS DATE) AS period,
           max(import_mw) AS import_mw
    FROM hourly GROUP BY 1 HAVING count(*) >= 20
), monthly AS (
    -- mean MW = MWh ÷ hours = GWh ÷ (hours expressed in thousands): the macro keeps the factor out of the SQL
    SELECT month AS period, sum(energy_gwh) / mwh_to_gwh(24 * day(last_day(month))) AS import_mw
    FROM mart_power_imports_monthly
    WHERE measure = 'reported' AND direction = 'to_ua' AND neighbour_country = 'TOTAL'
    GROUP BY month
), combined AS (
    SELECT period, 'day' AS grain, 'peak hour (net, EU borders)' AS statistic, import_mw, 'physical' AS measure
    FROM daily
    UNION ALL
    SELECT period, 'month', 'monthly mean', import_mw, 'reported' FROM monthly
)
SELECT b.period, b.grain, b.statistic, b.import_mw, b.measure, s.limit_mw,
       100 * b.import_mw / nullif(s.limit_mw, 0) AS utilisation_pct
FROM combined b
LEFT JOIN mart_power_limit_steps s
  ON s.direction = 'import' AND s.effective_date <= b.period AND (s.replaced_on IS NULL OR b.period < s.replaced_on);

-- mart_power_balance_yearly: Ukraine's yearly electricity balance before the war (Ember via OWID, to 2022): per
-- year and item (generation by source, generation, demand, net_imports), TWh, and net imports as a share of demand.
CREATE OR REPLACE VIEW mart_power_balance_yearly AS
SELECT f.year, f.item, f.twh,
       CASE WHEN f.item = 'net_imports' THEN 100 * f.twh / nullif(d.twh, 0) END AS share_of_demand_pct,
       'Ember via Our World in Data' AS source
FROM fact_annual_power f
LEFT JOIN fact_annual_power d ON d.year = f.year AND d.area_code = f.area_code AND d.item = 'demand'
WHERE f.area_code = 'UA';
