-- Warehouse schema: facts keep the source's own grain and units, plus `source` and `loaded_at`.
-- Applied on every build (idempotent: IF NOT EXISTS). Marts live in sql/marts/*.sql.

-- ENTSOG Transparency Platform, operationalData, periodType=day. One row per gas day × point × reporting
-- operator × direction (from that operator's view) × indicator. `value` is in `unit`: 'kWh/d' for
-- 'Physical Flow', 'kWh/Nm3' for 'GCV'. Both operators' reports of one physical point are kept; marts resolve them.
CREATE TABLE IF NOT EXISTS fact_entsog_operational (
    gas_day        DATE      NOT NULL,  -- local (Europe/Brussels) date on which the 06:00 gas day starts
    point_key      VARCHAR   NOT NULL,  -- ENTSOG pointKey, e.g. ITP-00117
    operator_key   VARCHAR   NOT NULL,  -- ENTSOG operatorKey, e.g. SK-TSO-0001
    direction_key  VARCHAR   NOT NULL,  -- 'entry' | 'exit' from the reporting operator's view
    indicator      VARCHAR   NOT NULL,  -- 'Physical Flow' | 'GCV'
    value          DOUBLE,              -- NULL = published without a value (distinct from 0)
    unit           VARCHAR   NOT NULL,
    flow_status    VARCHAR,             -- 'Confirmed' | 'Provisional' | NULL (imports that do not carry it)
    point_label    VARCHAR,
    last_update_at TIMESTAMPTZ,
    source         VARCHAR   NOT NULL,  -- 'entsog_api' | 'entsog_export' | 'bruegel_entsog'
    loaded_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (gas_day, point_key, operator_key, direction_key, indicator)
);

-- GIE AGSI+ storage, one row per gas day × area (country code, or 'EU' for the EU aggregate).
CREATE TABLE IF NOT EXISTS fact_agsi_storage (
    gas_day                  DATE    NOT NULL,
    area_code                VARCHAR NOT NULL,  -- 'UA', 'EU', 'SK', …
    area_name                VARCHAR,
    gas_in_storage_twh       DOUBLE,
    working_gas_volume_twh   DOUBLE,
    full_pct                 DOUBLE,
    trend_pct                DOUBLE,            -- percentage points per day
    injection_gwh            DOUBLE,            -- GWh per gas day
    withdrawal_gwh           DOUBLE,
    net_withdrawal_gwh       DOUBLE,
    injection_capacity_gwh   DOUBLE,            -- GWh/d
    withdrawal_capacity_gwh  DOUBLE,            -- GWh/d
    consumption_twh_per_year DOUBLE,            -- AGSI 'consumption' is annual national consumption
    status                   VARCHAR,           -- 'C' confirmed | 'E' estimated | 'N' no data | NULL (website export)
    updated_at               TIMESTAMP,
    source                   VARCHAR NOT NULL,  -- 'agsi_api' | 'agsi_export'
    loaded_at                TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (gas_day, area_code)
);

-- GIE ALSI LNG terminals (or country aggregates), one row per gas day × terminal.
CREATE TABLE IF NOT EXISTS fact_alsi_terminal (
    gas_day              DATE    NOT NULL,
    terminal_key         VARCHAR NOT NULL,   -- facility EIC, or country code for a country aggregate
    country_code         VARCHAR NOT NULL,   -- ALSI spelling (GR for Greece)
    terminal_name        VARCHAR,
    send_out_gwh         DOUBLE,             -- GWh per gas day
    inventory_gwh        DOUBLE,
    inventory_lng_1000m3 DOUBLE,             -- thousand m³ of liquid
    dtmi_gwh             DOUBLE,
    dtrs_gwh             DOUBLE,             -- declared total reference send-out, GWh/d
    status               VARCHAR,
    source               VARCHAR NOT NULL,
    loaded_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (gas_day, terminal_key)
);

-- Eurostat gas statistics (imports by partner, supply balances), one row per dataset × period × geo × partner ×
-- product × balance item × unit. Annual periods are stored as 1 January of the year, with freq = 'A'.
CREATE TABLE IF NOT EXISTS fact_eurostat_gas (
    dataset    VARCHAR NOT NULL,   -- 'nrg_ti_gas', 'nrg_ti_gasm', 'nrg_cb_gas', 'nrg_cb_gasm'
    freq       VARCHAR NOT NULL,   -- 'A' | 'M'
    period     DATE    NOT NULL,
    geo        VARCHAR NOT NULL,   -- reporting country (Eurostat codes: EU27_2020, UA, MD, EL for Greece, …)
    partner    VARCHAR NOT NULL,   -- 'TOTAL', 'RU', … ('TOTAL' for balance items)
    siec       VARCHAR NOT NULL,   -- 'G3000' natural gas, 'G3200' LNG
    nrg_bal    VARCHAR NOT NULL,   -- 'IMP', 'EXP', 'PPRD', 'GIC', …
    unit       VARCHAR NOT NULL,   -- 'TJ_GCV' | 'MIO_M3'
    value      DOUBLE,
    status     VARCHAR,            -- Eurostat flag ('p' provisional, 'e' estimated, …)
    source     VARCHAR NOT NULL,   -- 'eurostat_api' | 'eurostat_export'
    loaded_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dataset, freq, period, geo, partner, siec, nrg_bal, unit)
);

-- Annual gas consumption and production per area (Our World in Data: BP / Energy Institute Statistical Review).
CREATE TABLE IF NOT EXISTS fact_annual_gas (
    year             INTEGER NOT NULL,
    area_code        VARCHAR NOT NULL,   -- 'UA', 'EU', 'RU'
    consumption_twh  DOUBLE,             -- primary energy consumption from gas
    production_twh   DOUBLE,
    source           VARCHAR NOT NULL,   -- 'owid_bp2021' (snapshot) | 'owid_api' (live energy-data)
    loaded_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (year, area_code)
);

-- Route-level daily series (Bruegel's EU imports by route and supplier, computed from ENTSOG): used where no
-- per-point ENTSOG data is held. `flow_mcm_published` is on the publisher's basis (`published_gcv_kwh_per_m3`);
-- marts convert it to energy and to this project's m³ at 20 °C (etl/units.py).
CREATE TABLE IF NOT EXISTS fact_route_daily (
    gas_day                   DATE    NOT NULL,
    series                    VARCHAR NOT NULL,  -- 'ukraine_transit', 'sudzha_entry', 'nord_stream', 'norway', …
    flow_mcm_published        DOUBLE,            -- million m³ per day as published
    published_gcv_kwh_per_m3  DOUBLE  NOT NULL,  -- the publisher's conversion factor (Bruegel: 10.3)
    source                    VARCHAR NOT NULL,  -- 'bruegel_daily'
    loaded_at                 TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (gas_day, series)
);

-- IEA Gas Trade Flows: monthly physical flow per border point and direction, million m³ per month as published
-- (the IEA's m³; marts re-base to 20 °C). Rows with Ukraine on one side, and the exits of Russia and Belarus.
CREATE TABLE IF NOT EXISTS fact_iea_border_monthly (
    month                  DATE    NOT NULL,   -- first day of the month
    border_point           VARCHAR NOT NULL,   -- 'Velke Kapusany', 'Not Elsewhere Specified', …
    exit_country           VARCHAR NOT NULL,   -- as the IEA names it
    entry_country          VARCHAR NOT NULL,
    exit_code              VARCHAR,            -- ISO 3166 alpha-2; 'XX' = not elsewhere specified
    entry_code             VARCHAR,
    max_flow_mcm_per_hour  DOUBLE,
    flow_mcm_published     DOUBLE,             -- million m³ in the month
    source                 VARCHAR NOT NULL,   -- 'iea_gtf'
    loaded_at              TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (month, border_point, exit_country, entry_country)
);

-- Curated reference tables: replaced from data/reference/*.csv on every build.
CREATE TABLE IF NOT EXISTS ref_point (
    point_key            VARCHAR NOT NULL,
    operator_key         VARCHAR NOT NULL,
    direction_key        VARCHAR NOT NULL,
    point_label          VARCHAR,
    physical_point_key   VARCHAR NOT NULL,   -- the physical flow this report measures (legacy + VIP keys share it)
    physical_point_label VARCHAR NOT NULL,
    neighbour_country    VARCHAR NOT NULL,   -- ISO 3166 alpha-2
    flow_direction       VARCHAR NOT NULL,   -- 'to_ua' | 'from_ua' | 'to_eu' (EU entry of a Russian route)
    route                VARCHAR NOT NULL,   -- 'ua_border' or the Russian route into the EU the point belongs to
    priority             INTEGER NOT NULL,   -- 1 best; 2 fallback; 0 never used for flows
    combine              VARCHAR NOT NULL,   -- 'mean' | 'max' of the reports at the best priority
    valid_from           DATE,
    valid_to             DATE,
    note                 VARCHAR,
    PRIMARY KEY (point_key, operator_key, direction_key)
);

CREATE TABLE IF NOT EXISTS ref_lng_cargo (
    cargo_id            VARCHAR PRIMARY KEY,
    record_type         VARCHAR NOT NULL,    -- delivery | contract | agreement
    delivered_on        DATE,                -- first day of the reported date (NULL when unreported)
    date_reported       VARCHAR,             -- the date as reported (may be a month or a range)
    buyer               VARCHAR NOT NULL,
    seller              VARCHAR,
    volume_reported     VARCHAR,
    volume_mcm          DOUBLE,
    vessel              VARCHAR,
    origin_country      VARCHAR,
    load_origin         VARCHAR,
    regas_terminal      VARCHAR,
    regas_country       VARCHAR,
    route_to_ua         VARCHAR,
    source_url          VARCHAR NOT NULL,    -- first source; all sources in source_urls
    source_urls         VARCHAR NOT NULL,
    notes               VARCHAR,
    notes_uk            VARCHAR              -- the notes in Ukrainian (the dashboard's uk pages)
);

CREATE TABLE IF NOT EXISTS ref_event (
    event_id    VARCHAR PRIMARY KEY,
    event_date  DATE    NOT NULL,
    category    VARCHAR NOT NULL,
    title       VARCHAR NOT NULL,
    description VARCHAR,
    source_url  VARCHAR NOT NULL,
    title_uk       VARCHAR,    -- Ukrainian texts (required in the CSV; nullable here so older warehouses migrate)
    description_uk VARCHAR
);

CREATE TABLE IF NOT EXISTS ref_storage_target (
    target_id     VARCHAR PRIMARY KEY,
    area_code     VARCHAR NOT NULL,
    year          INTEGER,             -- NULL = every year the regulation applies
    target_month  INTEGER NOT NULL,
    target_day    INTEGER NOT NULL,
    full_pct      DOUBLE  NOT NULL,
    legal_basis   VARCHAR NOT NULL,
    source_url    VARCHAR NOT NULL,
    note          VARCHAR
);

-- Annual figures published by the Ukrainian TSO (Ukrtransgaz, then GTSOU), to cross-check the warehouse.
CREATE TABLE IF NOT EXISTS ref_gtsou_annual (
    check_id   VARCHAR PRIMARY KEY,
    year       INTEGER NOT NULL,
    measure    VARCHAR NOT NULL,       -- 'transit' (out of Ukraine) | 'imports' (into Ukraine from EU/MD)
    country    VARCHAR NOT NULL,       -- neighbour, 'EU' (SK+HU+PL+RO) or 'ALL' (EU + MD)
    bcm        DOUBLE  NOT NULL,
    source_url VARCHAR NOT NULL,
    note       VARCHAR,
    why        VARCHAR                 -- why the warehouse differs, where that is known
);

-- Ukraine's storage as reported by Naftogaz, Ukrtransgaz, the TSO, the government or ExPro (sourced; AGSI+ holds
-- Ukraine only with a key). `counts` says what the figure includes (buffer gas, non-residents' gas).
CREATE TABLE IF NOT EXISTS ref_ua_storage_reported (
    report_id     VARCHAR PRIMARY KEY,
    as_of         DATE    NOT NULL,
    date_reported VARCHAR NOT NULL,
    measure       VARCHAR NOT NULL,    -- 'stock' | 'season_withdrawal' | 'season_used_in_ukraine'
    value_bcm     DOUBLE  NOT NULL,    -- as reported (billion m³; Ukrainian reporting is at 20 °C)
    qualifier     VARCHAR NOT NULL,    -- 'exact' | 'about' | 'more_than'
    counts        VARCHAR NOT NULL,
    reported_by   VARCHAR NOT NULL,
    source_url    VARCHAR NOT NULL,
    note          VARCHAR,
    counts_uk      VARCHAR,    -- counts and reported_by in Ukrainian
    reported_by_uk VARCHAR
);

-- Names and colours of countries, routes and suppliers: one vocabulary for every chart and table.
CREATE TABLE IF NOT EXISTS ref_label (
    code   VARCHAR NOT NULL,
    kind   VARCHAR NOT NULL,   -- 'country' | 'route' | 'supplier'
    name   VARCHAR NOT NULL,
    colour VARCHAR NOT NULL,   -- #rrggbb
    name_uk VARCHAR,           -- the name in Ukrainian
    PRIMARY KEY (code, kind)
);

-- Dependence indicators: title, unit, formula, sources and caveats (the Methodology page).
CREATE TABLE IF NOT EXISTS ref_indicator (
    indicator VARCHAR PRIMARY KEY,
    title     VARCHAR NOT NULL,
    unit      VARCHAR NOT NULL,
    grain     VARCHAR NOT NULL,
    formula   VARCHAR NOT NULL,
    sources   VARCHAR NOT NULL,
    caveats   VARCHAR,
    -- the same in Ukrainian (the Methodology page in uk)
    title_uk   VARCHAR,
    unit_uk    VARCHAR,
    grain_uk   VARCHAR,
    formula_uk VARCHAR,
    sources_uk VARCHAR,
    caveats_uk VARCHAR
);

-- Run log: every refresh / rebuild / import, one row per source and step.
CREATE SEQUENCE IF NOT EXISTS etl_run_seq;
CREATE TABLE IF NOT EXISTS etl_run (
    run_id       BIGINT PRIMARY KEY DEFAULT nextval('etl_run_seq'),
    command      VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    window_from  DATE,
    window_to    DATE,
    rows_loaded  BIGINT,
    requests     INTEGER,
    status       VARCHAR NOT NULL,     -- 'ok' | 'failed' | 'skipped' (keyed source without a key)
    error        VARCHAR
);

-- What gap-aware refreshes asked and got an answer for: (source, series, month). A month answered after its
-- revision window is final — days the source did not publish stay listed as holes but are not asked again.
CREATE TABLE IF NOT EXISTS etl_fetch_log (
    source       VARCHAR NOT NULL,
    series       VARCHAR NOT NULL,
    month        DATE    NOT NULL,     -- first day of the calendar month asked
    answered_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, series, month)
);

-- Data-quality findings of the checks run after each load.
CREATE TABLE IF NOT EXISTS quality_check (
    run_id     BIGINT,
    source     VARCHAR NOT NULL,
    check_name VARCHAR NOT NULL,
    severity   VARCHAR NOT NULL,       -- 'info' | 'warning' | 'error'
    subject    VARCHAR,
    detail     VARCHAR,
    checked_at TIMESTAMPTZ NOT NULL
);

-- Per source and origin: rows, first and newest day held — written at every publish from the source registry
-- (etl/sources/__init__.py), read by mart_source_freshness and `status`.
CREATE TABLE IF NOT EXISTS meta_source_coverage (
    source_group VARCHAR NOT NULL,   -- the registered source ('entsog', 'agsi', …)
    source       VARCHAR,            -- the origin of the rows ('entsog_api', 'bruegel_entsog', …)
    rows         BIGINT,
    first_day    DATE,
    last_day     DATE
);

-- What each publish changed (etl/changes.py): one row per change, and a 'none' row when nothing did.
CREATE TABLE IF NOT EXISTS change_digest (
    publish_id   INTEGER NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    kind         VARCHAR NOT NULL,   -- 'days_added' | 'revised' | 'flow_jump' | 'storage_target' | 'stale' | 'none'
    source       VARCHAR,
    subject      VARCHAR,
    detail       VARCHAR NOT NULL,   -- the sentence shown to people, with figures
    value        DOUBLE,
    link         VARCHAR,            -- the dashboard view that shows it
    facts        VARCHAR             -- JSON: the sentence's figures, so the dashboard can say it in Ukrainian too
);

-- Snapshot metadata: what the bundled data covers and when it was built.
CREATE TABLE IF NOT EXISTS meta_snapshot (
    table_name  VARCHAR PRIMARY KEY,
    source      VARCHAR,
    rows        BIGINT,
    first_day   DATE,
    last_day    DATE,
    built_at    TIMESTAMPTZ
);

-- Which checkout built this warehouse (etl.warehouse.code_fingerprint: schema, marts, curated files), written at
-- every publish; the dashboard republishes a warehouse whose fingerprint differs, keeping every row.
CREATE TABLE IF NOT EXISTS meta_build (
    fingerprint VARCHAR NOT NULL,
    built_at    TIMESTAMPTZ NOT NULL
);

-- Strikes on Ukraine's energy assets, one row per reported strike or night's wave (data/reference/energy_strikes.csv).
CREATE TABLE IF NOT EXISTS ref_energy_strike (
    strike_id                 VARCHAR PRIMARY KEY,
    strike_date               DATE    NOT NULL,  -- the night/day of the strike (local)
    asset_kind                VARCHAR NOT NULL,  -- gas_production | gas_storage | gas_transmission | thermal_generation |
                                                 -- hydro_generation | nuclear_related | grid_substations | oil_refining
    operator                  VARCHAR,           -- Naftogaz, Ukrenergo, DTEK, … as the page names it; NULL = not stated
    oblasts                   VARCHAR,           -- '; '-separated oblast names as reported
    effect                    VARCHAR NOT NULL,  -- what the page reports, one sentence
    effect_uk                 VARCHAR NOT NULL,
    share_production_lost_pct DOUBLE,            -- only where the page gives it (whose production: see effect)
    mw_lost                   DOUBLE,
    customers_cut             DOUBLE,            -- consumers/customers cut as reported (people or households: see effect)
    source_url                VARCHAR NOT NULL,
    quote                     VARCHAR NOT NULL   -- the page's words the row rests on
);

-- Ukraine's monthly electricity imports/exports as reported (commercial trade, mostly ExPro and DiXi/Energy Map).
CREATE TABLE IF NOT EXISTS ref_power_trade_reported (
    report_id         VARCHAR PRIMARY KEY,
    month             VARCHAR NOT NULL,  -- YYYY-MM
    neighbour_country VARCHAR NOT NULL,  -- PL | SK | HU | RO | MD | TOTAL (only the total reported)
    direction         VARCHAR NOT NULL,  -- to_ua (imports) | from_ua (exports)
    energy_gwh        DOUBLE  NOT NULL,  -- as reported, scaled to GWh (1 GWh = 1,000 MWh)
    qualifier         VARCHAR NOT NULL,  -- exact | about | more_than | less_than
    basis             VARCHAR NOT NULL,  -- commercial | physical | not_stated (as the page says)
    reported_by       VARCHAR NOT NULL,
    reported_by_uk    VARCHAR NOT NULL,
    source_url        VARCHAR NOT NULL,
    quote             VARCHAR NOT NULL,
    note              VARCHAR
);

-- A neighbour's share of Ukraine's monthly electricity imports/exports, as reported (ExPro mostly gives shares, not
-- volumes): mart_power_imports_monthly turns a share into GWh only against the same reporter's total of that month.
CREATE TABLE IF NOT EXISTS ref_power_trade_share (
    share_id          VARCHAR PRIMARY KEY,
    month             VARCHAR NOT NULL,  -- YYYY-MM
    neighbour_country VARCHAR NOT NULL,  -- PL | SK | HU | RO | MD
    direction         VARCHAR NOT NULL,  -- to_ua (imports) | from_ua (exports)
    share_pct         DOUBLE  NOT NULL,  -- of the month's total in that direction, as the page states it
    qualifier         VARCHAR NOT NULL,  -- exact | about | more_than | less_than
    reported_by       VARCHAR NOT NULL,  -- whose total the share is of (matched to ref_power_trade_reported)
    reported_by_uk    VARCHAR NOT NULL,
    source_url        VARCHAR NOT NULL,
    quote             VARCHAR NOT NULL,
    note              VARCHAR
);

-- A month's total as a reported change against an earlier month ("twice as much as in February", "+2.5 %"): where
-- the earlier month's own total was not found, mart_power_imports_monthly back-computes it from the stated one.
CREATE TABLE IF NOT EXISTS ref_power_trade_change (
    change_id      VARCHAR PRIMARY KEY,
    month          VARCHAR NOT NULL,  -- YYYY-MM: the month whose total the page states
    direction      VARCHAR NOT NULL,  -- to_ua | from_ua
    compared_month VARCHAR NOT NULL,  -- YYYY-MM: the month it is compared with
    factor         DOUBLE  NOT NULL,  -- total(month) = factor × total(compared_month): +11 % → 1.11, "10 times less" → 0.1
    reported_by    VARCHAR NOT NULL,  -- whose stated total the change is of (matched to ref_power_trade_reported)
    reported_by_uk VARCHAR NOT NULL,
    source_url     VARCHAR NOT NULL,
    quote          VARCHAR NOT NULL,
    note           VARCHAR
);

-- Steps of the ENTSO-E limit on electricity imports into (and exports from) Ukraine and Moldova.
CREATE TABLE IF NOT EXISTS ref_power_import_limit (
    step_id        VARCHAR PRIMARY KEY,
    effective_date DATE    NOT NULL,  -- the day the limit took effect (month-only announcements: the 1st, see note)
    direction      VARCHAR NOT NULL,  -- import | export
    limit_mw       DOUBLE  NOT NULL,
    qualifier      VARCHAR NOT NULL,
    decided_by     VARCHAR NOT NULL,
    source_url     VARCHAR NOT NULL,
    quote          VARCHAR NOT NULL,
    note           VARCHAR
);

-- Ukraine's own reported gas figures (TSO, Naftogaz, ExPro, ministries): production, imports, consumption, storage
-- targets and stocks. Imports to 2024 are commercial (virtual reverse netted against transit): never physical flows.
CREATE TABLE IF NOT EXISTS ref_ua_gas_reported (
    report_id         VARCHAR PRIMARY KEY,
    series            VARCHAR NOT NULL,  -- production | imports | consumption | storage_target |
                                         -- storage_target_imported | storage_stock
    period            VARCHAR NOT NULL,  -- YYYY, YYYY-Qn, YYYY-MM, YYYY/YY (season), YYYY-MM-DD, or a from/to range
    period_grain      VARCHAR NOT NULL,  -- year | quarter | month | season | day | ytd | partial_month
    neighbour_country VARCHAR NOT NULL,  -- TOTAL | HU | SK | PL | MD (Trans-Balkan route via Romania/Moldova)
    value_bcm         DOUBLE  NOT NULL,  -- as reported, billion m³ (Ukrainian reporting is at 20 °C)
    qualifier         VARCHAR NOT NULL,
    measure           VARCHAR NOT NULL,  -- commercial | physical | not_stated (as the page says or the period implies)
    scope             VARCHAR,           -- national | naftogaz_group | ukrgazvydobuvannya | …
    reported_by       VARCHAR NOT NULL,
    reported_by_uk    VARCHAR NOT NULL,
    source_url        VARCHAR NOT NULL,
    quote             VARCHAR NOT NULL,
    note              VARCHAR
);

-- ENTSO-E Transparency Platform, cross-border physical flows (documentType A11, [12.1.G]) on Ukraine's borders,
-- one row per UTC hour × neighbour × direction × basis. Asked with bidding-zone EICs (the country-border /
-- control-area pair can answer zeros while the bidding-zone pair carries the flow — Electricity Maps #6799).
CREATE TABLE IF NOT EXISTS fact_entsoe_flow (
    hour_utc          TIMESTAMP NOT NULL,  -- start of the hour, UTC; PT15M values are averaged to the hour (all 4 needed, else NULL)
    neighbour_country VARCHAR   NOT NULL,  -- PL, SK, HU, RO, MD
    direction         VARCHAR   NOT NULL,  -- 'to_ua' | 'from_ua'
    mw                DOUBLE,              -- mean MW over the hour; NULL = not published (never 0 for missing)
    basis             VARCHAR   NOT NULL,  -- 'physical' (A11) | 'commercial' (A09 scheduled exchanges)
    domain_pair       VARCHAR   NOT NULL,  -- the EIC in_Domain>out_Domain the value came from (bidding zone vs control area trap)
    source            VARCHAR   NOT NULL,  -- 'entsoe_api'
    loaded_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hour_utc, neighbour_country, direction, basis)
);

-- Energy-Charts (Fraunhofer ISE) /cbpf?country=ua: cross-border physical flows of Ukraine, one row per UTC hour ×
-- neighbour × direction × basis. The API gives one net series per border (GW, + = import into Ukraine), split here
-- into to_ua / from_ua, so at most one of the two directions is non-zero in an interval (unlike ENTSO-E's A11).
CREATE TABLE IF NOT EXISTS fact_energy_charts_flow (
    hour_utc          TIMESTAMP NOT NULL,  -- start of the hour, UTC; 15-min values are averaged to the hour (full coverage needed, else NULL)
    neighbour_country VARCHAR   NOT NULL,  -- PL, SK, HU, RO, MD (Belarus and Russia are not kept)
    direction         VARCHAR   NOT NULL,  -- 'to_ua' | 'from_ua'
    mw                DOUBLE,              -- mean MW over the hour (GW × 1000); NULL = not published (never 0 for missing)
    basis             VARCHAR   NOT NULL,  -- 'physical' (/cbpf)
    source            VARCHAR   NOT NULL,  -- 'energy_charts_api'
    loaded_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hour_utc, neighbour_country, direction, basis)
);

-- Missiles and drones launched at Ukraine and shot down per day (Air Force reports, compiled in the open dataset
-- "Massive Missile Attacks on Ukraine"; CC BY-NC-SA 4.0 — see etl/sources/air_attacks.py). Regions, not assets.
CREATE TABLE IF NOT EXISTS fact_air_attack_daily (
    day               DATE    NOT NULL PRIMARY KEY,  -- the day an attack started (Kyiv time as published)
    launched          DOUBLE,   -- missiles + drones launched that day; NULL = not given
    destroyed         DOUBLE,   -- shot down or suppressed
    launched_drones   DOUBLE,   -- of launched: rows whose every model is a drone (Shahed-type, UAV)
    launched_missiles DOUBLE,   -- of launched: the other rows (missiles, or mixed rows)
    reports           INTEGER NOT NULL,  -- dataset rows summed into the day
    source            VARCHAR NOT NULL,
    loaded_at         TIMESTAMPTZ NOT NULL
);

-- Ukraine's yearly electricity balance (Ember via Our World in Data), one row per year × item, TWh. Items:
-- generation by source (coal, gas, oil, nuclear, hydro, wind, solar, bioenergy, other_renewables), generation (the
-- total), demand, net_imports (imports − exports). Ember publishes no Ukraine data after 2022.
CREATE TABLE IF NOT EXISTS fact_annual_power (
    year      INTEGER NOT NULL,
    area_code VARCHAR NOT NULL,
    item      VARCHAR NOT NULL,
    twh       DOUBLE  NOT NULL,
    source    VARCHAR NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (year, area_code, item)
);
