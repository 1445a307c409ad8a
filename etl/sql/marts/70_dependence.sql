-- Supply dependence. Formulas, sources and caveats of every indicator: data/reference/indicators.csv (the
-- Methodology page). Volumes in bcm at 20 °C; energy statistics (Eurostat TJ GCV) converted with the same factors.

-- mart_russian_routes_daily: Russian pipeline gas entering the EU by route and gas day. The Ukraine route is gas
-- leaving Ukraine for SK, HU, PL and RO (mart_transit_daily, already points-then-route-series); the others are the
-- EU entry points in ref_point, with Bruegel's route series on the days no point of that route is held.
CREATE OR REPLACE VIEW mart_russian_routes_daily AS
WITH points AS (
    SELECT gas_day, route, sum(flow_mcm) AS flow_mcm, 'ENTSOG points' AS basis
    FROM mart_point_flow_daily WHERE direction = 'to_eu' GROUP BY ALL
    UNION ALL
    SELECT gas_day, 'ukraine', eu_exit_mcm, eu_exit_basis FROM mart_transit_daily WHERE eu_exit_mcm IS NOT NULL
),
series AS (
    SELECT gas_day, series AS route, flow_mcm, 'Bruegel route series' AS basis
    FROM mart_route_daily WHERE series IN ('nord_stream', 'yamal_belarus', 'turkstream')
)
SELECT * FROM points
UNION ALL
SELECT s.* FROM series s ANTI JOIN points p USING (gas_day, route);

-- mart_russian_routes_monthly: the same by month; `basis` lists what the month's days rest on.
CREATE OR REPLACE VIEW mart_russian_routes_monthly AS
WITH routes AS (
    SELECT CAST(date_trunc('month', gas_day) AS DATE) AS month, route, mcm_to_bcm(sum(flow_mcm)) AS flow_bcm,
           count(DISTINCT gas_day) AS days_held, string_agg(DISTINCT basis, ' + ' ORDER BY basis) AS basis
    FROM mart_russian_routes_daily GROUP BY ALL
)
SELECT month, route, flow_bcm, days_held,
       days_held >= day(last_day(month)) - 2 AS complete, basis
FROM routes;

-- mart_eu_supply_monthly: the EU's gas supply by supplier and month (Bruegel's route series: pipeline by origin
-- and LNG), bcm at 20 °C, with each supplier's share of the EU total. 'russia' is every Russian pipeline route.
CREATE OR REPLACE VIEW mart_eu_supply_monthly AS
WITH m AS (
    SELECT CAST(date_trunc('month', gas_day) AS DATE) AS month,
           CASE series WHEN 'russia_total' THEN 'russia' ELSE series END AS supplier,
           mcm_to_bcm(sum(flow_mcm)) AS flow_bcm, count(*) AS days_held
    FROM mart_route_daily
    WHERE series IN ('norway', 'russia_total', 'lng', 'algeria', 'azerbaijan', 'libya', 'uk_net', 'eu_total')
    GROUP BY ALL
)
SELECT s.month, s.supplier, s.flow_bcm, s.days_held,
       100 * s.flow_bcm / nullif(t.flow_bcm, 0) AS share_pct,
       s.days_held >= day(last_day(s.month)) - 2 AS complete,
       'Bruegel route series' AS basis
FROM m s JOIN m t ON t.month = s.month AND t.supplier = 'eu_total'
WHERE s.supplier <> 'eu_total';

-- mart_eurostat_share: partner shares of imports and net-import dependence from Eurostat, per reporter and period.
CREATE OR REPLACE VIEW mart_eurostat_share AS
WITH imp AS (
    SELECT freq, period, geo,
           max(value) FILTER (WHERE partner = 'RU') AS ru_tj,
           max(value) FILTER (WHERE partner = 'TOTAL') AS total_tj
    FROM fact_eurostat_gas
    WHERE dataset IN ('nrg_ti_gas', 'nrg_ti_gasm') AND siec = 'G3000' AND unit = 'TJ_GCV' AND nrg_bal = 'IMP'
    GROUP BY ALL
),
bal AS (
    SELECT freq, period, geo,
           max(value) FILTER (WHERE nrg_bal = 'IMP') AS imports_tj,
           max(value) FILTER (WHERE nrg_bal = 'EXP') AS exports_tj,
           max(value) FILTER (WHERE nrg_bal = 'IC_CAL_MG') AS consumption_tj,
           max(value) FILTER (WHERE nrg_bal = 'PPRD') AS production_tj
    FROM fact_eurostat_gas
    WHERE dataset IN ('nrg_cb_gas', 'nrg_cb_gasm') AND siec = 'G3000' AND unit = 'TJ_GCV'
    GROUP BY ALL
)
SELECT coalesce(i.freq, b.freq) AS freq, coalesce(i.period, b.period) AS period, coalesce(i.geo, b.geo) AS geo,
       i.ru_tj, i.total_tj, b.imports_tj, b.exports_tj, b.consumption_tj, b.production_tj
FROM imp i FULL JOIN bal b USING (freq, period, geo);

-- mart_ua_supply_balance_monthly: what entered Ukraine from Russia (and Belarus, and the IEA's unspecified entries)
-- against what left for the EU and Moldova, per month (mart_border_flow_monthly: ENTSOG, else IEA, else route
-- series). ru_intake_mcm = entries − exits: Ukraine's own intake of Russian gas (negative in months when exits
-- exceed entries, e.g. transit topped up from storage). md_held says whether the Moldova exit is in the month.
CREATE OR REPLACE VIEW mart_ua_supply_balance_monthly AS
WITH m AS (
    SELECT month,
           sum(flow_mcm) FILTER (WHERE direction = 'to_ua' AND neighbour_country IN ('RU', 'BY', 'XX')) AS ru_entry_mcm,
           sum(flow_mcm) FILTER (WHERE direction = 'from_ua' AND neighbour_country IN ('SK', 'HU', 'PL', 'RO', 'EU'))
               AS eu_exit_mcm,
           sum(flow_mcm) FILTER (WHERE direction = 'from_ua' AND neighbour_country = 'MD') AS md_exit_mcm,
           string_agg(DISTINCT basis, ' + ' ORDER BY basis) AS basis
    FROM mart_border_flow_monthly GROUP BY month
)
SELECT month, ru_entry_mcm, eu_exit_mcm, md_exit_mcm,
       ru_entry_mcm - eu_exit_mcm - coalesce(md_exit_mcm, 0) AS ru_intake_mcm,
       md_exit_mcm IS NOT NULL AS md_held, basis
FROM m WHERE ru_entry_mcm IS NOT NULL AND eu_exit_mcm IS NOT NULL;

-- mart_ua_imports_monthly: Ukraine's gas supply from abroad by source and month, with each source's share, in two
-- measures kept side by side, never one filling the other's hole:
--   measure = 'physical': the EU neighbours and Moldova (entries at those borders: ENTSOG, IEA, route series —
--     `basis` says which) and Russia (its own intake, entries from Russia − exits, from
--     mart_ua_supply_balance_monthly, counted when positive). From October 2008 (IEA) on.
--   measure = 'commercial': Ukraine's own reported monthly imports (TSO, ExPro; data/reference/ua_gas_reported.csv).
--     While transit ran (to 31 Dec 2024) these net the EU traders' virtual reverse against transit and are several
--     times the physical entries; from 2025 they are what crossed the border as allocated. One report per month and
--     neighbour: the TSO's first, then ExPro's, then others (basis names the reporter).
-- share_pct is each source's share within its month and measure.
CREATE OR REPLACE VIEW mart_ua_imports_monthly AS
WITH m AS (
    SELECT month, neighbour_country, mcm_to_bcm(sum(flow_mcm)) AS flow_bcm,
           string_agg(DISTINCT basis, ' + ' ORDER BY basis) AS basis, 'physical' AS measure
    FROM mart_border_flow_monthly
    WHERE direction = 'to_ua' AND neighbour_country IN ('SK', 'HU', 'PL', 'RO', 'MD') GROUP BY ALL
    UNION ALL
    SELECT month, 'RU', mcm_to_bcm(greatest(ru_intake_mcm, 0)), basis, 'physical' FROM mart_ua_supply_balance_monthly
    UNION ALL
    SELECT CAST(period || '-01' AS DATE), neighbour_country, value_bcm,
           'reported by ' || reported_by || CASE qualifier WHEN 'exact' THEN '' ELSE ' (' || qualifier || ')' END,
           'commercial'
    FROM ref_ua_gas_reported
    WHERE series = 'imports' AND period_grain = 'month' AND neighbour_country <> 'TOTAL'
    QUALIFY row_number() OVER (PARTITION BY period, neighbour_country ORDER BY
        CASE WHEN reported_by ILIKE 'GTSOU%' THEN 0 WHEN reported_by ILIKE '%ExPro%' THEN 1 ELSE 2 END, report_id) = 1
)
SELECT month, neighbour_country, flow_bcm,
       100 * flow_bcm / nullif(sum(flow_bcm) OVER (PARTITION BY month, measure), 0) AS share_pct, basis, measure
FROM m;

-- mart_ua_imports_reported_monthly: Ukraine's reported monthly import totals (all neighbours), one per month, beside
-- the physical entries held for that month (NULL where none held). From 2025, with transit gone, the two should
-- agree; agree_pct says how far they do.
CREATE OR REPLACE VIEW mart_ua_imports_reported_monthly AS
WITH reported AS (
    SELECT CAST(period || '-01' AS DATE) AS month, value_bcm AS reported_bcm, qualifier, reported_by, source_url
    FROM ref_ua_gas_reported
    WHERE series = 'imports' AND period_grain = 'month' AND neighbour_country = 'TOTAL'
    QUALIFY row_number() OVER (PARTITION BY period ORDER BY
        CASE WHEN reported_by ILIKE 'GTSOU%' THEN 0 WHEN reported_by ILIKE '%ExPro%' THEN 1 ELSE 2 END, report_id) = 1
), physical AS (
    SELECT month, sum(flow_bcm) AS physical_bcm FROM mart_ua_imports_monthly
    WHERE measure = 'physical' AND neighbour_country <> 'RU' GROUP BY month
)
SELECT r.month, r.reported_bcm, r.qualifier, r.reported_by, r.source_url, p.physical_bcm,
       100 * p.physical_bcm / nullif(r.reported_bcm, 0) AS agree_pct,
       CASE WHEN r.month < DATE '2025-01-01' THEN 'commercial (netted against transit)' ELSE 'reported' END AS measure
FROM reported r LEFT JOIN physical p USING (month);

-- hhi(shares_pct): Herfindahl–Hirschman index of a list of percentage shares (0–10 000).
CREATE OR REPLACE MACRO hhi(shares_pct) AS list_sum(list_transform(shares_pct, lambda s: s * s));

-- n_minus_1_pct: Regulation (EU) 2017/1938 Annex II, N-1 = (EPm + Pm + Sm + LNGm − Im) / (Dmax − Deff) × 100,
-- every term in the same unit per day (here GWh/d). ≥ 100 % means demand on a 1-in-20 peak day can be met with the
-- single largest infrastructure out.
CREATE OR REPLACE MACRO n_minus_1_pct(ep_m, p_m, s_m, lng_m, i_m, d_max, d_eff) AS
    100 * (ep_m + p_m + s_m + lng_m - i_m) / nullif(d_max - d_eff, 0);

-- mart_n1_inputs: the N-1 inputs the data can give for Ukraine, newest value of each, with its source.
CREATE OR REPLACE VIEW mart_n1_inputs AS
WITH cap AS (
    SELECT f.gas_day, p.physical_point_key, kwh_to_gwh(avg(f.value)) AS capacity_gwh
    FROM fact_entsog_operational f JOIN ref_point p USING (point_key, operator_key, direction_key)
    WHERE f.indicator = 'Firm Technical' AND p.flow_direction = 'to_ua' AND p.priority > 0
    GROUP BY ALL
),
latest_cap AS (
    SELECT gas_day, sum(capacity_gwh) AS ep_gwh, max(capacity_gwh) AS largest_gwh
    FROM cap WHERE gas_day = (SELECT max(gas_day) FROM cap) GROUP BY gas_day
),
storage AS (
    SELECT gas_day, withdrawal_capacity_gwh FROM mart_storage_daily
    WHERE area_code = 'UA' AND withdrawal_capacity_gwh IS NOT NULL ORDER BY gas_day DESC LIMIT 1
),
production AS (
    SELECT period, tj_to_gwh(production_tj) / 365 AS production_gwh
    FROM mart_eurostat_share WHERE geo = 'UA' AND freq = 'A' AND production_tj IS NOT NULL
    ORDER BY period DESC LIMIT 1
)
SELECT 'EPm' AS term, 'firm technical entry capacity, all entry points into Ukraine' AS meaning,
       (SELECT ep_gwh FROM latest_cap) AS value_gwh_per_day, (SELECT gas_day FROM latest_cap) AS as_of,
       'ENTSOG Firm Technical' AS source
UNION ALL
SELECT 'Im', 'largest single entry point capacity', (SELECT largest_gwh FROM latest_cap),
       (SELECT gas_day FROM latest_cap), 'ENTSOG Firm Technical'
UNION ALL
SELECT 'Sm', 'storage withdrawal capacity', (SELECT withdrawal_capacity_gwh FROM storage),
       (SELECT gas_day FROM storage), 'GIE AGSI+'
UNION ALL
SELECT 'Pm', 'production (annual mean per day)', (SELECT production_gwh FROM production),
       (SELECT period FROM production), 'Eurostat nrg_cb_gas'
UNION ALL
SELECT 'LNGm', 'LNG regasification in Ukraine', 0.0, NULL, 'Ukraine has no LNG terminal';

-- mart_dependence_monthly: one row per period × indicator, value with its unit and the inputs it comes from.
CREATE OR REPLACE VIEW mart_dependence_monthly AS
WITH route_totals AS (
    SELECT month, sum(flow_bcm) AS total_bcm,
           sum(flow_bcm) FILTER (WHERE route = 'ukraine') AS ukraine_bcm,
           bool_and(complete) FILTER (WHERE route = 'ukraine') AS ukraine_complete,
           bool_and(complete) AS all_complete,
           string_agg(DISTINCT basis, ' + ' ORDER BY basis) AS basis
    FROM mart_russian_routes_monthly GROUP BY month
),
ua_imports AS (  -- months with the EU-side entries held (zeros included: 2009–2012 the IEA shows none)
    SELECT month, sum(flow_bcm) FILTER (WHERE neighbour_country <> 'RU') AS imports_bcm,
           hhi(list(share_pct) FILTER (WHERE flow_bcm > 0)) AS hhi,
           string_agg(neighbour_country || ' ' || round(share_pct, 1) || ' %', ', ' ORDER BY share_pct DESC)
               FILTER (WHERE flow_bcm > 0) AS shares,
           string_agg(DISTINCT basis, ' + ' ORDER BY basis) AS basis
    FROM mart_ua_imports_monthly WHERE measure = 'physical' GROUP BY month
    HAVING count(*) FILTER (WHERE neighbour_country <> 'RU') > 0 AND sum(flow_bcm) > 0
),
storage AS (
    SELECT CAST(date_trunc('month', gas_day) AS DATE) AS month,
           arg_max(gas_in_storage_twh, gas_day) AS stock_twh,
           arg_max(consumption_twh_per_year, gas_day) AS consumption_twh
    FROM mart_storage_daily WHERE area_code = 'UA' GROUP BY 1
),
lng AS (
    SELECT CAST(date_trunc('month', delivered_on) AS DATE) AS month, sum(volume_mcm) AS mcm, count(*) AS cargoes
    FROM mart_lng_cargo WHERE record_type = 'delivery' AND delivered_on IS NOT NULL GROUP BY 1
)
SELECT month AS period, 'month' AS grain, 'ru_pipeline_to_eu_bcm' AS indicator, total_bcm AS value,
       'bcm/month' AS unit, 'all Russian routes into the EU' AS inputs, 'ENTSOG (' || basis || ')' AS source
FROM route_totals WHERE all_complete
UNION ALL
SELECT month, 'month', 'ua_route_share_of_ru_pipeline_pct', 100 * ukraine_bcm / nullif(total_bcm, 0), '%',
       'Ukraine route ' || round(ukraine_bcm, 2) || ' bcm of ' || round(total_bcm, 2) || ' bcm',
       'ENTSOG (' || basis || ')'
FROM route_totals WHERE ukraine_complete
UNION ALL
SELECT month, 'month', 'ru_share_of_eu_supply_pct', share_pct, '%',
       'Russian pipeline ' || round(flow_bcm, 2) || ' bcm of the EU''s imports and LNG', 'Bruegel (ENTSOG)'
FROM mart_eu_supply_monthly WHERE supplier = 'russia' AND complete
UNION ALL
SELECT period, CASE freq WHEN 'A' THEN 'year' ELSE 'month' END, 'ru_share_of_eu_imports_pct',
       100 * ru_tj / nullif(total_tj, 0), '%',
       'Russia ' || round(ru_tj) || ' TJ of ' || round(total_tj) || ' TJ imported by EU-27 members', 'Eurostat'
FROM mart_eurostat_share WHERE geo = 'EU27_2020' AND ru_tj IS NOT NULL AND total_tj > 0
UNION ALL
SELECT period, CASE freq WHEN 'A' THEN 'year' ELSE 'month' END, 'ru_share_of_ua_imports_pct',
       100 * ru_tj / nullif(total_tj, 0), '%',
       'Russia ' || round(ru_tj) || ' TJ of ' || round(total_tj) || ' TJ imported by Ukraine', 'Eurostat'
FROM mart_eurostat_share WHERE geo = 'UA' AND ru_tj IS NOT NULL AND total_tj > 0
UNION ALL
SELECT period, CASE freq WHEN 'A' THEN 'year' ELSE 'month' END, 'ua_import_dependence_pct',
       100 * (imports_tj - coalesce(exports_tj, 0)) / nullif(consumption_tj, 0), '%',
       'net imports ' || round(imports_tj - coalesce(exports_tj, 0)) || ' TJ / inland consumption '
           || round(consumption_tj) || ' TJ', 'Eurostat'
FROM mart_eurostat_share WHERE geo = 'UA' AND imports_tj IS NOT NULL AND consumption_tj > 0
UNION ALL
SELECT period, CASE freq WHEN 'A' THEN 'year' ELSE 'month' END, 'ua_production_bcm',
       tj_to_bcm(production_tj),
       'bcm', round(production_tj) || ' TJ at ' || default_gcv_kwh_per_m3() || ' kWh/m³', 'Eurostat'
FROM mart_eurostat_share WHERE geo = 'UA' AND production_tj IS NOT NULL
UNION ALL
SELECT month, 'month', 'ua_imports_bcm', imports_bcm, 'bcm/month', shares, basis FROM ua_imports
WHERE imports_bcm IS NOT NULL
UNION ALL
SELECT month, 'month', 'ua_import_hhi', hhi, 'HHI (0–10 000)', shares, basis FROM ua_imports
UNION ALL
SELECT month, 'month', 'ua_ru_intake_bcm', mcm_to_bcm(ru_intake_mcm), 'bcm/month',
       'entries from Russia ' || round(mcm_to_bcm(ru_entry_mcm), 2) || ' bcm − exits to the EU ' || round(mcm_to_bcm(eu_exit_mcm), 2)
           || ' bcm − to Moldova ' || coalesce(CAST(round(mcm_to_bcm(md_exit_mcm), 2) AS VARCHAR), 'not held'), basis
FROM mart_ua_supply_balance_monthly
UNION ALL
SELECT month, 'month', 'ua_storage_cover_pct', 100 * stock_twh / nullif(consumption_twh, 0), '% of annual use',
       round(stock_twh, 1) || ' TWh in storage / ' || round(consumption_twh, 1) || ' TWh annual consumption',
       'GIE AGSI+'
FROM storage WHERE consumption_twh > 0
UNION ALL
SELECT month, 'month', 'lng_delivered_for_ua_mcm', mcm, 'mcm/month', cargoes || ' reported cargo(es)',
       'LNG register'
FROM lng
UNION ALL
SELECT make_date(year, 1, 1), 'year', 'ua_production_gap_pct',
       100 * (consumption_twh - production_twh) / nullif(consumption_twh, 0), '%',
       'consumption ' || round(consumption_twh) || ' TWh − production ' || round(production_twh) || ' TWh',
       'OWID (BP Statistical Review)'
FROM fact_annual_gas WHERE area_code = 'UA' AND consumption_twh > 0 AND production_twh IS NOT NULL;

-- yearly_rollup(t): an indicator table (period, indicator, unit, value, grain, source) per calendar year — flows
-- summed (a unit per month becomes per year), shares and indices averaged over the periods held; `periods` says how
-- many months (or 1 for annual data) the year rests on. Written once for every indicator mart.
CREATE OR REPLACE MACRO yearly_rollup(t) AS TABLE
SELECT CAST(year(period) AS INTEGER) AS year,
       indicator,
       replace(any_value(unit), '/month', '/yr') AS unit,
       CASE WHEN any_value(unit) LIKE '%/month' THEN sum(value) ELSE avg(value) END AS value,
       count(*) AS periods,
       any_value(grain) AS grain,
       any_value(source) AS source
FROM query_table(t)
GROUP BY ALL;

-- mart_dependence_yearly: each indicator per calendar year — flows summed (bcm/yr, mcm/yr), shares and indices
-- averaged over the periods held; `periods` says how many months (or 1 for annual data) the year rests on.
CREATE OR REPLACE VIEW mart_dependence_yearly AS
SELECT * FROM yearly_rollup('mart_dependence_monthly');
