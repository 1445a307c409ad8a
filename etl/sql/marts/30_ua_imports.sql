-- mart_ua_imports_daily: gas entering Ukraine from the EU and Moldova, per gas day and neighbour (mcm at 20 °C).
CREATE OR REPLACE VIEW mart_ua_imports_daily AS
SELECT gas_day,
       neighbour_country,
       sum(flow_mcm) AS flow_mcm,
       sum(flow_gwh) AS flow_gwh
FROM mart_border_flow_daily
WHERE direction = 'to_ua' AND neighbour_country IN ('SK', 'HU', 'PL', 'RO', 'MD')
GROUP BY gas_day, neighbour_country;
