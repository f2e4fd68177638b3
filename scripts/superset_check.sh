#!/usr/bin/env bash
# Superset acceptance: a real Superset, in a virtual environment of its own, reads the published views.
#
# Usage: scripts/superset_check.sh PUBLISHED_DUCKDB [WORK_DIR]
#
# Installs apache-superset and duckdb-engine into WORK_DIR/venv (never the project's), boots Superset
# on 127.0.0.1 with a SQLite metadata database, registers the published database read-only, adds
# every v_* view as a dataset, runs a chart query on v_indicators and a search_sentences query in SQL
# Lab through the REST API, printing the rows it got back. Exits non-zero when any step fails.
set -euo pipefail
published=$(realpath "$1")
work=${2:-$(mktemp -d -t baogao-superset-XXXXXX)}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
if [ ! -x "$work/venv/bin/superset" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q -c "$here/superset-constraints.txt" apache-superset duckdb-engine duckdb \
    rich cachetools flask-caching
fi
rm -f "$work/superset.db"  # a fresh metadata database each run
export SUPERSET_CONFIG_PATH="$work/superset_config.py"
cat > "$SUPERSET_CONFIG_PATH" <<CONFIG
SECRET_KEY = "baogao-acceptance-$(date +%s)"
SQLALCHEMY_DATABASE_URI = "sqlite:///$work/superset.db"
PREVENT_UNSAFE_DB_CONNECTIONS = False
FEATURE_FLAGS = {}
CONFIG
export FLASK_APP=superset SUPERSET_HOME="$work/home"
sup="$work/venv/bin/superset"
step() { echo "superset_check: $1 failed, see $2" >&2; tail -20 "$2" >&2; exit 1; }
"$sup" db upgrade >"$work/upgrade.log" 2>&1 || step "db upgrade" "$work/upgrade.log"
"$sup" fab create-admin --username admin --firstname a --lastname b --email admin@localhost --password admin \
  >"$work/admin.log" 2>&1 || step "create-admin" "$work/admin.log"
"$sup" init >"$work/init.log" 2>&1 || step "init" "$work/init.log"
port=$("$work/venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$sup" run -h 127.0.0.1 -p "$port" --with-threads >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
"$work/venv/bin/python" "$here/superset_check.py" "http://127.0.0.1:$port" "$published"
