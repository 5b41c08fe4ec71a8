#!/usr/bin/env bash
# Runs every test of hoptrace, on a fresh Debian machine as on a developer's: installs what is
# missing (Node 24, npm packages, redis-server, prometheus, docker-compose, the Jaeger v2 binary),
# then typechecks, unit-tests and builds every project (the alerting rules with promtool included),
# and runs the system tests, which start their own Redis, Jaeger and Prometheus on free loopback
# ports and stop them when they finish.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
ensure_node24
ensure_redis
ensure_prometheus
ensure_compose
ensure_jaeger

export NX_DAEMON=false NX_NO_CLOUD=true
npm ci --no-audit --no-fund
npx nx run-many -t typecheck test build --parallel=2 --output-style=static
npx nx run system-e2e:e2e --output-style=static
# The long tests that break the system on purpose (crashes, Redis restarts, Jaeger outages, fuzzing):
# see docs/reliability.md. Each prints its figures as one JSON line.
npx nx run reliability-e2e:e2e --output-style=static
