#!/usr/bin/env bash
# Builds local look-alikes of the public images hoptrace's Dockerfile and docker-compose.yml name,
# under exactly the names they give (node:24-bookworm-slim, redis:7.4-alpine, ...), for machines
# that reach no container registry. Each is made from a Debian rootfs built here with debootstrap
# and packages from Debian or the npm registry, shaped like the official image: same paths, user,
# entrypoint and defaults. README.md ("The compose suite") lists how each still differs.
#
#   bash e2e/compose/lookalikes/build.sh            the images the project names
#   bash e2e/compose/lookalikes/build.sh REF...     these (e.g. prom/prometheus:v2.42.0)
#
# An image that already exists under a name is kept when it is the real one (no look-alike label)
# or a look-alike of this very recipe; HOPTRACE_LOOKALIKES_REBUILD=1 rebuilds every look-alike.
# Needs root, a running dockerd, debootstrap, node (and go for the Jaeger recipe's sources).
#
# Adding an image: a folder here with its Dockerfile (FROM hoptrace-lookalike/debian:bookworm-slim),
# optionally a stage.sh that copies what the build context needs, and one line in RECIPES.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)

# Repository (the name before the tag) -> recipe folder.
declare -A RECIPES=(
  [node]=node
  [redis]=redis
  [jaegertracing/jaeger]=jaeger
  [prom/prometheus]=prometheus
  [haproxy]=haproxy
)
BASE=hoptrace-lookalike/debian:bookworm-slim
LABEL=org.hoptrace.lookalike
MIRROR=${HOPTRACE_DEBIAN_MIRROR:-http://deb.debian.org/debian}

say() { printf 'lookalikes: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hoptrace-lookalikes.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The label an existing image carries: empty for an image that is not a look-alike.
label_of() { docker image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null || true; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Keep, or say why not: 0 when $1 need not be built for recipe hash $2.
up_to_date() {
  local ref=$1 hash=$2 have
  exists "$ref" || return 1
  have=$(label_of "$ref")
  if [[ -z $have || $have == '<no value>' ]]; then
    say "$ref exists and is not a look-alike: using it as it is"
    return 0
  fi
  [[ ${HOPTRACE_LOOKALIKES_REBUILD:-} != 1 && $have == "$hash" ]]
}

# Everything a recipe is made from, as one hash: the builder, the base image, the recipe, the staged inputs.
recipe_hash() {
  local folder=$1 context=$2
  {
    cat "$here/build.sh"
    [[ $folder == debian ]] || docker image inspect --format '{{.Id}}' "$BASE"
    find "$here/$folder" "$context" -type f -print0 | sort -z | xargs -0 sha256sum | sed "s#$context#ctx#; s#$here#here#"
  } | sha256sum | cut -c1-16
}

# debian:bookworm-slim, as the official image is made (debuerreotype): a minbase debootstrap with
# documentation, manuals and translations left out of every later package install, apt's caches
# cleaned after each, and services never started by a package's install.
build_base() {
  local hash rootfs=$work/rootfs
  hash=$(recipe_hash debian "$here/debian")
  if up_to_date "$BASE" "$hash"; then return 0; fi
  command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
  say "debootstrap bookworm (minbase) from $MIRROR"
  if ! debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
    tail -n 20 "$work/debootstrap.log" >&2
    die "debootstrap failed"
  fi
  cp -r "$here/debian/rootfs/." "$rootfs/"
  chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
  rm -f "$rootfs/etc/apt/sources.list" "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
  sed -i "s#@MIRROR@#$MIRROR#" "$rootfs/etc/apt/sources.list.d/debian.sources"
  # What the dpkg excludes would have left out, had they been there from the start.
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$rootfs"/usr/share/{man,info,groff,lintian,linda}/* "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log "$rootfs"/tmp/*
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  local previous
  previous=$(docker image inspect --format '{{.Id}}' "$BASE" 2>/dev/null || true)
  tar -C "$rootfs" --numeric-owner -c . |
    docker import --change 'CMD ["bash"]' --change "LABEL $LABEL=$hash" - "$BASE" >/dev/null
  [[ -z $previous ]] || docker image rm "$previous" >/dev/null 2>&1 || true
  say "built $BASE"
}

build_one() {
  local ref=$1 repository=${1%:*} tag=${1##*:} folder context hash
  [[ $ref == *:* ]] || { repository=$ref; tag=latest; }
  folder=${RECIPES[$repository]:-}
  [[ -n $folder ]] || die "no look-alike recipe for $ref: add one to $here (see the top of build.sh)"
  context=$work/$folder
  mkdir -p "$context"
  cp -r "$here/$folder/." "$context/"
  if [[ -f $here/$folder/stage.sh ]]; then
    rm -f "$context/stage.sh"
    # shellcheck source=/dev/null
    (TAG=$tag CONTEXT=$context ROOT=$root source "$here/$folder/stage.sh") || die "staging the $folder recipe for $ref failed"
  fi
  hash=$(recipe_hash "$folder" "$context")
  if up_to_date "$ref" "$hash"; then return 0; fi
  say "building $ref (recipe $folder)"
  local previous started=$SECONDS
  previous=$(docker image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true) args=(--build-arg "TAG=$tag")
  # A recipe's stage.sh may add build arguments, one KEY=VALUE a line.
  if [[ -f $context/build-args ]]; then
    while IFS= read -r arg; do args+=(--build-arg "$arg"); done <"$context/build-args"
  fi
  if ! DOCKER_BUILDKIT=0 docker build --quiet "${args[@]}" --label "$LABEL=$hash" -t "$ref" "$context" >"$work/$folder.log" 2>&1; then
    tail -n 30 "$work/$folder.log" >&2
    die "building $ref failed"
  fi
  [[ -z $previous ]] || docker image rm "$previous" >/dev/null 2>&1 || true
  say "built $ref in $((SECONDS - started)) s"
}

docker info >/dev/null 2>&1 || die "no Docker engine answers (start dockerd first)"
if [[ $# -gt 0 ]]; then
  refs=("$@")
else
  mapfile -t refs < <(node "$here/images.cjs" "$root")
fi
[[ ${#refs[@]} -gt 0 ]] || die "no image named by the project"
build_base
for ref in "${refs[@]}"; do build_one "$ref"; done
