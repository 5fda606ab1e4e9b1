#!/usr/bin/env bash
# The second README command: every test, on SQLite and on PostgreSQL, plus the
# import-linter contract. PostgreSQL is reached through SURGEOPS_TEST_POSTGRES_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export SURGEOPS_TEST_POSTGRES_URL=${SURGEOPS_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}

if ! command -v pg_isready >/dev/null || ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "starting the local PostgreSQL cluster" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi

# System tools the tests drive: Debian's chromium (browser tests) and poppler-utils
# (pdftoppm renders a situation report's first page).
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v pdftoppm >/dev/null || missing="$missing poppler-utils"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing$missing from Debian's packages" >&2
  # shellcheck disable=SC2086
  (apt-get install -y -q $missing >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $missing >/dev/null; }) \
    || echo "could not install$missing" >&2
fi

echo "== lint (pyflakes rules) and import contracts" >&2
.venv/bin/ruff check src tests bench
.venv/bin/lint-imports --no-cache
echo "== tests" >&2
.venv/bin/python -m pytest "$@"
