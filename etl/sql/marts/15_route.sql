-- mart_route_daily: the route-level series (Bruegel's EU imports by route and supplier, from ENTSOG) on this
-- project's basis: energy from the publisher's own factor (mcm × kWh/m³ = GWh), then m³ at 20 °C at the default
-- GCV (etl/units.py). Marts use these only where no per-point ENTSOG data is held, and say so in a basis column.
CREATE OR REPLACE VIEW mart_route_daily AS
SELECT gas_day,
       series,
       flow_mcm_published,
       published_gcv_kwh_per_m3,
       mcm_to_gwh(flow_mcm_published, published_gcv_kwh_per_m3) AS flow_gwh,
       republish_mcm(flow_mcm_published, published_gcv_kwh_per_m3) AS flow_mcm,
       source
FROM fact_route_daily;
