#!/usr/bin/env bash
# Starts the whole system as local processes, without Docker: redis-server, Jaeger and Prometheus on free
# loopback ports, the five services and the web console built by Nx, the gateway on http://localhost:3000
# and the console on http://localhost:8080.
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
prepare_local_system
exec npx tsx --tsconfig tsconfig.base.json tools/local.ts
