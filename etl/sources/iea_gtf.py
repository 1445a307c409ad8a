"""IEA Gas Trade Flows: monthly physical flows per border point, million m³ per month, from October 2008.

The long view the daily sources cannot give: Russia → Ukraine entries (to April 2019), Ukraine → Moldova, the
January 2009 cut-off and the turn to reverse flows from the EU in 2014. The IEA publishes an Excel file (sheet
`Data`: Borderpoint, Exit, arrow, Entry, MAXFLOW in mcm/h, then one column per month), not an API: this source has an
importer, no live connector. Rows are kept as published (`flow_mcm_published`, the IEA's m³); the border mart
re-bases them to m³ at 20 °C and decides, month by month, where IEA fills what ENTSOG lacks and where an IEA zero or
a repeated value is treated as missing (etl/sql/marts/12_border_monthly.sql).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from etl.errors import SchemaError
from etl.sources import Source
from etl.warehouse import now_utc

NAME = "iea"
TABLE = "fact_iea_border_monthly"
KEY = ["month", "border_point", "exit_country", "entry_country"]
COLUMNS = [*KEY, "exit_code", "entry_code", "max_flow_mcm_per_hour", "flow_mcm_published", "source", "loaded_at"]
#: The IEA's country names → ISO 3166 alpha-2 ('XX' = the IEA's "Not Elsewhere Specified").
COUNTRY_CODES = {
    "Ukraine": "UA", "Russia": "RU", "Belarus": "BY", "Moldova": "MD", "Slovak Republic": "SK", "Hungary": "HU",
    "Poland": "PL", "Romania": "RO", "Germany": "DE", "Finland": "FI", "Estonia": "EE", "Latvia": "LV",
    "Lithuania": "LT", "Republic of Türkiye": "TR", "Bulgaria": "BG", "Not Elsewhere Specified": "XX",
}
#: Kept: every row with Ukraine on one side, and the Russian and Belarusian exits (the other routes of Russian gas).
KEEP_EXITS = {"Ukraine", "Russia", "Belarus"}
REQUIRED = ("Borderpoint", "Exit", "Entry")


def import_xls(path: Path) -> pd.DataFrame:
    """The IEA's `Export_GTF_IEA_<yyyymm>.xls` → one row per border point × direction × month.

    Empty cells and text cells are missing, never zero. The file's own note "Data not fully collected between
    April and September 2009" is read and applied: zeros in those months are dropped as not collected (non-zero
    values are kept). Negative values (5 in the 2022-09 edition) are kept as published; the mart does not use them.
    """
    try:
        sheet = pd.read_excel(path, sheet_name="Data", engine="calamine")
    except ValueError as exc:  # no sheet 'Data', or not a spreadsheet
        raise SchemaError(f"iea: {path} is not an IEA Gas Trade Flows export ({exc})") from None
    missing = [c for c in REQUIRED if c not in sheet.columns]
    months = [c for c in sheet.columns if not isinstance(c, str)]
    if missing or not months:
        raise SchemaError(f"iea: {path} is not an IEA Gas Trade Flows export (missing "
                          f"{', '.join(missing) or 'the month columns'})")
    keep = sheet["Exit"].isin(KEEP_EXITS) | sheet["Entry"].eq("Ukraine")
    rows = sheet[keep].rename(columns={"Borderpoint": "border_point", "Exit": "exit_country",
                                       "Entry": "entry_country"})
    max_flow = [c for c in sheet.columns if isinstance(c, str) and c.upper().startswith("MAXFLOW")]
    capacity = pd.to_numeric(rows[max_flow[0]], errors="coerce") if max_flow else None
    rows = rows.copy().assign(max_flow_mcm_per_hour=capacity)
    long = rows.melt(id_vars=["border_point", "exit_country", "entry_country", "max_flow_mcm_per_hour"],
                     value_vars=months, var_name="month", value_name="value")
    long["flow_mcm_published"] = pd.to_numeric(long["value"], errors="coerce")
    long = long[long["flow_mcm_published"].notna()]
    uncollected = not_collected_months(sheet)
    if uncollected:
        long = long[~(pd.to_datetime(long["month"]).isin(uncollected) & long["flow_mcm_published"].eq(0))]
    out = long.assign(
        month=pd.to_datetime(long["month"]).dt.date,
        exit_code=long["exit_country"].map(COUNTRY_CODES),
        entry_code=long["entry_country"].map(COUNTRY_CODES),
        source="iea_gtf",
        loaded_at=now_utc(),
    )
    out["border_point"] = out["border_point"].astype(str).str.strip()
    return out.drop_duplicates(KEY, keep="last")[COLUMNS].reset_index(drop=True)


_NOT_COLLECTED = re.compile(r"not fully collected between (\w+) and (\w+) (\d{4})", re.IGNORECASE)


def not_collected_months(sheet: pd.DataFrame) -> list[pd.Timestamp]:
    """Months a note in the file says were not fully collected ("… between April and September 2009")."""
    months: list[pd.Timestamp] = []
    cells = [*sheet.to_numpy().ravel(), *sheet.columns]
    texts = [v for v in cells if isinstance(v, str)]
    for value in texts:
        match = _NOT_COLLECTED.search(value)
        if match:
            first, last, year = match.groups()
            start = pd.to_datetime(f"1 {first} {year}", format="%d %B %Y")
            end = pd.to_datetime(f"1 {last} {year}", format="%d %B %Y")
            months += list(pd.date_range(start, end, freq="MS"))
    return months


SOURCE = Source(name=NAME, table=TABLE,
                publisher='IEA, Gas Trade Flows',
                licence='IEA terms of use; credit "IEA, Gas Trade Flows"',
                first_day=date(2008, 10, 1), revision_days=0, day_column="month",
                series="one border point in one direction (exit → entry country)",
                snapshot_file="iea_border_monthly.parquet")
