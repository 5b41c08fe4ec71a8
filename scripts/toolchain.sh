# shellcheck shell=bash
# Tool installers for scripts/test.sh (Debian, as root). Source this file, then call:
#   ensure_node24   node v24 first on PATH (npm registry's `node@24` package if needed)
#   ensure_redis    redis-server and redis-sentinel (apt)
#   ensure_prometheus prometheus and promtool (apt)
#   ensure_docker   Docker Engine (Debian's docker.io: dockerd, containerd, runc; not started)
#   ensure_compose  Docker Compose v2 as the `docker compose` CLI plugin, built with Go
#   ensure_debootstrap debootstrap (apt), for the look-alike base images of the compose suite
#   ensure_chromium Debian's chromium (apt), the browser the console's browser tests drive; exports CHROMIUM_BIN
#   start_dockerd   a dockerd on /var/run/docker.sock unless one answers there already
#                   (exports HOPTRACE_OWN_DOCKERD=1 when it started one)
#   stop_dockerd    stops the dockerd start_dockerd started, if it did, and nothing else
#   ensure_jaeger   Jaeger v2 binary built from source with Go; exports JAEGER_BIN
#   ensure_kustomize kustomize v5 built with Go; exports KUSTOMIZE_BIN
#   ensure_kubeconform kubeconform built with Go; exports KUBECONFORM_BIN
#   ensure_k8s_openapi the Kubernetes API's OpenAPI spec (swagger.json of the k8s.io/kubernetes module);
#                   exports K8S_OPENAPI_SPEC and K8S_VERSION
#   prepare_local_system [nx run-many options]
#                   all a system run on this machine needs (scripts/local.sh, the benchmark):
#                   node, redis-server, Prometheus, Jaeger, the npm packages if missing, and the Nx builds
# Each is idempotent, silent when the tool is already there, and returns non-zero on failure.
# Downloads and builds are cached under HOPTRACE_CACHE (default ~/.cache/hoptrace).

HOPTRACE_JAEGER_COMMIT=798e4b0fcf22609e381df764a01461affd813e1e # v2.20.0
HOPTRACE_JAEGER_FALLBACK=v1.76.0                                 # == v2.13.0
# The last Compose release this project checked against Debian's Docker Engine 20.10 (API 1.41):
# it builds with BuildKit through its own embedded builder, needing neither buildx nor bake.
HOPTRACE_COMPOSE_VERSION=v2.28.1
# deploy/k8s: rendered with kustomize, validated by kubeconform against schemas made from the
# OpenAPI spec that ships in the Kubernetes module of this version.
HOPTRACE_KUSTOMIZE_VERSION=v5.8.2
HOPTRACE_KUBECONFORM_VERSION=v0.8.0
HOPTRACE_K8S_VERSION=v1.36.3

_hoptrace_cache() {
  printf '%s\n' "${HOPTRACE_CACHE:-$HOME/.cache/hoptrace}"
}

_hoptrace_say() {
  printf 'toolchain: %s\n' "$*" >&2
}

_hoptrace_apt_updated=
_hoptrace_apt_install() {
  if [[ -z $_hoptrace_apt_updated ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    _hoptrace_apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || return 1
}

ensure_node24() {
  [[ $(node --version 2>/dev/null) == v24.* ]] && return 0

  local dir
  dir="$(_hoptrace_cache)/node24"
  if [[ $("$dir/node_modules/.bin/node" --version 2>/dev/null) != v24.* ]]; then
    if ! command -v npm >/dev/null 2>&1; then
      _hoptrace_say "installing npm (apt) to fetch node@24"
      _hoptrace_apt_install npm || return 1
    fi
    _hoptrace_say "installing node@24 from the npm registry into $dir"
    mkdir -p "$dir" || return 1
    (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error node@24 >/dev/null) || {
      _hoptrace_say "npm install node@24 failed" && return 1
    }
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
  hash -r

  local version
  version=$(node --version 2>/dev/null || true)
  if [[ $version != v24.* ]]; then
    _hoptrace_say "expected node v24.x on PATH, got '${version:-none}'"
    return 1
  fi
}

ensure_redis() {
  # redis-sentinel too: the Sentinel harness (libs/testing) runs a primary, a replica and three
  # sentinels with Debian's binaries, as the failover reliability test does.
  if { [[ -n ${REDIS_SERVER_BIN:-} && -x $REDIS_SERVER_BIN ]] || command -v redis-server >/dev/null 2>&1; } \
    && { [[ -n ${REDIS_SENTINEL_BIN:-} && -x $REDIS_SENTINEL_BIN ]] || command -v redis-sentinel >/dev/null 2>&1; }; then
    return 0
  fi
  _hoptrace_say "installing redis-server and redis-sentinel (apt)"
  _hoptrace_apt_install redis-server redis-sentinel || return 1
  # The packages start a system redis on 6379 and a sentinel on 26379; the tests start their own
  # on free ports.
  local unit
  for unit in redis-server redis-sentinel; do
    service "$unit" stop >/dev/null 2>&1 || true
    if command -v systemctl >/dev/null 2>&1; then
      systemctl disable --now "$unit" >/dev/null 2>&1 || true
    fi
  done
  command -v redis-server >/dev/null 2>&1 || { _hoptrace_say "redis-server still missing after apt install" && return 1; }
  command -v redis-sentinel >/dev/null 2>&1 || { _hoptrace_say "redis-sentinel still missing after apt install" && return 1; }
}

ensure_prometheus() {
  if [[ -n ${PROMETHEUS_BIN:-} && -x $PROMETHEUS_BIN ]] || command -v prometheus >/dev/null 2>&1; then
    command -v promtool >/dev/null 2>&1 && return 0
  fi
  _hoptrace_say "installing prometheus and promtool (apt)"
  # Without recommends: prometheus-node-exporter would start a second system service nobody asked for.
  _hoptrace_apt_install prometheus || return 1
  # The package starts a system Prometheus on 9090; the tests start their own on free ports.
  service prometheus stop >/dev/null 2>&1 || true
  if command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || {
    _hoptrace_say "prometheus or promtool still missing after apt install" && return 1
  }
}

ensure_docker() {
  if command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1; then
    return 0
  fi
  _hoptrace_say "installing docker.io (apt)"
  _hoptrace_apt_install docker.io || return 1
  command -v dockerd >/dev/null 2>&1 || { _hoptrace_say "dockerd still missing after apt install" && return 1; }
}

ensure_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && return 0
  _hoptrace_say "installing debootstrap (apt)"
  _hoptrace_apt_install debootstrap || return 1
}

ensure_chromium() {
  if [[ -n ${CHROMIUM_BIN:-} && -x $CHROMIUM_BIN ]]; then
    return 0
  fi
  if ! command -v chromium >/dev/null 2>&1; then
    _hoptrace_say "installing chromium (apt)"
    _hoptrace_apt_install chromium || return 1
  fi
  CHROMIUM_BIN=$(command -v chromium) || { _hoptrace_say "chromium still missing after apt install" && return 1; }
  export CHROMIUM_BIN
}

# The module cache directory of module@version ($1), downloaded from the Go module proxy if need be;
# what `go mod download` says goes to the log $2. Prints nothing when the module cannot be had.
_hoptrace_go_module_dir() {
  local json
  mkdir -p "$(_hoptrace_cache)" || return 1
  json=$(cd "$(_hoptrace_cache)" && go mod download -json "$1" 2>>"$2" || true)
  printf '%s\n' "$json" >>"$2"
  printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p'
}

# The plugin is built from the Go module proxy's source: `go install …/cmd@version` refuses the
# module because its go.mod has exclude directives, so build inside the module's own directory.
ensure_compose() {
  local version=$HOPTRACE_COMPOSE_VERSION cache plugin link dir log
  cache=$(_hoptrace_cache)/compose-$version
  plugin=$cache/docker-compose
  link=${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins/docker-compose
  if [[ ! -x $plugin ]]; then
    if ! command -v go >/dev/null 2>&1; then
      _hoptrace_say "Go is required to build Docker Compose $version but 'go' is not on PATH"
      return 1
    fi
    mkdir -p "$cache" || return 1
    log=$cache/build.log
    dir=$(_hoptrace_go_module_dir "github.com/docker/compose/v2@$version" "$log")
    [[ -n $dir && -d $dir ]] || { _hoptrace_say "cannot download Docker Compose $version (see $log)" && return 1; }
    _hoptrace_say "building Docker Compose $version into $plugin; this takes a few minutes"
    if ! (cd "$dir" && GOFLAGS='-mod=mod -buildvcs=false' go build -trimpath \
      -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$version" -o "$plugin.tmp" ./cmd) >>"$log" 2>&1; then
      rm -f "$plugin.tmp"
      _hoptrace_say "building Docker Compose $version failed; last lines of $log:"
      tail -n 15 "$log" >&2
      return 1
    fi
    mv -f "$plugin.tmp" "$plugin"
  fi
  if [[ $(readlink "$link" 2>/dev/null) != "$plugin" ]]; then
    mkdir -p "$(dirname "$link")" && ln -sfn "$plugin" "$link" || return 1
  fi
  docker compose version >/dev/null 2>&1 || { _hoptrace_say "'docker compose version' fails with $link" && return 1; }
}

_hoptrace_dockerd_pid=
# Starts dockerd unless one already answers on /var/run/docker.sock (another engineer's, or the
# system's): that one is used as it is and never stopped. Fails, saying why, when dockerd does not
# answer within 60 s. Its log: $(_hoptrace_cache)/dockerd.log.
start_dockerd() {
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && return 0
  local log pid i mtu
  log=$(_hoptrace_cache)/dockerd.log
  mkdir -p "$(dirname "$log")" || return 1
  # Containers' packets leave through the host's own route: a bridge MTU above it would drop
  # large TLS records from the package registries on the way back.
  mtu=$(awk '$2 == "00000000" { print $1; exit }' /proc/net/route 2>/dev/null)
  mtu=$(cat "/sys/class/net/${mtu:-eth0}/mtu" 2>/dev/null || echo 1500)
  _hoptrace_say "starting dockerd (log: $log)"
  setsid dockerd --mtu "$mtu" >"$log" 2>&1 </dev/null &
  pid=$!
  for ((i = 0; i < 120; i++)); do
    if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
      _hoptrace_dockerd_pid=$pid
      export HOPTRACE_OWN_DOCKERD=1
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      _hoptrace_say "dockerd exited at start; last lines of $log:"
      tail -n 15 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
  _hoptrace_say "dockerd did not answer within 60 s; stopping it. Last lines of $log:"
  tail -n 15 "$log" >&2
  kill "$pid" 2>/dev/null
  return 1
}

# Leaves a shared dockerd alone: only the one start_dockerd started goes, and only once no container
# of anyone else's runs on it.
stop_dockerd() {
  local pid=$_hoptrace_dockerd_pid i
  [[ -n $pid ]] || return 0
  _hoptrace_dockerd_pid=
  if [[ -n $(docker ps -q 2>/dev/null) ]]; then
    _hoptrace_say "leaving dockerd ($pid) running: containers still run on it"
    return 0
  fi
  kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  _hoptrace_say "dockerd ($pid) did not stop within 30 s"
  return 1
}

# Builds ./cmd/jaeger of jaeger@$1 into $2 (atomically). Jaeger's go.mod has replace
# directives, which `go install pkg@version` refuses, so build inside the module's own
# directory in the module cache instead. Returns 2 if the module cannot be downloaded.
_hoptrace_build_jaeger() {
  local version=$1 out=$2 log=$2.build.log dir
  mkdir -p "$(dirname "$out")" || return 1
  dir=$(_hoptrace_go_module_dir "github.com/jaegertracing/jaeger@$version" "$log")
  [[ -n $dir && -d $dir ]] || return 2
  _hoptrace_say "building Jaeger (jaeger@$version) into $out; this takes several minutes"
  if ! (cd "$dir" && GOFLAGS='-mod=mod -buildvcs=false' go build -o "$out.tmp" ./cmd/jaeger) >>"$log" 2>&1; then
    rm -f "$out.tmp"
    _hoptrace_say "building jaeger@$version failed; last lines of $log:"
    tail -n 15 "$log" >&2
    return 1
  fi
  mv -f "$out.tmp" "$out"
}

_hoptrace_jaeger_from_source() {
  local cache=$1 pinned_dir=$1/jaeger-${HOPTRACE_JAEGER_COMMIT:0:8}
  if ! command -v go >/dev/null 2>&1; then
    _hoptrace_say "Go is required to build Jaeger (go.mod wants go >= 1.24) but 'go' is not on PATH"
    return 1
  fi
  mkdir -p "$pinned_dir" || return 1
  # The straightforward way first; it fails when the module proxy refuses the commit or
  # because of the replace directives, and then the build below takes over.
  if (cd "$pinned_dir" && GOBIN=$pinned_dir go install "github.com/jaegertracing/jaeger/cmd/jaeger@$HOPTRACE_JAEGER_COMMIT") \
    >"$pinned_dir/jaeger.build.log" 2>&1; then
    _hoptrace_say "installed Jaeger (commit ${HOPTRACE_JAEGER_COMMIT:0:8}) with go install"
    return 0
  fi
  local status=0
  _hoptrace_build_jaeger "$HOPTRACE_JAEGER_COMMIT" "$pinned_dir/jaeger" || status=$?
  case $status in
    0) return 0 ;;
    2) _hoptrace_say "pinned Jaeger commit ${HOPTRACE_JAEGER_COMMIT:0:8} not downloadable (see $pinned_dir/jaeger.build.log); falling back to jaeger@$HOPTRACE_JAEGER_FALLBACK" ;;
    *) _hoptrace_say "falling back to jaeger@$HOPTRACE_JAEGER_FALLBACK" ;;
  esac
  local out=$cache/jaeger-$HOPTRACE_JAEGER_FALLBACK/jaeger
  status=0
  _hoptrace_build_jaeger "$HOPTRACE_JAEGER_FALLBACK" "$out" || status=$?
  if [[ $status == 2 ]]; then
    _hoptrace_say "cannot download jaeger@$HOPTRACE_JAEGER_FALLBACK (see $out.build.log)"
  fi
  return "$status"
}

_hoptrace_jaeger_describe() {
  case $1 in
    */jaeger-${HOPTRACE_JAEGER_COMMIT:0:8}/jaeger) echo "Jaeger v2.20.0 (commit ${HOPTRACE_JAEGER_COMMIT:0:8})" ;;
    */jaeger-$HOPTRACE_JAEGER_FALLBACK/jaeger) echo "Jaeger v2.13.0 (jaeger@$HOPTRACE_JAEGER_FALLBACK; pinned commit ${HOPTRACE_JAEGER_COMMIT:0:8} unavailable)" ;;
    *) echo "Jaeger (unknown version)" ;;
  esac
}

ensure_jaeger() {
  local cache pinned fallback
  cache=$(_hoptrace_cache)
  pinned=$cache/jaeger-${HOPTRACE_JAEGER_COMMIT:0:8}/jaeger
  fallback=$cache/jaeger-$HOPTRACE_JAEGER_FALLBACK/jaeger

  if [[ -n ${JAEGER_BIN:-} ]]; then
    if [[ -x $JAEGER_BIN ]]; then
      _hoptrace_say "$(_hoptrace_jaeger_describe "$JAEGER_BIN"): $JAEGER_BIN (from JAEGER_BIN)"
      return 0
    fi
    _hoptrace_say "JAEGER_BIN=$JAEGER_BIN is not an executable; looking for a cached build instead"
  fi

  if [[ ! -x $pinned && ! -x $fallback ]]; then
    mkdir -p "$cache" || return 1
    # Serialize concurrent builds (parallel CI jobs sharing the cache).
    if command -v flock >/dev/null 2>&1; then
      (
        flock 9 || exit 1
        [[ -x $pinned || -x $fallback ]] || _hoptrace_jaeger_from_source "$cache"
      ) 9>"$cache/jaeger.lock" || return 1
    else
      _hoptrace_jaeger_from_source "$cache" || return 1
    fi
  fi

  if [[ -x $pinned ]]; then
    export JAEGER_BIN=$pinned
  elif [[ -x $fallback ]]; then
    export JAEGER_BIN=$fallback
  else
    _hoptrace_say "no Jaeger binary after build attempts"
    return 1
  fi
  _hoptrace_say "$(_hoptrace_jaeger_describe "$JAEGER_BIN"): $JAEGER_BIN"
}

# Builds package $3 of module $1 at version $2 into $4 (atomically), inside the module's own
# directory in the module cache, as ensure_compose does. Cached: does nothing when $4 exists.
_hoptrace_go_tool() {
  local module=$1 version=$2 pkg=$3 out=$4 log=$4.build.log dir
  [[ -x $out ]] && return 0
  if ! command -v go >/dev/null 2>&1; then
    _hoptrace_say "Go is required to build $module $version but 'go' is not on PATH"
    return 1
  fi
  mkdir -p "$(dirname "$out")" || return 1
  dir=$(_hoptrace_go_module_dir "$module@$version" "$log")
  [[ -n $dir && -d $dir ]] || { _hoptrace_say "cannot download $module@$version (see $log)" && return 1; }
  _hoptrace_say "building $module@$version into $out"
  if ! (cd "$dir" && GOFLAGS='-mod=mod -buildvcs=false' go build -trimpath -ldflags '-s -w' -o "$out.tmp" "$pkg") >>"$log" 2>&1; then
    rm -f "$out.tmp"
    _hoptrace_say "building $module@$version failed; last lines of $log:"
    tail -n 15 "$log" >&2
    return 1
  fi
  mv -f "$out.tmp" "$out"
}

ensure_kustomize() {
  local out
  out=$(_hoptrace_cache)/kustomize-$HOPTRACE_KUSTOMIZE_VERSION/kustomize
  _hoptrace_go_tool sigs.k8s.io/kustomize/kustomize/v5 "$HOPTRACE_KUSTOMIZE_VERSION" . "$out" || return 1
  export KUSTOMIZE_BIN=$out
}

ensure_kubeconform() {
  local out
  out=$(_hoptrace_cache)/kubeconform-$HOPTRACE_KUBECONFORM_VERSION/kubeconform
  _hoptrace_go_tool github.com/yannh/kubeconform "$HOPTRACE_KUBECONFORM_VERSION" ./cmd/kubeconform "$out" || return 1
  export KUBECONFORM_BIN=$out
}

# No schema is fetched from anywhere but the Go module proxy: the k8s.io/kubernetes module carries
# the API server's own OpenAPI document (api/openapi-spec/swagger.json), about 19 MB to download.
ensure_k8s_openapi() {
  local dir log
  log=$(_hoptrace_cache)/k8s-openapi-$HOPTRACE_K8S_VERSION.log
  dir=$(_hoptrace_go_module_dir "k8s.io/kubernetes@$HOPTRACE_K8S_VERSION" "$log")
  [[ -n $dir && -f $dir/api/openapi-spec/swagger.json ]] || {
    _hoptrace_say "cannot download k8s.io/kubernetes@$HOPTRACE_K8S_VERSION's OpenAPI spec (see $log)" && return 1
  }
  export K8S_OPENAPI_SPEC=$dir/api/openapi-spec/swagger.json K8S_VERSION=${HOPTRACE_K8S_VERSION#v}
}

prepare_local_system() {
  ensure_node24 && ensure_redis && ensure_prometheus && ensure_jaeger || return 1
  export NX_DAEMON=false NX_NO_CLOUD=true
  [[ -d node_modules ]] || npm ci --no-audit --no-fund || return 1
  npx nx run-many -t build "$@" --parallel=2 --output-style=static
}
