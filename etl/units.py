"""Every unit conversion of the project, in one place, with its factor and reference conditions named.

Energy is what ENTSOG and GIE publish (kWh, GWh, TWh on a gross-calorific-value basis). Volumes are derived:
``mcm`` in this project means **million m³ at 20 °C** (the metering standard of Ukrainian and Russian contracts,
in which Gas TSO of Ukraine reports transit), obtained from energy by a gross calorific value (GCV).
"""

from __future__ import annotations

KWH_PER_GWH = 1e6
MWH_PER_GWH = 1e3  # electricity: an hour's mean MW is that hour's MWh
GWH_PER_TWH = 1e3

#: Default GCV when ENTSOG publishes none for the point and day: 10.55 kWh per m³, the factor used by analysts of
#: ENTSOG data (entsog-py ``plot_utils``: 'mcm': 10.55e6 kWh). Its users do not state reference conditions; it
#: equals a typical Russian export gas of 11.32 kWh/Nm³ (0 °C) expressed per m³ at 20 °C (11.32 / 1.0732 = 10.55),
#: so it is used as a kWh-per-m³(20 °C) factor here.
DEFAULT_GCV_KWH_PER_M3_20C = 10.55
DEFAULT_GCV_LABEL = "default 10.55 kWh/m³ (20 °C)"

#: Normal m³ (0 °C, 101.325 kPa) → m³ at 20 °C: 293.15 / 273.15 (ideal gas).
M3_20C_PER_NM3 = 293.15 / 273.15

#: Plausible range of a natural-gas GCV in kWh/Nm³; ENTSOG values outside it are treated as missing.
GCV_PLAUSIBLE_KWH_PER_NM3 = (9.5, 13.0)

#: Bruegel's conversion of ENTSOG energy to volume in its EU-imports dataset (``converter = 10300000`` kWh per mcm):
#: its route series are published in mcm at 10.3 kWh/m³; energy = mcm × 10.3 GWh, then our m³ at 20 °C.
BRUEGEL_GCV_KWH_PER_M3 = 10.3

#: IEA Gas Trade Flows publish million m³ without stating reference conditions. Against ENTSOG energy converted to
#: m³ at 20 °C the ratio is ≈ 1.02 on 400 of 423 Ukrainian border-months (issue #15), which is what m³ at 15 °C
#: (the ISO standard reference) re-based to 20 °C gives: 293.15 / 288.15 = 1.0174. The marts apply it.
M3_20C_PER_M3_15C = 293.15 / 288.15

#: 1 TWh in TJ (definition) — Eurostat publishes imports in TJ (GCV).
TJ_PER_TWH = 3600.0

#: LNG: m³ of liquid → m³ of gas (20 °C) is cargo-specific; the register keeps volumes as reported.


def gcv_nm3_to_m3_20c(gcv_kwh_per_nm3: float) -> float:
    """A GCV per normal m³ (0 °C) → per m³ at 20 °C (there are more m³ at 20 °C, so less energy in each)."""
    return gcv_kwh_per_nm3 / M3_20C_PER_NM3


def kwh_to_mcm(kwh: float, gcv_kwh_per_m3: float = DEFAULT_GCV_KWH_PER_M3_20C) -> float:
    """kWh → million m³ (20 °C) at the given GCV per m³ (20 °C)."""
    return kwh / gcv_kwh_per_m3 / 1e6


def gwh_to_mcm(gwh: float, gcv_kwh_per_m3: float = DEFAULT_GCV_KWH_PER_M3_20C) -> float:
    """GWh → million m³ (20 °C)."""
    return kwh_to_mcm(gwh * KWH_PER_GWH, gcv_kwh_per_m3)


def twh_to_bcm(twh: float, gcv_kwh_per_m3: float = DEFAULT_GCV_KWH_PER_M3_20C) -> float:
    """TWh → billion m³ (20 °C)."""
    return gwh_to_mcm(twh * GWH_PER_TWH, gcv_kwh_per_m3) / 1e3


def mcm_to_gwh(mcm: float, gcv_kwh_per_m3: float = DEFAULT_GCV_KWH_PER_M3_20C) -> float:
    """million m³ (20 °C) → GWh."""
    return mcm * 1e6 * gcv_kwh_per_m3 / KWH_PER_GWH


def kwh_to_gwh(kwh: float) -> float:
    return kwh / KWH_PER_GWH


def mwh_to_gwh(mwh: float) -> float:
    return mwh / MWH_PER_GWH


def twh_to_gwh(twh: float) -> float:
    return twh * GWH_PER_TWH


def mcm_to_bcm(mcm: float) -> float:
    return mcm / 1e3


def bcm_to_twh(bcm: float, gcv_kwh_per_m3: float = DEFAULT_GCV_KWH_PER_M3_20C) -> float:
    """billion m³ (20 °C) → TWh."""
    return bcm * 1e9 * gcv_kwh_per_m3 / KWH_PER_GWH / GWH_PER_TWH


def tj_to_gwh(tj: float) -> float:
    return tj / TJ_PER_TWH * GWH_PER_TWH


def tj_to_bcm(tj: float) -> float:
    """TJ (GCV, Eurostat) → billion m³ (20 °C) at the default GCV."""
    return twh_to_bcm(tj / TJ_PER_TWH)


def iea_mcm_to_20c(mcm: float) -> float:
    """The IEA's million m³ (15 °C reference) → million m³ at 20 °C."""
    return mcm * M3_20C_PER_M3_15C


def republish_mcm(mcm: float, published_gcv_kwh_per_m3: float) -> float:
    """Volume published on another factor (e.g. Bruegel's 10.3 kWh/m³) → million m³ at 20 °C on the default GCV."""
    return mcm * published_gcv_kwh_per_m3 / DEFAULT_GCV_KWH_PER_M3_20C


#: Units declared by a column's name: the one convention every table and mart follows.
UNIT_SUFFIXES = {
    "_mcm": "million m³ (20 °C)", "_bcm": "billion m³ (20 °C)", "_gwh": "GWh", "_twh": "TWh", "_kwh": "kWh",
    "_pct": "%", "_per_m3": "kWh per m³ (20 °C)", "_twh_per_year": "TWh per year", "_1000m3": "thousand m³ LNG",
    "_mcm_published": "million m³ as published (see the row's basis)", "_per_hour": "per hour",
    "_mw": "MW", "_mwh": "MWh", "_mcm_d": "million m³ per day",
}


def unit_of(column: str) -> str:
    """The unit a column name declares by its suffix ('' when it declares none)."""
    for suffix, unit in sorted(UNIT_SUFFIXES.items(), key=lambda kv: -len(kv[0])):
        if column.endswith(suffix):
            return unit
    return ""


def sql_constants() -> dict[str, float]:
    """Factors the SQL marts need, substituted into ``{{name}}`` placeholders when the views are created.

    Keeps the marts' conversions identical to the Python ones: both read the numbers from this module.
    """
    return {
        "default_gcv_kwh_per_m3": DEFAULT_GCV_KWH_PER_M3_20C,
        "m3_20c_per_nm3": M3_20C_PER_NM3,
        "gcv_min_kwh_per_nm3": GCV_PLAUSIBLE_KWH_PER_NM3[0],
        "gcv_max_kwh_per_nm3": GCV_PLAUSIBLE_KWH_PER_NM3[1],
        "kwh_per_gwh": KWH_PER_GWH,
        "mwh_per_gwh": MWH_PER_GWH,
        "gwh_per_twh": GWH_PER_TWH,
        "tj_per_twh": TJ_PER_TWH,
        "bruegel_gcv_kwh_per_m3": BRUEGEL_GCV_KWH_PER_M3,
        "m3_20c_per_m3_15c": M3_20C_PER_M3_15C,
    }
