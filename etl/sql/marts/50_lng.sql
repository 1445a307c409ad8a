-- mart_lng_cargo: the sourced register of LNG cargoes and contracts bound for Ukraine. entry_neighbours: the
-- neighbours through which gas regasified in that country reaches Ukraine — Greece: the Vertical Corridor / Trans-
-- Balkan line via Romania and Moldova; Poland and Lithuania (GIPL → Poland): the Polish border; Croatia: Hungary.
CREATE OR REPLACE VIEW mart_lng_cargo AS
SELECT cargo_id, record_type, delivered_on, date_reported, buyer, seller, origin_country, load_origin, vessel,
       regas_terminal, regas_country, route_to_ua, volume_mcm, volume_reported,
       CASE regas_country WHEN 'GR' THEN ['RO', 'MD'] WHEN 'PL' THEN ['PL'] WHEN 'LT' THEN ['PL']
                          WHEN 'HR' THEN ['HU'] END AS entry_neighbours,
       mcm_to_gwh(volume_mcm) AS volume_gwh,
       source_url, source_urls, notes, notes_uk
FROM ref_lng_cargo;

-- mart_lng_terminal_daily: ALSI send-out and inventory of the terminals on the corridors to Ukraine.
CREATE OR REPLACE VIEW mart_lng_terminal_daily AS
SELECT gas_day, terminal_key, country_code, terminal_name, send_out_gwh,
       gwh_to_mcm(send_out_gwh) AS send_out_mcm,
       inventory_gwh, inventory_lng_1000m3, dtrs_gwh, status, source
FROM fact_alsi_terminal;

-- mart_lng_cargo_vs_imports: each delivered cargo next to Ukraine's imports through its entry border(s) in the
-- 28 gas days from delivery (NULL where the flow data do not reach that far).
CREATE OR REPLACE VIEW mart_lng_cargo_vs_imports AS
SELECT c.cargo_id, c.delivered_on, c.regas_country, array_to_string(c.entry_neighbours, ', ') AS entry_border,
       c.volume_mcm,
       sum(i.flow_mcm) AS imports_next_28d_mcm,
       count(DISTINCT i.gas_day) AS days_with_flow_data
FROM mart_lng_cargo c
LEFT JOIN mart_ua_imports_daily i
       ON list_contains(c.entry_neighbours, i.neighbour_country)
      AND i.gas_day >= c.delivered_on AND i.gas_day < c.delivered_on + 28
WHERE c.record_type = 'delivery' AND c.delivered_on IS NOT NULL
GROUP BY ALL;
