#!/usr/bin/env bash
# Write the lock: uv.lock (one universal resolution of the app, every extra and the build group) and, exported from
# it, the hash-pinned requirement files that scripts/setup_venv.sh installs with pip --require-hashes:
#   locks/app.txt    the dashboard and the ETL       locks/test.txt   + the test extra
#   locks/bench.txt  + the bench extra                locks/build.txt  pip and setuptools (installed first)
# Without arguments it keeps every pinned version and only adds what pyproject.toml newly asks for.
#   bash scripts/lock.sh --upgrade   re-resolves everything to the newest versions pyproject.toml allows;
#                                    then run bash scripts/test.sh before committing the new lock.
# uv resolves (fast, universal, with hashes for every platform's wheels); pip installs, so using the lock needs
# nothing but Python. The uv used here is pinned below and installed into .tools/ on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION="0.13.8"
PY="${PYTHON:-python3}"
if [ ! -x .tools/bin/uv ] || [ "$(.tools/bin/uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  "$PY" -m venv .tools
  .tools/bin/python -m pip install -q "uv==$UV_VERSION"
fi
UV=.tools/bin/uv
case "${1:-}" in
  --upgrade) "$UV" lock --python 3.11 --upgrade ;;
  "") "$UV" lock --python 3.11 ;;
  *) echo "usage: bash scripts/lock.sh [--upgrade]" >&2; exit 2 ;;
esac
mkdir -p locks
export_lock() {  # $1 = file, the rest = what to include
  local out="$1"; shift
  "$UV" export --frozen --quiet --format requirements-txt --hashes --no-emit-project --no-header \
    --no-default-groups "$@" -o "$out"
}
export_lock locks/app.txt
export_lock locks/test.txt --extra test
export_lock locks/bench.txt --extra bench
export_lock locks/build.txt --only-group build
echo "lock written: uv.lock, locks/{app,test,bench,build}.txt ($(grep -c '^name = ' uv.lock) packages)"
