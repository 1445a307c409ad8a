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
-- ExPro's first, then DiXi/Energy Map's, then others; TOTAL where only the total was reported).
CREATE OR REPLACE VIEW mart_power_imports_monthly AS
WITH physical AS (
    SELECT CAST(date_trunc('month', day) AS DATE) AS month, neighbour_country, direction,
           sum(energy_gwh) AS energy_gwh, sum(hours_held) AS hours_held,
           string_agg(DISTINCT source, ' + ' ORDER BY source) AS source
    FROM mart_power_border_daily GROUP BY ALL
), reported AS (
    SELECT CAST(month || '-01' AS DATE) AS month, neighbour_country, direction, energy_gwh, qualifier, basis,
           reported_by, source_url
    FROM ref_power_trade_reported
    QUALIFY row_number() OVER (PARTITION BY month, neighbour_country, direction ORDER BY
        CASE WHEN reported_by ILIKE '%ExPro%' THEN 0 WHEN reported_by ILIKE '%DiXi%' THEN 1 ELSE 2 END,
        report_id) = 1
)
SELECT month, neighbour_country, direction, energy_gwh, 'physical' AS measure, 'physical' AS basis,
       'exact' AS qualifier, source, NULL AS source_url,
       hours_held >= 24 * day(last_day(month)) - 1 AS complete
FROM physical
UNION ALL
SELECT month, neighbour_country, direction, energy_gwh, 'reported', basis, qualifier, reported_by, source_url, TRUE
FROM reported;

-- mart_power_limit_utilisation: per day with flows held, the peak hour's total import over all borders against
-- the import limit in force that day. Where only monthly figures exist, the monthly row gives the mean power
-- (energy ÷ hours of the month) against the limit: a mean, never a peak (the page says so).
CREATE OR REPLACE VIEW mart_power_limit_utilisation AS
WITH hourly AS (
    SELECT hour_utc, sum(mw) AS import_mw FROM mart_power_flow_hourly WHERE direction = 'to_ua' GROUP BY hour_utc
), daily AS (
    SELECT CAST((hour_utc AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Kyiv' AS DATE) AS period,
           max(import_mw) AS import_mw
    FROM hourly GROUP BY 1
), monthly AS (
    -- mean MW = MWh ÷ hours = GWh ÷ (hours expressed in thousands): the macro keeps the factor out of the SQL
    SELECT month AS period, sum(energy_gwh) / mwh_to_gwh(24 * day(last_day(month))) AS import_mw
    FROM mart_power_imports_monthly
    WHERE measure = 'reported' AND direction = 'to_ua' AND neighbour_country = 'TOTAL'
    GROUP BY month
), combined AS (
    SELECT period, 'day' AS grain, 'peak hour' AS statistic, import_mw, 'physical' AS measure FROM daily
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
