-- Electricity and strike indicators in the shape of mart_dependence_monthly (period, grain, indicator, value, unit,
-- inputs, source), kept in their own views so 70_dependence.sql stays the gas file; formulas, sources and caveats of
-- each: data/reference/indicators.csv (the Methodology page). Named after 80_power.sql and 82_strikes.sql because
-- DuckDB binds a view's tables when it is created: mart_power_limit_utilisation and mart_strike_monthly must exist.
-- A reader wanting every indicator takes mart_dependence_monthly UNION ALL mart_power_indicators_monthly.

-- mart_power_indicators_monthly: one row per month × indicator.
--   ua_power_net_imports_gwh       reported imports − reported exports (TOTAL rows of mart_power_imports_monthly,
--                                  months with both held), GWh/month.
--   ua_power_import_hhi            HHI over the neighbours' shares of the month's reported imports, in months where
--                                  the by-neighbour figures add up to the reported total (95–105 %; the sum where no
--                                  total is reported is not enough: one neighbour alone would read as 10 000).
--   ua_power_limit_utilisation_pct monthly mean import MW (reported energy ÷ hours of the month) ÷ the import limit in
--                                  force on the month's first day (mart_power_limit_utilisation, grain 'month').
--   ua_strikes_gas_count / ua_strikes_power_count
--                                  strikes registered per month on gas and on power assets (mart_strike_monthly),
--                                  every month from the register's first strike to its last (zeros included).
CREATE OR REPLACE VIEW mart_power_indicators_monthly AS
WITH reported AS (
    SELECT month, neighbour_country, direction, energy_gwh, qualifier, source AS reported_by
    FROM mart_power_imports_monthly WHERE measure = 'reported'
),
net AS (
    SELECT i.month, i.energy_gwh AS imports_gwh, e.energy_gwh AS exports_gwh,
           i.qualifier AS imports_qualifier, e.qualifier AS exports_qualifier,
           CASE WHEN i.reported_by = e.reported_by THEN i.reported_by
                ELSE i.reported_by || ' (imports) + ' || e.reported_by || ' (exports)' END AS reported_by
    FROM reported i
    JOIN reported e ON e.month = i.month AND e.neighbour_country = 'TOTAL' AND e.direction = 'from_ua'
    WHERE i.neighbour_country = 'TOTAL' AND i.direction = 'to_ua'
),
by_neighbour AS (
    SELECT n.month, n.neighbour_country, n.energy_gwh, t.energy_gwh AS total_gwh,
           100 * n.energy_gwh / nullif(t.energy_gwh, 0) AS share_pct, n.reported_by
    FROM reported n
    JOIN reported t ON t.month = n.month AND t.neighbour_country = 'TOTAL' AND t.direction = 'to_ua'
    WHERE n.neighbour_country <> 'TOTAL' AND n.direction = 'to_ua'
),
concentration AS (
    SELECT month, hhi(list(share_pct) FILTER (WHERE energy_gwh > 0)) AS hhi,
           string_agg(neighbour_country || ' ' || round(share_pct, 1) || ' %', ', ' ORDER BY share_pct DESC)
               FILTER (WHERE energy_gwh > 0) AS shares,
           string_agg(DISTINCT reported_by, ' + ' ORDER BY reported_by) AS reported_by
    FROM by_neighbour GROUP BY month
    HAVING sum(energy_gwh) BETWEEN 0.95 * any_value(total_gwh) AND 1.05 * any_value(total_gwh)
       AND any_value(total_gwh) > 0
),
strike_span AS (
    SELECT CAST(date_trunc('month', min(strike_date)) AS DATE) AS first_month,
           CAST(date_trunc('month', max(strike_date)) AS DATE) AS last_month
    FROM mart_energy_strike
),
strikes AS (  -- every month of the span, whether or not mart_strike_monthly has a row for it (air attacks held)
    SELECT CAST(g.month AS DATE) AS month, coalesce(m.gas_strikes, 0) AS gas_strikes,
           coalesce(m.power_strikes, 0) AS power_strikes
    FROM strike_span s, generate_series(s.first_month, s.last_month, INTERVAL 1 MONTH) AS g(month)
    LEFT JOIN mart_strike_monthly m ON m.month = CAST(g.month AS DATE)
)
SELECT month AS period, 'month' AS grain, 'ua_power_net_imports_gwh' AS indicator,
       imports_gwh - exports_gwh AS value, 'GWh/month' AS unit,
       'imports ' || round(imports_gwh, 1) || ' GWh'
           || CASE imports_qualifier WHEN 'exact' THEN '' ELSE ' (' || imports_qualifier || ')' END
           || ' − exports ' || round(exports_gwh, 1) || ' GWh'
           || CASE exports_qualifier WHEN 'exact' THEN '' ELSE ' (' || exports_qualifier || ')' END AS inputs,
       'reported by ' || reported_by AS source
FROM net
UNION ALL
SELECT month, 'month', 'ua_power_import_hhi', hhi, 'HHI (0–10 000)', shares, 'reported by ' || reported_by
FROM concentration
UNION ALL
SELECT period, 'month', 'ua_power_limit_utilisation_pct', utilisation_pct, '%',
       'mean ' || CAST(round(import_mw) AS BIGINT) || ' MW of a ' || CAST(round(limit_mw) AS BIGINT) || ' MW import limit',
       'reported monthly imports; ENTSO-E limit register'
FROM mart_power_limit_utilisation WHERE grain = 'month' AND limit_mw IS NOT NULL
UNION ALL
SELECT month, 'month', 'ua_strikes_gas_count', gas_strikes, 'strikes/month',
       gas_strikes || ' gas, ' || power_strikes || ' power strike(s) registered', 'strike register'
FROM strikes
UNION ALL
SELECT month, 'month', 'ua_strikes_power_count', power_strikes, 'strikes/month',
       gas_strikes || ' gas, ' || power_strikes || ' power strike(s) registered', 'strike register'
FROM strikes;

-- mart_power_indicators_yearly: as mart_dependence_yearly — flows and counts summed per calendar year, shares and
-- indices averaged over the months held; `periods` says how many months the year rests on.
CREATE OR REPLACE VIEW mart_power_indicators_yearly AS
SELECT * FROM yearly_rollup('mart_power_indicators_monthly');
