"""Parse + load of a year of hourly ENTSO-E A11 flows on Ukraine's five borders (8 760 points × 5 borders × 2
directions = 87 600 points in 10 documents), against a baseline timed in the same process on the same bytes.

The bodies are synthetic, written in the documented shape of a ``Publication_MarketDocument`` (research/api_bodies.md
§B; no real body could be copied under a licence). entsoe-py is not installed, so the baseline is the naive parse a
first connector would write: ``ElementTree`` with namespace-qualified ``findall`` per Point, one Python dict per
point, a DataFrame of every point, then pandas ``resample('h').mean()`` per series — no A03 forward-fill, no
coverage rule, no load. Ours also loads the rows into DuckDB (an upsert into fact_entsoe_flow), the baseline does not.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import duckdb
import numpy as np
import pandas as pd

from bench.parse_load import best_of
from etl.sources import RawResponse, entsoe
from etl.warehouse import apply_sql, upsert

NS = "urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:0"


def _z(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def publication_xml(in_domain: str, out_domain: str, periods: list[tuple[datetime, datetime, str, dict[int, float]]],
                    curve: str = "A01", doc_type: str = "A11", namespace: str = NS) -> str:
    """A Publication_MarketDocument in the documented shape; ``periods`` = (start, end, resolution, {position:
    MW}) — positions left out are left out of the XML (A01: a gap; A03: the previous value holds)."""
    start, end = periods[0][0], periods[-1][1]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<Publication_MarketDocument xmlns="{namespace}">',
        "\t<mRID>0f6a2b2c4d5e6f708192a3b4c5d6e7f8</mRID>",
        "\t<revisionNumber>1</revisionNumber>",
        f"\t<type>{doc_type}</type>",
        '\t<sender_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</sender_MarketParticipant.mRID>',
        "\t<sender_MarketParticipant.marketRole.type>A32</sender_MarketParticipant.marketRole.type>",
        '\t<receiver_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</receiver_MarketParticipant.mRID>',
        "\t<receiver_MarketParticipant.marketRole.type>A33</receiver_MarketParticipant.marketRole.type>",
        "\t<createdDateTime>2024-07-01T10:16:52Z</createdDateTime>",
        "\t<period.timeInterval>",
        f"\t\t<start>{_z(start)}</start>",
        f"\t\t<end>{_z(end)}</end>",
        "\t</period.timeInterval>",
        "\t<TimeSeries>",
        "\t\t<mRID>1</mRID>",
        "\t\t<businessType>A66</businessType>",
        f'\t\t<in_Domain.mRID codingScheme="A01">{in_domain}</in_Domain.mRID>',
        f'\t\t<out_Domain.mRID codingScheme="A01">{out_domain}</out_Domain.mRID>',
        "\t\t<quantity_Measure_Unit.name>MAW</quantity_Measure_Unit.name>",
        f"\t\t<curveType>{curve}</curveType>",
    ]
    for p_start, p_end, resolution, points in periods:
        lines += ["\t\t<Period>", "\t\t\t<timeInterval>", f"\t\t\t\t<start>{_z(p_start)}</start>",
                  f"\t\t\t\t<end>{_z(p_end)}</end>", "\t\t\t</timeInterval>",
                  f"\t\t\t<resolution>{resolution}</resolution>"]
        for position, quantity in sorted(points.items()):
            q = f"{quantity:g}" if quantity == int(quantity) else f"{quantity:.4f}".rstrip("0")
            lines += ["\t\t\t<Point>", f"\t\t\t\t<position>{position}</position>",
                      f"\t\t\t\t<quantity>{q}</quantity>", "\t\t\t</Point>"]
        lines.append("\t\t</Period>")
    lines += ["\t</TimeSeries>", "</Publication_MarketDocument>", ""]
    return "\n".join(lines)


def year_bodies(year: int = 2023, hours: int = 8760) -> list[tuple[str, str]]:
    """(public URL, XML) for every border × direction: one Period of ``hours`` hourly A01 points each."""
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = start + timedelta(hours=hours)
    rng = np.random.default_rng(7)
    out = []
    for eic in entsoe.NEIGHBOURS.values():
        for receiving, sending in ((entsoe.UA_BZN, eic), (eic, entsoe.UA_BZN)):
            values = np.round(rng.uniform(0, 1200, hours), 1)
            points = {i + 1: float(v) for i, v in enumerate(values)}
            url = (f"{entsoe.BASE_URL}?documentType=A11&in_Domain={receiving}&out_Domain={sending}"
                   f"&periodStart={entsoe.stamp(start)}&periodEnd={entsoe.stamp(end)}")
            out.append((url, publication_xml(receiving, sending, [(start, end, "PT60M", points)])))
    return out


def _ours(bodies: list[tuple[str, str]], con: duckdb.DuckDBPyConnection) -> int:
    con.execute(f"DELETE FROM {entsoe.TABLE}")
    frame = pd.concat([entsoe.parse(RawResponse(url, text)) for url, text in bodies], ignore_index=True)
    return upsert(con, entsoe.TABLE, frame)


def _naive(bodies: list[tuple[str, str]]) -> int:
    """Per-point ElementTree findall with the namespace spelled out, a dict per point, resample per series."""
    ns = {"d": NS}
    rows = 0
    for _url, text in bodies:
        root = ET.fromstring(text)
        for series in root.findall("d:TimeSeries", ns):
            records = []
            for period in series.findall("d:Period", ns):
                start = pd.Timestamp(period.find("d:timeInterval/d:start", ns).text)
                step = pd.Timedelta(minutes=int(period.find("d:resolution", ns).text[2:-1]))
                for point in period.findall("d:Point", ns):
                    position = int(point.find("d:position", ns).text)
                    records.append({"t": start + (position - 1) * step,
                                    "mw": float(point.find("d:quantity", ns).text)})
            frame = pd.DataFrame(records).set_index("t")
            rows += len(frame.resample("h").mean())
    return rows




def run(scale: str = "full", repeat: int = 3) -> list[dict]:
    """One row: points, ours (parse + upsert), the naive baseline (parse only), ratio baseline / ours."""
    hours = {"smoke": 48, "full": 8760}[scale]
    bodies = year_bodies(hours=hours)
    con = duckdb.connect()
    apply_sql(con)
    ours_s = best_of(lambda: _ours(bodies, con), repeat)
    base_s = best_of(lambda: _naive(bodies), repeat)
    points = hours * len(bodies)
    return [{"bench": "power parse+load", "connector": "entsoe A11", "rows": points, "ours_s": ours_s,
             "rows_per_s": points / ours_s, "baseline": "naive ElementTree per-point parse + resample",
             "baseline_s": base_s, "ratio": base_s / ours_s}]


if __name__ == "__main__":
    for row in run():
        print(row)
