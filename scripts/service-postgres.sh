#!/usr/bin/env bash
# Installs PostgreSQL for the store tests; the tests start their own throwaway cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/postgres.sh "${1:-install}"
