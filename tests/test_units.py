from pytest import approx

from etl import units


def test_energy_to_volume_uses_named_default_factor():
    # 10.55 GWh of gas at 10.55 kWh/m³ is exactly 1 million m³
    assert units.gwh_to_mcm(10.55) == approx(1.0)
    assert units.kwh_to_mcm(10.55e6) == approx(1.0)
    assert units.twh_to_bcm(10.55) == approx(1.0)
    assert units.mcm_to_gwh(1.0) == approx(10.55)


def test_measured_gcv_per_normal_m3_becomes_per_m3_at_20c():
    # 11.32 kWh/Nm³ at 0 °C → 11.32 × 273.15 / 293.15 per m³ at 20 °C
    assert units.gcv_nm3_to_m3_20c(11.32) == approx(11.32 * 273.15 / 293.15)
    assert units.gcv_nm3_to_m3_20c(11.32) == approx(10.548, abs=1e-3)


def test_sql_constants_are_the_python_ones():
    c = units.sql_constants()
    assert c["default_gcv_kwh_per_m3"] == units.DEFAULT_GCV_KWH_PER_M3_20C
    assert c["m3_20c_per_nm3"] == approx(293.15 / 273.15)
