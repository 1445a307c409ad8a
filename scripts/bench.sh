#!/usr/bin/env bash
# Set up (first time, with the public clients used as baselines) and run every benchmark.
# Prints the tables and writes bench/results/latest.json. Arguments go to `python -m bench` (--quick, --skip-browser).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_venv.sh bench
exec .venv/bin/python -m bench "$@"
