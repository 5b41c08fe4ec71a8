#!/usr/bin/env bash
# The compose suite (`npx nx run compose-e2e:e2e`, run by scripts/test.sh): installs what it needs
# (Docker Engine, Compose v2, debootstrap, the Jaeger binary), starts dockerd unless one answers
# already, builds the look-alike base images (e2e/compose/lookalikes), runs the jest suite, and
# stops the dockerd it started, if it did.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
ensure_node24
ensure_docker
ensure_compose
ensure_debootstrap
ensure_jaeger
start_dockerd
trap stop_dockerd EXIT
bash e2e/compose/lookalikes/build.sh
npx jest --config e2e/compose/jest.config.cjs --runInBand
