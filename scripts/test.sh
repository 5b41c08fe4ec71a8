#!/usr/bin/env bash
# Runs every test of hoptrace, on a fresh Debian machine as on a developer's: installs what is
# missing (Node 24, npm packages, redis-server, prometheus, the Jaeger v2 binary, Chromium, Docker
# Engine, Docker Compose v2, debootstrap, kustomize, kubeconform, the Kubernetes API's OpenAPI spec),
# then typechecks, unit-tests and builds every project (the alerting rules with promtool and the
# Kubernetes manifests with kustomize and kubeconform included), runs the system tests, which start
# their own Redis, Jaeger and Prometheus on free loopback ports and stop them when they finish, the
# console's browser tests (Debian's Chromium driven by playwright-core, against such a system), and last the
# compose suite, which runs README.md's `docker compose` commands against a real dockerd.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
ensure_node24
ensure_redis
ensure_prometheus
ensure_jaeger
ensure_chromium
ensure_docker
ensure_compose
ensure_debootstrap
# deploy/k8s is rendered and validated by deploy:test (in the run-many below) with these.
ensure_kustomize
ensure_kubeconform
ensure_k8s_openapi

export NX_DAEMON=false NX_NO_CLOUD=true
npm ci --no-audit --no-fund
npx nx run-many -t typecheck test build --parallel=2 --output-style=static
npx nx run system-e2e:e2e --output-style=static
# The web console in a real browser, against the real system: see e2e/console.
npx nx run console-e2e:e2e --output-style=static
# The long tests that break the system on purpose (crashes, Redis restarts, Jaeger outages, fuzzing):
# see docs/reliability.md. Each prints its figures as one JSON line.
npx nx run reliability-e2e:e2e --output-style=static
# README.md's `docker compose` commands, for real: see e2e/compose/run.sh.
npx nx run compose-e2e:e2e --output-style=static
