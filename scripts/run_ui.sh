#!/usr/bin/env bash
# Starts the chat UI on http://127.0.0.1:8000 (override with HOST/PORT). Run from anywhere:
# Chainlit reads .chainlit/config.toml, public/ and chainlit.md from the repo root.
# The warehouse must exist ($CDM_HOME/warehouse.duckdb; `make run` builds it when missing).
set -euo pipefail
# Sign-in uses the users file ($CDM_USERS or $CDM_HOME/users.yml): `make run` writes the demo users
# only when none exists; `cdm users add` creates real accounts.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CHAINLIT_APP_ROOT="$ROOT"
export CDM_HOME="${CDM_HOME:-.cdm}"
export CDM_PUBLIC_URL="${CDM_PUBLIC_URL:-http://${HOST:-127.0.0.1}:${PORT:-8000}}"  # the only allowed origin
export ANONYMIZED_TELEMETRY="${ANONYMIZED_TELEMETRY:-False}"
exec "$ROOT/.venv/bin/chainlit" run cdm/chat_app.py --headless --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
