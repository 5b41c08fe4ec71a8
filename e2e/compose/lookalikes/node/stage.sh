# shellcheck shell=bash
# Stages /usr/local for the node recipe: the node binary the tests run (the npm registry's `node`
# package: bin/node, include/node, share), and npm at the version that Node release bundles, as
# the official tarball has it (lib/node_modules/npm, bin/npm and bin/npx linking into it).
node_bin=$(node -p 'require("fs").realpathSync(process.execPath)')
version=$(node -p 'process.versions.node')
major=${version%%.*}
[[ ${TAG%%[.-]*} == "$major" ]] || { echo "node:$TAG is asked for, but the node on PATH is v$version" >&2; exit 1; }
platform=$(ls -d "$(dirname "$node_bin")"/../node_modules/node-linux-* 2>/dev/null | head -n 1)
[[ -d $platform/include/node ]] || { echo "cannot find Node's platform package beside $node_bin" >&2; exit 1; }
# The newest "upgrade npm to X" of the release's changelog is the npm it ships.
npm_version=$(grep -m 1 -o 'upgrade npm to [0-9.]*' "$platform/CHANGELOG.md" | awk '{print $4}')
mkdir -p "$CONTEXT/usr-local/bin"
cp "$node_bin" "$CONTEXT/usr-local/bin/node"
cp -r "$platform/include" "$platform/share" "$CONTEXT/usr-local/"
cp "$platform"/{CHANGELOG.md,LICENSE,README.md} "$CONTEXT/usr-local/"
npm install --global --prefix "$CONTEXT/usr-local" --no-audit --no-fund --loglevel=error "npm@${npm_version:-$major}" >/dev/null
ca=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
if [[ -f $ca ]]; then cp "$ca" "$CONTEXT/host-ca.crt"; else : >"$CONTEXT/host-ca.crt"; fi
printf 'NODE_VERSION=%s\n' "$version" >"$CONTEXT/build-args"
