-- Strikes on Ukraine's energy system (data/reference/energy_strikes.csv) and the nightly attack intensity
-- (fact_air_attack_daily: missiles and drones launched and shot down, CC BY-NC-SA 4.0).

-- mart_energy_strike: the register with each asset kind's system (gas, power, oil) for grouping and colour.
CREATE OR REPLACE VIEW mart_energy_strike AS
SELECT strike_id, strike_date, asset_kind,
       CASE WHEN asset_kind LIKE 'gas_%' THEN 'gas' WHEN asset_kind = 'oil_refining' THEN 'oil' ELSE 'power' END
           AS system,
       operator, oblasts, effect, effect_uk, share_production_lost_pct, mw_lost, customers_cut, source_url, quote
FROM ref_energy_strike;

-- mart_strike_monthly: per month, the strikes registered by system and the missiles and drones launched.
CREATE OR REPLACE VIEW mart_strike_monthly AS
WITH s AS (
    SELECT CAST(date_trunc('month', strike_date) AS DATE) AS month,
           count(*) FILTER (WHERE system = 'gas') AS gas_strikes,
           count(*) FILTER (WHERE system = 'power') AS power_strikes,
           count(*) FILTER (WHERE system = 'oil') AS oil_strikes
    FROM mart_energy_strike GROUP BY 1
), a AS (
    SELECT CAST(date_trunc('month', day) AS DATE) AS month, sum(launched) AS launched, sum(destroyed) AS destroyed,
           sum(launched_drones) AS launched_drones, sum(launched_missiles) AS launched_missiles, count(*) AS days_held
    FROM fact_air_attack_daily GROUP BY 1
)
SELECT month, coalesce(gas_strikes, 0) AS gas_strikes, coalesce(power_strikes, 0) AS power_strikes,
       coalesce(oil_strikes, 0) AS oil_strikes, launched, destroyed, launched_drones, launched_missiles
FROM s FULL JOIN a USING (month);
