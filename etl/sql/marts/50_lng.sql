-- mart_lng_cargo: the sourced register of LNG cargoes and contracts bound for Ukraine.
CREATE OR REPLACE VIEW mart_lng_cargo AS
SELECT cargo_id, record_type, delivered_on, date_reported, buyer, seller, origin_country, load_origin, vessel,
       regas_terminal, regas_country, route_to_ua, volume_mcm, volume_reported,
       volume_mcm * 1e6 * {{default_gcv_kwh_per_m3}} / {{kwh_per_gwh}} AS volume_gwh,
       source_url, source_urls, notes
FROM ref_lng_cargo;

-- mart_lng_terminal_daily: ALSI send-out and inventory of the terminals on the corridors to Ukraine.
CREATE OR REPLACE VIEW mart_lng_terminal_daily AS
SELECT gas_day, terminal_key, country_code, terminal_name, send_out_gwh,
       send_out_gwh * {{kwh_per_gwh}} / {{default_gcv_kwh_per_m3}} / 1e6 AS send_out_mcm,
       inventory_gwh, inventory_lng_1000m3, dtrs_gwh, status, source
FROM fact_alsi_terminal;
