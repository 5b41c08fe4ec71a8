#!/usr/bin/env bash
# The benchmark (issue 6): builds the services, then runs tools/bench/src/main.ts, which starts the
# system locally once per compared setup (real redis-server and Jaeger on loopback) and drives
# POST /v1/charges with autocannon. Results: tmp/bench/results.{md,json}, and BENCHMARKS.md's table.
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
ensure_node24
ensure_redis
ensure_jaeger

export NX_DAEMON=false NX_NO_CLOUD=true
[[ -d node_modules ]] || npm ci --no-audit --no-fund
npx nx run-many -t build --projects=gateway,billing,payment-processor,notifier --parallel=2 --output-style=static
exec npx tsx --tsconfig tsconfig.base.json tools/bench/src/main.ts
