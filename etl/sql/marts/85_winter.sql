-- The winter gas balance (issue #22 part 2): the inputs `python -m etl winter` reads, each with its date and source.
-- The arithmetic is in etl/winter.py (balance()). It is a SENSITIVITY, not a forecast: every figure below is a
-- reported number or a declared assumption, and the output says which.

-- mart_winter_assumptions: the declared constants of the balance — value, unit and whose figure (or that it is
-- this project's assumption). Change them here, not in the Python.
CREATE OR REPLACE VIEW mart_winter_assumptions AS
SELECT name, CAST(value AS DOUBLE) AS value, unit, source FROM (VALUES
    ('cushion_bcm', 4.7, 'bcm',
     'Cabinet of Ministers via Interfax-Ukraine: the 13.2 bcm target of 2025/26 is "включно з 4,7 млрд куб. м газу '
     || 'довготривалого зберігання" (long-term / cushion gas); https://interfax.com.ua/news/economic/1115019.html. '
     || 'Added to a working-gas stock (GIE AGSI+) to put it on the basis of the targets (total gas in storage).'),
    ('working_min_bcm', 1.0, 'bcm',
     'ASSUMPTION of this project, not an official minimum: working gas kept at the end of March for deliverability '
     || 'and emergencies. For scale: 2024/25 ended at about 0.7 bcm of working gas (S. Makogon via Reuters) / '
     || '5.41 bcm in total (ExPro), both in ref_ua_gas_reported.'),
    ('target_month', 11, 'month',
     'Government plans for 2024/25 and 2025/26 name 1 November ("до 1 листопада", ref_ua_gas_reported notes); '
     || 'used as the target date of every season.'),
    ('target_day', 1, 'day of month', 'see target_month'),
    ('season_end_month', 3, 'month', 'the withdrawal season is taken to end on 31 March (gas year April–March)'),
    ('season_end_day', 31, 'day of month', 'see season_end_month'),
    ('weather_cold_pct', 15.0, '% of Nov–Mar consumption',
     'ASSUMPTION of this project: a cold winter scales consumption in November–March by +15 %'),
    ('weather_normal_pct', 0.0, '% of Nov–Mar consumption', 'normal weather: the profile as declared'),
    ('weather_warm_pct', -15.0, '% of Nov–Mar consumption',
     'ASSUMPTION of this project: a warm winter scales consumption in November–March by −15 %'),
    ('month_reading_day', 15, 'day of month',
     'a stock reported for a month without a day (period YYYY-MM) is placed on the 15th of that month')
) AS t(name, value, unit, source);

-- mart_winter_profile: each calendar month's share of annual consumption. When a year of monthly national
-- consumption is held in full (12 months in ref_ua_gas_reported) the mean shares of those years are used; otherwise
-- the DECLARED profile below. The declared profile is an ASSUMPTION of this project, not a published series: a
-- heating-season shape (Nov–Mar 68 % of the year) consistent with the only monthly national figures held —
-- ESA's January–May 2022 (3.97, 2.82, 2.74, 1.48, 0.71 bcm, January ≈ 15 % of 2021's 26.8 bcm, May ≈ 3 %).
CREATE OR REPLACE VIEW mart_winter_profile AS
WITH declared(month_no, share_pct) AS (VALUES
    (1, 16.0), (2, 13.0), (3, 12.0), (4, 7.0), (5, 4.0), (6, 3.0),
    (7, 3.0), (8, 3.0), (9, 4.0), (10, 9.0), (11, 12.0), (12, 14.0)
),
monthly AS (
    SELECT CAST(left(period, 4) AS INTEGER) AS year, CAST(right(period, 2) AS INTEGER) AS month_no,
           any_value(value_bcm ORDER BY report_id) AS value_bcm
    FROM ref_ua_gas_reported
    WHERE series = 'consumption' AND period_grain = 'month' AND neighbour_country = 'TOTAL'
      AND scope ILIKE 'national%'
    GROUP BY ALL
),
full_years AS (SELECT year FROM monthly GROUP BY year HAVING count(DISTINCT month_no) = 12),
shares AS (
    SELECT year, month_no, 100 * value_bcm / sum(value_bcm) OVER (PARTITION BY year) AS share_pct
    FROM monthly JOIN full_years USING (year)
),
held AS (
    SELECT month_no, avg(share_pct) AS share_pct,
           'monthly national consumption held for ' || string_agg(DISTINCT CAST(year AS VARCHAR), ', ')
               || ' (ref_ua_gas_reported)' AS source
    FROM shares GROUP BY month_no
)
SELECT month_no, share_pct, source FROM held
UNION ALL
SELECT month_no, CAST(share_pct AS DOUBLE),
       'declared profile (85_winter.sql): an assumption, no full year of monthly consumption is held' AS source
FROM declared WHERE NOT EXISTS (SELECT 1 FROM held);

-- mart_winter_storage: every dated stock of Ukraine's storage held — GIE AGSI+ (working gas, converted from energy
-- with twh_to_bcm) and Ukraine's reports (ref_ua_storage_reported, ref_ua_gas_reported storage_stock; forecasts
-- left out) — with its basis and total_bcm, the stock on the targets' basis (total incl. long-term / cushion gas:
-- a working-gas figure gets cushion_bcm added). `rank_in_day` orders readings of the same day (basis stated, then
-- exact, then reported before derived).
CREATE OR REPLACE VIEW mart_winter_storage AS
WITH cushion AS (SELECT value AS bcm FROM mart_winter_assumptions WHERE name = 'cushion_bcm'),
month_day AS (SELECT CAST(value AS INTEGER) AS d FROM mart_winter_assumptions WHERE name = 'month_reading_day'),
agsi AS (
    SELECT gas_day AS as_of, gas_in_storage_bcm AS value_bcm, 'working gas' AS basis, 'exact' AS qualifier,
           'GIE AGSI+ gas in storage, UA (mart_storage_daily), TWh → bcm at the default GCV' AS source,
           'https://agsi.gie.eu/' AS source_url
    FROM mart_storage_daily WHERE area_code = 'UA' AND gas_in_storage_twh IS NOT NULL
    QUALIFY gas_day = max(gas_day) OVER ()
),
reported AS (
    SELECT as_of, value_bcm, counts AS text, qualifier,
           reported_by || ' (ref_ua_storage_reported ' || report_id || ')' AS source, source_url
    FROM mart_ua_storage_reported WHERE measure = 'stock'
    UNION ALL
    SELECT CASE period_grain WHEN 'day' THEN CAST(period AS DATE)
                ELSE make_date(CAST(left(period, 4) AS INTEGER), CAST(right(period, 2) AS INTEGER),
                               (SELECT d FROM month_day)) END,
           value_bcm, coalesce(scope, '') || ' ' || coalesce(note, ''), qualifier,
           reported_by || ' (ref_ua_gas_reported ' || report_id || ')', source_url
    FROM ref_ua_gas_reported
    WHERE series = 'storage_stock' AND period_grain IN ('day', 'month') AND neighbour_country = 'TOTAL'
      AND coalesce(scope, '') NOT ILIKE '%forecast%' AND coalesce(note, '') NOT ILIKE '%forecast%'
),
classified AS (
    SELECT as_of, value_bcm, qualifier, source, source_url,
           CASE WHEN text ILIKE '%working gas%' OR text ILIKE '%excl%long-term%' OR text ILIKE '%active%gas only%'
                THEN 'working gas'
                WHEN text ILIKE '%incl%' AND (text ILIKE '%cushion%' OR text ILIKE '%buffer%'
                                               OR text ILIKE '%long-term%' OR text ILIKE '%technological%')
                THEN 'total incl. long-term (cushion) gas'
                ELSE 'total (basis not stated; taken as total)' END AS basis
    FROM reported
    UNION ALL
    SELECT as_of, value_bcm, qualifier, source, source_url, basis FROM agsi
)
SELECT as_of, value_bcm, basis,
       CASE WHEN basis = 'working gas' THEN value_bcm + (SELECT bcm FROM cushion) ELSE value_bcm END AS total_bcm,
       qualifier, source, source_url,
       row_number() OVER (PARTITION BY as_of ORDER BY basis LIKE '%not stated%', qualifier <> 'exact',
                          source LIKE 'GIE%', source) AS rank_in_day
FROM classified;

-- mart_winter_target: per season (April–March gas year) the storage target, total gas in storage, by the declared
-- target date. One row per season: official bodies first, then exact figures before 'more than'.
CREATE OR REPLACE VIEW mart_winter_target AS
WITH a AS (
    SELECT CAST(max(value) FILTER (WHERE name = 'target_month') AS INTEGER) AS m,
           CAST(max(value) FILTER (WHERE name = 'target_day') AS INTEGER) AS d
    FROM mart_winter_assumptions
)
SELECT period AS season, CAST(left(period, 4) AS INTEGER) AS season_start_year, value_bcm AS target_bcm,
       make_date(CAST(left(period, 4) AS INTEGER), (SELECT m FROM a), (SELECT d FROM a)) AS target_day,
       qualifier, scope, reported_by || ' (ref_ua_gas_reported ' || report_id || ')' AS source, source_url
FROM ref_ua_gas_reported
WHERE series = 'storage_target' AND period_grain = 'season' AND neighbour_country = 'TOTAL'
QUALIFY row_number() OVER (PARTITION BY period ORDER BY
    NOT regexp_matches(reported_by, '^(Ministry|Cabinet|Government)', 'i'), qualifier <> 'exact', report_id) = 1;

-- mart_winter_annual: annual national production and consumption, one per series and year: Ukraine's reports
-- (ref_ua_gas_reported; official bodies first, then exact, then the plain 'national' scope) and, for years none
-- covers, OWID's fact_annual_gas converted with twh_to_bcm.
CREATE OR REPLACE VIEW mart_winter_annual AS
WITH reported AS (
    SELECT series, CAST(period AS INTEGER) AS year, value_bcm, qualifier, scope,
           reported_by || ' (ref_ua_gas_reported ' || report_id || ')' AS source, source_url, 0 AS priority,
           row_number() OVER (PARTITION BY series, period ORDER BY
               NOT regexp_matches(reported_by, '^(Ministry|Cabinet|Government|GTSOU|Naftogaz)', 'i'),
               qualifier <> 'exact', scope <> 'national', report_id) AS rn
    FROM ref_ua_gas_reported
    WHERE series IN ('production', 'consumption') AND period_grain = 'year' AND neighbour_country = 'TOTAL'
      AND scope ILIKE 'national%'
),
owid AS (
    SELECT 'production' AS series, year, twh_to_bcm(production_twh) AS value_bcm, 'exact' AS qualifier,
           'national' AS scope, 'OWID (' || source || ', fact_annual_gas), TWh → bcm at the default GCV' AS source,
           'https://github.com/owid/energy-data' AS source_url, 1 AS priority
    FROM fact_annual_gas WHERE area_code = 'UA' AND production_twh IS NOT NULL
    UNION ALL
    SELECT 'consumption', year, twh_to_bcm(consumption_twh), 'exact', 'national',
           'OWID (' || source || ', fact_annual_gas), TWh → bcm at the default GCV',
           'https://github.com/owid/energy-data', 1
    FROM fact_annual_gas WHERE area_code = 'UA' AND consumption_twh IS NOT NULL
)
SELECT series, year, value_bcm, qualifier, scope, source, source_url
FROM (SELECT * EXCLUDE (rn) FROM reported WHERE rn = 1 UNION ALL SELECT * FROM owid)
QUALIFY row_number() OVER (PARTITION BY series, year ORDER BY priority) = 1;
