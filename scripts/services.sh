#!/usr/bin/env bash
# Install (if missing) the services the test suite drives. Each service script is
# idempotent and quick when the service is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in scripts/service-*.sh; do
  [ -e "$script" ] || continue
  bash "$script" install
done
