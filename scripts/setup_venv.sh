# Sourced by dashboard.sh, test.sh and bench.sh: create .venv and install exactly the lock for "$1" (app when empty,
# test, bench), hash-checked, then the project itself without dependencies. Reinstalls when the lock or
# pyproject.toml changed since the last install. Needs python3 >= 3.11 with venv. The lock is written by
# scripts/lock.sh (see there how to upgrade); a release elsewhere changes nothing here until a new lock is committed.
PY="${PYTHON:-python3}"
LOCK_NAME="${1:-app}"
LOCK="locks/${LOCK_NAME}.txt"
if [ ! -f "$LOCK" ]; then
  echo "setup_venv: no lock $LOCK (choose app, test or bench; bash scripts/lock.sh writes them)" >&2
  return 2 2>/dev/null || exit 2
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
STAMP=".venv/.installed-${LOCK_NAME}"
if [ ! -f "$STAMP" ] || [ "$LOCK" -nt "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ] || [ locks/build.txt -nt "$STAMP" ]; then
  export PIP_DISABLE_PIP_VERSION_CHECK=1
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r locks/build.txt
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r "$LOCK"
  # setuptools' notice that an editable install reads the work tree is what we want here: keep it off the screen
  PYTHONWARNINGS="ignore:Editable installation:UserWarning" \
    .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  touch "$STAMP"
fi
