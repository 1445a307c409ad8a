-- mart_source_freshness: per source, the newest day held, rows, and the last successful / failed run.
CREATE OR REPLACE VIEW mart_source_freshness AS
WITH facts AS (
    -- newest day of FLOWS: capacity intervals are published ahead and would make a source look fresher than it is
    SELECT 'entsog' AS source_group, source, count(*) AS rows, min(gas_day) AS first_day,
           max(gas_day) FILTER (WHERE indicator = 'Physical Flow') AS last_day
    FROM fact_entsog_operational GROUP BY source
    UNION ALL
    SELECT 'agsi', source, count(*), min(gas_day), max(gas_day) FROM fact_agsi_storage GROUP BY source
    UNION ALL
    SELECT 'alsi', source, count(*), min(gas_day), max(gas_day) FROM fact_alsi_terminal GROUP BY source
    UNION ALL
    SELECT 'eurostat', source, count(*), min(period), max(period) FROM fact_eurostat_gas GROUP BY source
    UNION ALL
    SELECT 'owid', source, count(*), make_date(min(year), 1, 1), make_date(max(year), 1, 1)
    FROM fact_annual_gas GROUP BY source
    UNION ALL
    SELECT 'bruegel', source, count(*), min(gas_day), max(gas_day) FROM fact_route_daily GROUP BY source
),
runs AS (  -- refreshes only: replays and rebuilds reload what was fetched before
    SELECT source,
           max(finished_at) FILTER (WHERE status = 'ok') AS last_success_at,
           max(finished_at) FILTER (WHERE status = 'failed') AS last_failure_at,
           arg_max(error, finished_at) FILTER (WHERE status = 'failed') AS last_error
    FROM etl_run WHERE command = 'refresh' GROUP BY source
)
SELECT coalesce(f.source_group, r.source) AS source_group, coalesce(f.source, '(no rows yet)') AS source,
       coalesce(f.rows, 0) AS rows, f.first_day, f.last_day,
       r.last_success_at, r.last_failure_at, r.last_error
FROM facts f FULL JOIN runs r
     ON r.source = f.source_group;
