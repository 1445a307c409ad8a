-- mart_transit_daily: Russian gas entering Ukraine and gas leaving Ukraine for the EU, per gas day (mcm at 20 °C).
-- ru_entry_mcm: entries from Russia (Sudzha, Sokhranovka, older points) and from Belarus (Kobryn, Mozyr: Russian
-- gas via Belarus); NULL on days no entry point reported. eu_exit_mcm: exits to SK, HU, PL and RO, i.e. transit
-- to the EU (small non-Russian volumes included). exit_md_mcm: Moldova, kept apart (not EU).
-- Per-point ENTSOG data wins; on days without it the route series fill ru_entry_mcm (Bruegel's Sudzha entry) and
-- eu_exit_mcm (Bruegel's Ukraine transit), and *_basis says which one a value is. A points day carrying less than
-- half the route total is a day the per-point download holds only partly (its last day, 2023-03-29: 0 against 38
-- mcm): the route total is used there. Per-neighbour exits exist only where points are held.
CREATE OR REPLACE VIEW mart_transit_daily AS
WITH points AS (
    SELECT gas_day,
           sum(flow_mcm) FILTER (WHERE direction = 'to_ua' AND neighbour_country IN ('RU', 'BY')) AS ru_entry_mcm,
           sum(flow_mcm) FILTER (WHERE direction = 'from_ua' AND neighbour_country IN ('SK', 'HU', 'PL', 'RO'))
               AS eu_exit_mcm,
           sum(flow_gwh) FILTER (WHERE direction = 'from_ua' AND neighbour_country IN ('SK', 'HU', 'PL', 'RO'))
               AS eu_exit_gwh,
           sum(flow_mcm) FILTER (WHERE direction = 'from_ua' AND neighbour_country = 'SK') AS exit_sk_mcm,
           sum(flow_mcm) FILTER (WHERE direction = 'from_ua' AND neighbour_country = 'HU') AS exit_hu_mcm,
           sum(flow_mcm) FILTER (WHERE direction = 'from_ua' AND neighbour_country = 'PL') AS exit_pl_mcm,
           sum(flow_mcm) FILTER (WHERE direction = 'from_ua' AND neighbour_country = 'RO') AS exit_ro_mcm,
           sum(flow_mcm) FILTER (WHERE direction = 'from_ua' AND neighbour_country = 'MD') AS exit_md_mcm
    FROM mart_border_flow_daily
    GROUP BY gas_day
),
routes AS (
    SELECT gas_day,
           max(flow_mcm) FILTER (WHERE series = 'sudzha_entry') AS ru_entry_mcm,
           max(flow_mcm) FILTER (WHERE series = 'ukraine_transit') AS eu_exit_mcm,
           max(flow_gwh) FILTER (WHERE series = 'ukraine_transit') AS eu_exit_gwh
    FROM mart_route_daily
    WHERE series IN ('sudzha_entry', 'ukraine_transit')
    GROUP BY gas_day
),
joined AS (
    SELECT coalesce(p.gas_day, r.gas_day) AS gas_day, p.exit_sk_mcm, p.exit_hu_mcm, p.exit_pl_mcm, p.exit_ro_mcm,
           p.exit_md_mcm, p.ru_entry_mcm AS p_entry, r.ru_entry_mcm AS r_entry, p.eu_exit_mcm AS p_exit,
           p.eu_exit_gwh AS p_exit_gwh, r.eu_exit_mcm AS r_exit, r.eu_exit_gwh AS r_exit_gwh,
           p.ru_entry_mcm IS NOT NULL AND NOT coalesce(p.ru_entry_mcm < 0.5 * r.ru_entry_mcm, FALSE) AS entry_points,
           p.eu_exit_mcm IS NOT NULL AND NOT coalesce(p.eu_exit_mcm < 0.5 * r.eu_exit_mcm, FALSE) AS exit_points
    FROM points p
    FULL JOIN routes r USING (gas_day)
)
SELECT gas_day,
       CASE WHEN entry_points THEN p_entry ELSE r_entry END AS ru_entry_mcm,
       CASE WHEN exit_points THEN p_exit ELSE r_exit END AS eu_exit_mcm,
       CASE WHEN exit_points THEN p_exit_gwh ELSE r_exit_gwh END AS eu_exit_gwh,
       exit_sk_mcm, exit_hu_mcm, exit_pl_mcm, exit_ro_mcm, exit_md_mcm,
       CASE WHEN entry_points THEN 'ENTSOG points'
            WHEN r_entry IS NOT NULL THEN 'Bruegel route series' END AS ru_entry_basis,
       CASE WHEN exit_points THEN 'ENTSOG points'
            WHEN r_exit IS NOT NULL THEN 'Bruegel route series' END AS eu_exit_basis
FROM joined;
