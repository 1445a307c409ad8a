#!/usr/bin/env bash
# Set up (first time) and start the dashboard on the bundled snapshot. No network or API key needed.
# With network, an ENTSOG backfill runs in the background and the open dashboard picks it up when it is published
# (set UA_GAS_NO_AUTO_REFRESH=1 to skip it). Port: $PORT (default 8501).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_venv.sh ""
if [ ! -f "${UA_GAS_WAREHOUSE:-data/warehouse.duckdb}" ]; then
  .venv/bin/python -m etl rebuild --offline
fi
if [ -z "${UA_GAS_NO_AUTO_REFRESH:-}" ]; then
  echo "Background refresh of ENTSOG flows → data/refresh.log (the dashboard keeps the bundled data if it fails)"
  nohup .venv/bin/python -m etl refresh --source entsog >> data/refresh.log 2>&1 &
fi
exec .venv/bin/streamlit run dashboard/app.py --server.port "${PORT:-8501}" --server.headless true
