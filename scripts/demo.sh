#!/usr/bin/env bash
# The first README command: build the demo database (SQLite) and serve it on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/surgeops demo "$@"
