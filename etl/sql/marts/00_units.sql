-- Unit conversions, the SQL face of etl/units.py: the factors are substituted from that module when the views are
-- built (double-brace placeholders), and every mart converts through these macros, never through a literal. A test checks that
-- each macro and its Python twin give the same numbers.
CREATE OR REPLACE MACRO default_gcv_kwh_per_m3() AS CAST({{default_gcv_kwh_per_m3}} AS DOUBLE);
CREATE OR REPLACE MACRO kwh_to_gwh(kwh) AS kwh / {{kwh_per_gwh}};
CREATE OR REPLACE MACRO mwh_to_gwh(mwh) AS mwh / {{mwh_per_gwh}};
CREATE OR REPLACE MACRO twh_to_gwh(twh) AS twh * {{gwh_per_twh}};
CREATE OR REPLACE MACRO kwh_to_mcm(kwh, gcv_kwh_per_m3 := {{default_gcv_kwh_per_m3}}) AS kwh / gcv_kwh_per_m3 / 1e6;
CREATE OR REPLACE MACRO gwh_to_mcm(gwh, gcv_kwh_per_m3 := {{default_gcv_kwh_per_m3}}) AS
    gwh * {{kwh_per_gwh}} / gcv_kwh_per_m3 / 1e6;
CREATE OR REPLACE MACRO mcm_to_gwh(mcm, gcv_kwh_per_m3 := {{default_gcv_kwh_per_m3}}) AS
    mcm * 1e6 * gcv_kwh_per_m3 / {{kwh_per_gwh}};
CREATE OR REPLACE MACRO mcm_to_bcm(mcm) AS mcm / 1e3;
CREATE OR REPLACE MACRO twh_to_bcm(twh) AS twh * {{gwh_per_twh}} * {{kwh_per_gwh}} / {{default_gcv_kwh_per_m3}} / 1e9;
CREATE OR REPLACE MACRO bcm_to_twh(bcm) AS bcm * 1e9 * {{default_gcv_kwh_per_m3}} / {{kwh_per_gwh}} / {{gwh_per_twh}};
CREATE OR REPLACE MACRO tj_to_gwh(tj) AS tj / {{tj_per_twh}} * {{gwh_per_twh}};
CREATE OR REPLACE MACRO tj_to_bcm(tj) AS twh_to_bcm(tj / {{tj_per_twh}});
-- a GCV per normal m³ (0 °C) → per m³ at 20 °C
CREATE OR REPLACE MACRO gcv_nm3_to_m3_20c(gcv_kwh_per_nm3) AS gcv_kwh_per_nm3 / {{m3_20c_per_nm3}};
-- a volume published on another factor (Bruegel: 10.3 kWh/m³) → m³ at 20 °C on the default GCV
CREATE OR REPLACE MACRO republish_mcm(mcm, published_gcv_kwh_per_m3) AS
    mcm * published_gcv_kwh_per_m3 / {{default_gcv_kwh_per_m3}};
-- the IEA's m³ (15 °C reference) → m³ at 20 °C
CREATE OR REPLACE MACRO iea_mcm_to_20c(mcm) AS mcm * {{m3_20c_per_m3_15c}};
