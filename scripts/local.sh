#!/usr/bin/env bash
# Starts the whole system as local processes, without Docker: redis-server and Jaeger on free
# loopback ports, the four services built by Nx, and the gateway on http://localhost:3000.
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
ensure_node24
ensure_redis
ensure_jaeger

export NX_DAEMON=false NX_NO_CLOUD=true
[[ -d node_modules ]] || npm ci --no-audit --no-fund
npx nx run-many -t build --parallel=2 --output-style=static
exec npx tsx --tsconfig tsconfig.base.json tools/local.ts
