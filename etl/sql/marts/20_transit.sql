-- mart_transit_daily: Russian gas entering Ukraine and gas leaving Ukraine for the EU, per gas day (mcm at 20 °C).
-- ru_entry_mcm: entries from Russia (Sudzha, Sokhranovka, older points) and from Belarus (Kobryn, Mozyr: Russian
-- gas via Belarus); NULL on days no entry point reported. eu_exit_mcm: exits to SK, HU, PL and RO, i.e. transit
-- to the EU (small non-Russian volumes included). exit_md_mcm: Moldova, kept apart (not EU).
CREATE OR REPLACE VIEW mart_transit_daily AS
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
GROUP BY gas_day;
