#!/usr/bin/env bash
# Set up (first time) and start the dashboard on the bundled snapshot. No network or API key needed.
# A scheduler runs beside it (every source it can reach, now and at 10:15 and 20:15; log data/refresh.log) and
# stops with the dashboard; the open dashboard picks up each publish. UA_GAS_NO_AUTO_REFRESH=1 skips it; cron or
# systemd can run refreshes instead (the warehouse lock keeps them from overlapping). Port: $PORT (default 8501).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_venv.sh app
if [ ! -f "${UA_GAS_WAREHOUSE:-data/warehouse.duckdb}" ]; then
  .venv/bin/python -m etl rebuild --offline
fi
if [ -z "${UA_GAS_NO_AUTO_REFRESH:-}" ]; then
  echo "Scheduled refresh (now, then ${UA_GAS_REFRESH_AT:-10:15,20:15}) → data/refresh.log; the dashboard keeps the last good data if a run fails"
  nohup .venv/bin/python -m etl schedule --run-now --parent $$ --at "${UA_GAS_REFRESH_AT:-10:15,20:15}" \
    >> data/refresh.log 2>&1 &
fi
# python -m dashboard = streamlit run dashboard/app.py, with imports and the warehouse warmed while the server starts
exec .venv/bin/python -m dashboard --server.port "${PORT:-8501}" --server.headless true
