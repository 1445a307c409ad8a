-- The Overview's situation board: for each tile the newest figure held, its date and whose it is. Ages are computed
-- by the page against today (a published warehouse is read for days; "today" is not frozen into a view).

-- mart_board_storage: Ukraine's storage now (the newest stock held, on the targets' basis: total gas incl. long-term
-- gas) and the stock held nearest to the same day a year earlier (within a month either side).
CREATE OR REPLACE VIEW mart_board_storage AS
WITH now AS (
    SELECT * FROM mart_winter_storage QUALIFY row_number() OVER (ORDER BY as_of DESC, rank_in_day) = 1
), ago AS (
    SELECT s.as_of, s.total_bcm
    FROM mart_winter_storage s, now n
    WHERE s.as_of BETWEEN n.as_of - INTERVAL 396 DAY AND n.as_of - INTERVAL 334 DAY
    QUALIFY row_number() OVER (ORDER BY abs(date_diff('day', s.as_of, CAST(n.as_of - INTERVAL 365 DAY AS DATE))),
                                        s.rank_in_day) = 1
)
SELECT n.as_of, n.total_bcm, n.value_bcm, n.basis, n.qualifier, n.source, n.source_url,
       a.as_of AS year_ago_day, a.total_bcm AS year_ago_bcm
FROM now n LEFT JOIN ago a ON TRUE;

-- mart_board_gas_imports: physical entries into Ukraine over the 30 days to the newest day held, per border
-- (mean mcm/d), and Ukraine's newest reported monthly import total beside it.
CREATE OR REPLACE VIEW mart_board_gas_imports AS
WITH newest AS (SELECT max(gas_day) AS last_day FROM mart_ua_imports_daily)
SELECT neighbour_country, n.last_day, sum(flow_mcm) / 30 AS mean_mcm_d, count(*) AS days_held
FROM mart_ua_imports_daily, newest n
WHERE gas_day > n.last_day - 30
GROUP BY ALL;

-- mart_board_power: the newest month of reported imports against the import limit then in force, and the newest
-- day of physical flows held (peak hour) if any; `is_newest` marks the one that reaches later (a month counts to its
-- last day), so a day of 2024 held offline never stands in for a month of 2026.
CREATE OR REPLACE VIEW mart_board_power AS
WITH newest AS (
    SELECT * FROM mart_power_limit_utilisation
    QUALIFY row_number() OVER (PARTITION BY grain ORDER BY period DESC) = 1
)
SELECT period, grain, statistic, import_mw, measure, limit_mw, utilisation_pct,
       CASE grain WHEN 'month' THEN last_day(period) ELSE period END
           = max(CASE grain WHEN 'month' THEN last_day(period) ELSE period END) OVER () AS is_newest,
       (SELECT energy_gwh FROM mart_power_imports_monthly m
        WHERE m.month = u.period AND m.measure = 'reported' AND m.direction = 'to_ua'
          AND m.neighbour_country = 'TOTAL') AS energy_gwh,
       (SELECT source FROM mart_power_imports_monthly m
        WHERE m.month = u.period AND m.measure = 'reported' AND m.direction = 'to_ua'
          AND m.neighbour_country = 'TOTAL') AS source
FROM newest u;

-- mart_board_lng: LNG cargoes delivered for Ukraine per gas year (April–March), with volumes as reported.
CREATE OR REPLACE VIEW mart_board_lng AS
SELECT CASE WHEN month(delivered_on) >= 4 THEN year(delivered_on) ELSE year(delivered_on) - 1 END AS season_start_year,
       count(*) AS cargoes, sum(volume_mcm) AS volume_mcm, max(delivered_on) AS last_delivery
FROM mart_lng_cargo WHERE record_type = 'delivery' AND delivered_on IS NOT NULL
GROUP BY 1;

-- mart_board_strikes: strikes registered in the 30 days to the newest strike held, by system, and the missiles and
-- drones launched in the 30 days to the newest day of the attack counts.
CREATE OR REPLACE VIEW mart_board_strikes AS
WITH s AS (SELECT max(strike_date) AS last_day FROM mart_energy_strike),
a AS (SELECT max(day) AS last_day FROM fact_air_attack_daily)
SELECT s.last_day AS strikes_to,
       (SELECT count(*) FROM mart_energy_strike WHERE strike_date > s.last_day - 30) AS strikes,
       (SELECT count(*) FROM mart_energy_strike WHERE strike_date > s.last_day - 30 AND system = 'gas') AS gas_strikes,
       (SELECT count(*) FROM mart_energy_strike WHERE strike_date > s.last_day - 30 AND system = 'power')
           AS power_strikes,
       a.last_day AS attacks_to,
       (SELECT sum(launched) FROM fact_air_attack_daily WHERE day > a.last_day - 30) AS launched_30d
FROM s, a;
