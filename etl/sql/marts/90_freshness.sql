-- mart_source_freshness: per source, the newest day held, rows, and the last successful / failed run.
CREATE OR REPLACE VIEW mart_source_freshness AS
WITH facts AS (  -- one row per registered source and origin, written at publish from the registry
    SELECT source_group, source, rows, first_day, last_day FROM meta_source_coverage
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
