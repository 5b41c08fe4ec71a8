#!/usr/bin/env bash
# The benchmark (issue 6): builds the services, then runs tools/bench/src/main.ts, which starts the
# system locally once per compared setup (real redis-server and Jaeger on loopback) and drives
# POST /v1/charges with autocannon. The systems on another transport than BullMQ run the services
# from tools/bench's own entries (dist/tools/bench), which alone know those transports. Results: tmp/bench/results.{md,json}, and BENCHMARKS.md's table.
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
prepare_local_system --projects=gateway,billing,payment-processor,notifier,facilitator,bench
exec npx tsx --tsconfig tsconfig.base.json tools/bench/src/main.ts
