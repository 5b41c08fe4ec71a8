#!/usr/bin/env bash
# Renders every overlay of deploy/k8s with kustomize and validates every object against the
# Kubernetes API's own schema (kubeconform, strict, with schemas made from the OpenAPI document of
# the k8s.io/kubernetes module: nothing is fetched but Go modules). Also checks that the checks can
# fail: the production overlay must not render without its secrets, and every manifest of
# test/invalid must be rejected. Writes the renders to $K8S_RENDER_DIR (default tmp/k8s).
#   bash deploy/k8s/validate.sh            (npx nx run deploy:validate)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
ensure_node24
ensure_kustomize
ensure_kubeconform
ensure_k8s_openapi

out=${K8S_RENDER_DIR:-$root/tmp/k8s}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out" && mkdir -p "$out"

started=$(date +%s%N)
node deploy/k8s/tools/openapi-to-jsonschema.mjs "$K8S_OPENAPI_SPEC" "$work/schemas" >&2
schemas="$work/schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json"

# No -ignore-missing-schemas: an object of a kind the API does not know is an error, not a skip.
conform() {
  "$KUBECONFORM_BIN" -strict -summary -kubernetes-version "$K8S_VERSION" -schema-location "$schemas" "$@"
}

echo "kustomize $HOPTRACE_KUSTOMIZE_VERSION, kubeconform $HOPTRACE_KUBECONFORM_VERSION, Kubernetes API $HOPTRACE_K8S_VERSION"

# Production's secrets are the operator's: without them nothing renders.
if "$KUSTOMIZE_BIN" build deploy/k8s/overlays/production >"$work/unrendered.yaml" 2>"$work/unrendered.err"; then
  echo "FAIL: the production overlay rendered without its secrets (secrets/*.env)" >&2
  exit 1
fi
echo "ok: production does not render without its secrets ($(grep -o 'secrets/[a-z-]*\.env' "$work/unrendered.err" | head -1) missing)"

# A copy of the tree, with throwaway secrets of the right shape, to render production as deployed.
mkdir -p "$work/tree/deploy"
cp -r deploy/k8s "$work/tree/deploy/k8s"
cp -r observability "$work/tree/observability"
secrets=$work/tree/deploy/k8s/overlays/production/secrets
rm -rf "$secrets" && mkdir -p "$secrets"
echo "CARD_VAULT_KEY=$(node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))")" >"$secrets/card-vault.env"
echo "WEBHOOK_SECRETS_KEY=$(node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))")" >"$secrets/webhook-secrets.env"
echo "API_KEYS=[{\"id\":\"key_orders\",\"key\":\"sk_live_$(node -e "process.stdout.write(require('crypto').randomBytes(16).toString('hex'))")\",\"customer\":\"cus_demo\",\"permissions\":[\"charges:write\"]}]" >"$secrets/api-keys.env"

"$KUSTOMIZE_BIN" build deploy/k8s/overlays/demo >"$out/demo.yaml"
"$KUSTOMIZE_BIN" build "$work/tree/deploy/k8s/overlays/production" >"$out/production.yaml"
rendered=$(date +%s%N)

for overlay in demo production; do
  printf '%s: ' "$overlay"
  conform "$out/$overlay.yaml"
done

# The validator must reject what the API server would: each of these is wrong in one way.
for invalid in deploy/k8s/test/invalid/*.yaml; do
  if conform "$invalid" >"$work/invalid.out" 2>&1; then
    echo "FAIL: $invalid was accepted:" >&2
    cat "$work/invalid.out" >&2
    exit 1
  fi
  echo "ok: rejected $(basename "$invalid"): $(grep -m1 -o " - at '.*\|could not find schema.*" "$work/invalid.out" | sed 's/^ - //' | cut -c1-160)"
done
finished=$(date +%s%N)
echo "k8s manifests: render $(((rendered - started) / 1000000)) ms, validate $(((finished - rendered) / 1000000)) ms"
