# shellcheck shell=bash
# Stages the Jaeger binary the test command built ($JAEGER_BIN, from scripts/toolchain.sh's
# ensure_jaeger) and the sampling strategies file of the same module version.
[[ -x ${JAEGER_BIN:-} ]] || { echo "JAEGER_BIN is not set to a Jaeger binary (source scripts/toolchain.sh; ensure_jaeger)" >&2; exit 1; }
cp "$JAEGER_BIN" "$CONTEXT/jaeger-linux"
# shellcheck source=scripts/toolchain.sh
source "$ROOT/scripts/toolchain.sh"
case $JAEGER_BIN in
  */jaeger-$HOPTRACE_JAEGER_FALLBACK/jaeger) version=$HOPTRACE_JAEGER_FALLBACK ;;
  *) version=$HOPTRACE_JAEGER_COMMIT ;;
esac
dir=$(_hoptrace_go_module_dir "github.com/jaegertracing/jaeger@$version" /dev/null)
[[ -n $dir ]] || { echo "cannot download jaeger@$version for its sampling strategies" >&2; exit 1; }
cp "$dir/cmd/jaeger/sampling-strategies.json" "$CONTEXT/"
